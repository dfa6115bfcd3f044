package io.zmq4j.cli;

import io.zmq4j.codegen.JavaGenerator;
import io.zmq4j.codegen.ModelException;
import io.zmq4j.codegen.ModelReader;
import io.zmq4j.codegen.ProtoModel;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code zmq4j generate --model M.xml --out DIR [--package P]}: writes the Java codec for each
 * zproto model under DIR (package directories created), as the Maven plugin's {@code generate}
 * goal does, and prints the path of each file written. Exit 2 for a usage or model error (one
 * line naming file and line), 1 when a file cannot be written. A missing include is a warning.
 */
@Command(name = "generate", mixinStandardHelpOptions = true, versionProvider = Zmq4jCli.Version.class,
        header = "Generate Java codecs from zproto models.",
        description = "Write the Java codec of each zproto model (--model, repeatable) under DIR, in package P "
                + "(default: the model's name, e.g. zproto_example), and print the path of each file written.")
final class GenerateCommand implements Callable<Integer> {
    private static final Pattern PACKAGE = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");

    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "M.xml", description = "A zproto model (XML); repeatable.")
    List<Path> models = new ArrayList<>();

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "The source root to write into.")
    Path out;

    @Option(names = {"-p", "--package"}, paramLabel = "P",
            description = "The Java package of the generated code. Default: the model's name in lower case.")
    String packageName;

    @Override
    public Integer call() {
        if (packageName != null && !PACKAGE.matcher(packageName).matches()) {
            throw usage("invalid value for option '--package': '" + packageName + "' is not a Java package name");
        }
        List<ProtoModel> read = new ArrayList<>();
        PrintWriter err = spec.commandLine().getErr();
        for (Path model : models) {
            try {
                ProtoModel m = ModelReader.read(model);
                m.warnings().forEach(w -> err.println(Zmq4jCli.oneLine(w)));
                read.add(m);
            } catch (ModelException e) {
                throw usage("bad model: " + e.getMessage());
            }
        }
        err.flush();
        PrintWriter stdout = spec.commandLine().getOut();
        for (ProtoModel m : read) {
            String pkg = packageName != null ? packageName : defaultPackage(m.name());
            try {
                stdout.println(JavaGenerator.write(m, pkg, out));
            } catch (ModelException e) {
                throw usage("bad model: " + e.getMessage());
            } catch (UncheckedIOException e) {
                throw new CliFailure(e.getMessage() + ": " + e.getCause().getMessage());
            }
        }
        stdout.flush();
        return Zmq4jCli.OK;
    }

    /** A package name from a model name: lower case, anything but letters, digits and _ as _. */
    static String defaultPackage(String modelName) {
        String p = modelName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return p.isEmpty() || Character.isDigit(p.charAt(0)) ? "_" + p : p;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
