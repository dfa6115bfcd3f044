package io.zmq4j.cli;

import io.zmq4j.Certificate;
import io.zmq4j.CurveKeyPair;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code zmq4j keygen}: generates a CURVE keypair and prints {@code public: Z85} and
 * {@code secret: Z85}; with {@code --out NAME} also writes CZMQ's certificate pair {@code NAME}
 * (public) and {@code NAME_secret} (both keys, owner-only where the file system allows).
 */
@Command(name = "keygen", mixinStandardHelpOptions = true, versionProvider = Zmq4jCli.Version.class,
        header = "Generate a CURVE keypair.",
        description = "Generate a CURVE keypair and print 'public: Z85' and 'secret: Z85' lines; with --out NAME "
                + "also write the certificate pair NAME and NAME_secret in CZMQ's format (zcert).")
final class KeygenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--out"}, paramLabel = "NAME",
            description = "Also write the public certificate NAME and the secret certificate NAME_secret.")
    Path out;

    @Override
    public Integer call() {
        if (out != null && out.toString().isEmpty()) {
            throw new ParameterException(spec.commandLine(), "invalid value for option '--out': must not be empty");
        }
        CurveKeyPair pair = CurveKeyPair.generate();
        try {
            if (out != null) {
                try {
                    Certificate.of(pair).save(out);
                } catch (IOException | RuntimeException e) {
                    PrintWriter err = spec.commandLine().getErr();
                    err.println(Zmq4jCli.prefix(spec.commandLine()) + "cannot write " + out + " and " + out + "_secret: "
                            + Zmq4jCli.oneLine(e.toString()));
                    err.flush();
                    return Zmq4jCli.FAILURE;
                }
            }
            PrintWriter o = spec.commandLine().getOut();
            o.print("public: " + pair.publicZ85() + "\n");
            o.print("secret: " + pair.secretZ85() + "\n");
            o.flush();
            return Zmq4jCli.OK;
        } finally {
            pair.erase();
        }
    }
}
