package io.zmq4j.cli;

import io.zmq4j.codegen.ClientGenerator;
import io.zmq4j.codegen.Diagram;
import io.zmq4j.codegen.JavaGenerator;
import io.zmq4j.codegen.ModelException;
import io.zmq4j.codegen.ModelReader;
import io.zmq4j.codegen.ProtoModel;
import io.zmq4j.codegen.ServerGenerator;
import io.zmq4j.codegen.StateModel;
import io.zmq4j.codegen.StateModelReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
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
 * {@code zmq4j generate --model M.xml --out DIR [--package P] [--skeleton SRC] [--diagram]}: writes
 * the Java codec for each zproto codec model, the engine (and API) of each server (client) model
 * plus its skeleton once, under DIR (package directories created), and prints the path of each
 * file written; {@code --diagram} adds each state machine as Graphviz DOT. Exit 2 for a usage or model error (one
 * line naming file and line), 1 when a file cannot be written. A missing include is a warning.
 */
@Command(name = "generate", mixinStandardHelpOptions = true, versionProvider = Zmq4jCli.Version.class,
        header = "Generate Java codecs, servers and clients from zproto models.",
        description = "Write the Java codec of each zproto codec model (--model, repeatable), the engine of each"
                + " server model and the engine and API of each client model under DIR, in package P (default: the"
                + " codec's name, e.g. zproto_example), with the skeleton of a server or client (its actions, your"
                + " code) written once and never overwritten; print the path of each file written.")
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

    @Option(names = {"-s", "--skeleton"}, paramLabel = "SRC",
            description = "Where a server's or client's skeleton (the actions, your code) is written once and then"
                    + " never overwritten. Default: DIR.")
    Path skeleton;

    @Option(names = "--diagram",
            description = "Also write each server and client state machine as Graphviz DOT (NAME.dot in DIR), and"
                    + " as SVG when the dot program is installed.")
    boolean diagram;

    @Override
    public Integer call() {
        if (packageName != null && !PACKAGE.matcher(packageName).matches()) {
            throw usage("invalid value for option '--package': '" + packageName + "' is not a Java package name");
        }
        List<Object> read = new ArrayList<>();
        PrintWriter err = spec.commandLine().getErr();
        for (Path model : models) {
            try {
                if (StateModelReader.kindOf(StateModelReader.scriptOf(model)) != null) {
                    StateModel m = StateModelReader.read(model);
                    m.warnings().forEach(w -> err.println(Zmq4jCli.oneLine(w)));
                    read.add(m);
                } else {
                    ProtoModel m = ModelReader.read(model);
                    m.warnings().forEach(w -> err.println(Zmq4jCli.oneLine(w)));
                    read.add(m);
                }
            } catch (ModelException e) {
                throw usage("bad model: " + e.getMessage());
            }
        }
        err.flush();
        PrintWriter stdout = spec.commandLine().getOut();
        Path skeletonRoot = skeleton != null ? skeleton : out;
        for (Object o : read) {
            try {
                if (o instanceof ProtoModel) {
                    ProtoModel m = (ProtoModel) o;
                    stdout.println(JavaGenerator.write(m, packageName != null ? packageName : defaultPackage(m.name()), out));
                    continue;
                }
                StateModel m = (StateModel) o;
                // A server or client lives beside its codec: default to the protocol's package.
                String pkg = packageName != null ? packageName : defaultPackage(m.protocol().name());
                Path kept;
                if (m.kind() == StateModel.Kind.SERVER) {
                    stdout.println(ServerGenerator.writeEngine(m, pkg, out));
                    kept = ServerGenerator.writeSkeleton(m, pkg, skeletonRoot);
                } else {
                    for (Path p : ClientGenerator.write(m, pkg, out)) {
                        stdout.println(p);
                    }
                    kept = ClientGenerator.writeSkeleton(m, pkg, skeletonRoot);
                }
                if (kept != null) {
                    stdout.println(kept);
                } else {
                    err.println("zmq4j generate: the skeleton of " + m.name() + " exists in " + skeletonRoot
                            + "; left as it is");
                }
                if (diagram) {
                    writeDiagram(m, stdout, err);
                }
            } catch (ModelException e) {
                throw usage("bad model: " + e.getMessage());
            } catch (UncheckedIOException e) {
                throw new CliFailure(e.getMessage() + ": " + e.getCause().getMessage());
            }
        }
        err.flush();
        stdout.flush();
        return Zmq4jCli.OK;
    }

    private void writeDiagram(StateModel m, PrintWriter stdout, PrintWriter err) {
        Path dot = out.resolve(m.name() + ".dot");
        try {
            Files.createDirectories(out);
            Files.writeString(dot, Diagram.dot(m));
        } catch (IOException e) {
            throw new CliFailure("cannot write " + dot + ": " + e.getMessage());
        }
        stdout.println(dot);
        Path svg = out.resolve(m.name() + ".svg");
        try {
            Process p = new ProcessBuilder("dot", "-Tsvg", "-o", svg.toString(), dot.toString())
                    .redirectErrorStream(true).start();
            p.getInputStream().transferTo(OutputStream.nullOutputStream());
            if (p.waitFor() == 0) {
                stdout.println(svg);
            } else {
                err.println("zmq4j generate: dot failed on " + dot + "; only the DOT file was written");
            }
        } catch (IOException e) {
            // No Graphviz here: the DOT file is the diagram.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
