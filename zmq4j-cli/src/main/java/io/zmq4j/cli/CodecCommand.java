package io.zmq4j.cli;

import io.zmq4j.codegen.JsonCodec;
import io.zmq4j.codegen.ModelException;
import io.zmq4j.codegen.ModelReader;
import io.zmq4j.codegen.ProtoModel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code zmq4j codec encode|decode --model M.xml}: converts between JSON Lines messages of a
 * zproto model and their ZeroMQ frames (a JSON array of lower-case hex strings), with
 * {@link JsonCodec}. Exit 0 when every line converted, 1 when any line failed (its output line
 * is {@code {"error": "..."}}), 2 for a usage or model error. A missing include is a warning.
 */
@Command(name = "codec", mixinStandardHelpOptions = true, versionProvider = Zmq4jCli.Version.class,
        header = "Encode and decode zproto messages as JSON Lines.",
        description = "Encode JSON messages of a zproto model into ZeroMQ frames, or decode frames back, one line "
                + "at a time (in the spirit of protoc --encode/--decode).",
        subcommands = {CodecCommand.Encode.class, CodecCommand.Decode.class})
final class CodecCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @ParentCommand
    Zmq4jCli root;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: expected encode or decode (see zmq4j codec --help)");
    }

    /** What encode and decode share: the model option, reading it, and the exit rules. */
    abstract static class Direction implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ParentCommand
        CodecCommand codec;

        @Option(names = {"-m", "--model"}, required = true, paramLabel = "M.xml", description = "The zproto model (XML).")
        Path model;

        abstract JsonCodec.Mode mode();

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            ProtoModel m;
            try {
                m = ModelReader.read(model);
            } catch (ModelException e) {
                throw new ParameterException(spec.commandLine(), "bad model: " + e.getMessage());
            } catch (UncheckedIOException e) {
                throw new ParameterException(spec.commandLine(), "cannot read model " + model + ": " + e.getMessage());
            }
            for (String warning : m.warnings()) {
                err.println(Zmq4jCli.oneLine(warning));
            }
            err.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(codec.root.in(), StandardCharsets.UTF_8));
            PrintWriter out = spec.commandLine().getOut();
            try {
                int status = new JsonCodec(m).run(in, out, mode());
                out.flush();
                if (out.checkError()) {
                    throw new CliFailure("cannot write to standard output (closed?)");
                }
                return status;
            } catch (UncheckedIOException e) {
                throw new CliFailure("cannot read standard input: " + e.getMessage());
            }
        }
    }

    @Command(name = "encode", mixinStandardHelpOptions = true, versionProvider = Zmq4jCli.Version.class,
            header = "JSON messages on stdin to JSON arrays of hex frames on stdout.",
            description = "Reads one message per line, {\"message\": NAME, \"fields\": {FIELD: VALUE, ...}}, and prints "
                    + "for each a JSON array of the encoded frames as lower-case hex (no routing id), or "
                    + "{\"error\": \"...\"}. Exit 0 all lines ok, 1 some line failed, 2 usage or model error.")
    static final class Encode extends Direction {
        @Override
        JsonCodec.Mode mode() {
            return JsonCodec.Mode.ENCODE;
        }
    }

    @Command(name = "decode", mixinStandardHelpOptions = true, versionProvider = Zmq4jCli.Version.class,
            header = "JSON arrays of hex frames on stdin to JSON messages on stdout.",
            description = "Reads lines each holding a JSON array of hex frames and prints for each "
                    + "{\"message\": NAME, \"fields\": {...}} with every field (constants included), or "
                    + "{\"error\": \"...\"}. Exit 0 all lines ok, 1 some line failed, 2 usage or model error.")
    static final class Decode extends Direction {
        @Override
        JsonCodec.Mode mode() {
            return JsonCodec.Mode.DECODE;
        }
    }
}
