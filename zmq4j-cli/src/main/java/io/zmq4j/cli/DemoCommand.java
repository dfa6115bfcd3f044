package io.zmq4j.cli;

import io.zmq4j.examples.RouterDealerEcho;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code zmq4j demo}: the ROUTER/DEALER echo over tcp from the examples module
 * ({@link RouterDealerEcho#run}), printing each step on standard output.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Zmq4jCli.Version.class,
        header = "Run a ROUTER/DEALER echo over tcp and print what it does.",
        description = "Binds a ROUTER echo server to tcp://127.0.0.1:* (a free port), connects a DEALER client, "
                + "sends --count requests and prints every step (the examples module's RouterDealerEcho).")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "3", description = "Round trips to make. Default: ${DEFAULT-VALUE}.")
    int count;

    @Override
    public Integer call() throws Exception {
        if (count < 1) {
            throw new ParameterException(spec.commandLine(), "invalid value for option '--count': " + count + " (must be 1 or more)");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (PrintStream ps = new PrintStream(new LineWriterStream(out), true, StandardCharsets.UTF_8)) {
            RouterDealerEcho.run(ps, count);
        } catch (TimeoutException e) {
            throw new CliFailure("the demo timed out");
        }
        out.flush();
        return Zmq4jCli.OK;
    }

    /** Bytes to a Writer, decoded as UTF-8 a line at a time (PrintStream serialises the writers). */
    static final class LineWriterStream extends OutputStream {
        private final PrintWriter out;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineWriterStream(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void write(int b) {
            line.write(b);
            if (b == '\n') {
                flush();
            }
        }

        @Override
        public void flush() {
            if (line.size() > 0) {
                out.write(line.toString(StandardCharsets.UTF_8));
                line.reset();
            }
            out.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
