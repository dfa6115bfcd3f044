package io.zmq4j.cli;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code zmq4j} command. Each subcommand is its own class, listed in {@code subcommands};
 * socket-based ones extend {@link SocketCommand} and share {@link SocketOptions}.
 *
 * <p>Exit codes: 0 success, 1 timeout or runtime failure, 2 usage error (one line on stderr).
 *
 * <p>Run it in-process with {@link #run(String[], InputStream, PrintWriter, PrintWriter)} or
 * build the picocli {@link CommandLine} with {@link #commandLine}.
 */
@Command(name = "zmq4j",
        mixinStandardHelpOptions = true,
        versionProvider = Zmq4jCli.Version.class,
        description = "Send, receive, echo and proxy ZeroMQ messages (ZMTP 3.1, interoperable with libzmq); encode, "
                + "decode and generate zproto codecs; run a demo (also in a browser, over WebSocket); generate CURVE keys.",
        subcommands = {SendCommand.class, RecvCommand.class, EchoCommand.class, ProxyCommand.class, CodecCommand.class,
            GenerateCommand.class, DemoCommand.class, WsDemoCommand.class, KeygenCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit status: 0 success, 1 timeout or runtime failure, 2 usage error."})
public final class Zmq4jCli implements Runnable {
    /** Exit status of a successful run. */
    public static final int OK = 0;
    /** Exit status after a timeout or a runtime failure. */
    public static final int FAILURE = 1;
    /** Exit status after a usage error. */
    public static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    private final InputStream in;
    private final StopHook stopHook;

    Zmq4jCli(InputStream in, StopHook stopHook) {
        this.in = in;
        this.stopHook = stopHook;
    }

    /** Standard input as given to {@link #commandLine}. */
    InputStream in() {
        return in;
    }

    /** Where a command that runs until interrupted registers what Ctrl-C should do. */
    StopHook stopHook() {
        return stopHook;
    }

    /**
     * How a command that runs until interrupted ({@code proxy}) learns of Ctrl-C. The real one is
     * a JVM shutdown hook (SIGINT, SIGTERM); tests supply their own and call the action instead
     * of sending a signal. Only the CLI installs shutdown hooks, never the library.
     */
    interface StopHook {
        /** Arranges for {@code action} to run on interruption; the returned Runnable undoes that. */
        Runnable install(Runnable action);

        /** A JVM shutdown hook running {@code action}. */
        StopHook JVM = action -> {
            Thread hook = new Thread(action, "zmq4j-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            return () -> {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or has run: nothing to undo
                }
            };
        };
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: expected one of send, recv, echo, proxy, codec, generate, demo, ws-demo, keygen (see zmq4j --help)");
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int status = run(args, System.in, out, err);
        out.flush();
        err.flush();
        System.exit(status);
    }

    /** Runs the command in this process and returns its exit status. */
    public static int run(String[] args, InputStream in, PrintWriter out, PrintWriter err) {
        return commandLine(in, out, err).execute(args);
    }

    /** Runs the command in this process with {@code stopHook} standing in for Ctrl-C. */
    static int run(String[] args, InputStream in, PrintWriter out, PrintWriter err, StopHook stopHook) {
        return commandLine(in, out, err, stopHook).execute(args);
    }

    /** Same as {@link #run(String[], InputStream, PrintWriter, PrintWriter)} over print streams. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        try {
            return run(args, in, o, e);
        } finally {
            o.flush();
            e.flush();
        }
    }

    /**
     * The picocli command line, wired so that a usage error prints one line on {@code err} and
     * exits 2, and an unexpected exception prints one line and exits 1.
     */
    public static CommandLine commandLine(InputStream in, PrintWriter out, PrintWriter err) {
        return commandLine(in, out, err, StopHook.JVM);
    }

    static CommandLine commandLine(InputStream in, PrintWriter out, PrintWriter err, StopHook stopHook) {
        CommandLine cl = new CommandLine(new Zmq4jCli(in, stopHook));
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // a Z85 key or password may start with '-' (one key in 85), even like a cluster of short
        // options (-V...): an option that takes a value takes the next argument, whatever it is
        cl.setAllowOptionsAsOptionParameters(true);
        cl.setExitCodeExceptionMapper(e -> e instanceof ParameterException ? USAGE : FAILURE);
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter w = ex.getCommandLine().getErr();
            w.println(prefix(ex.getCommandLine()) + oneLine(usageMessage(ex)));
            w.flush();
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter w = commandLine.getErr();
            w.println(prefix(commandLine) + oneLine(String.valueOf(ex.getMessage() != null ? ex.getMessage() : ex.toString())));
            w.flush();
            return FAILURE;
        });
        return cl;
    }

    /** picocli's message, except that a stray word after {@code zmq4j} is an unknown command. */
    private static String usageMessage(ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException && ex.getCommandLine().getParent() == null) {
            List<String> unmatched = ((CommandLine.UnmatchedArgumentException) ex).getUnmatched();
            if (!unmatched.isEmpty() && !unmatched.get(0).startsWith("-")) {
                return "unknown command '" + unmatched.get(0) + "' (expected one of "
                        + String.join(", ", ex.getCommandLine().getSubcommands().keySet()) + ")";
            }
        }
        return ex.getMessage();
    }

    /** "zmq4j: " or "zmq4j send: ", naming the command a message comes from. */
    static String prefix(CommandLine cl) {
        return cl.getCommandSpec().qualifiedName() + ": ";
    }

    /** A message squeezed onto one line. */
    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        return s.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** The version, from the filtered {@code version.properties} resource. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"zmq4j " + version(), "Java " + System.getProperty("java.version")};
        }

        static String version() {
            try (InputStream is = Zmq4jCli.class.getResourceAsStream("version.properties")) {
                if (is != null) {
                    Properties p = new Properties();
                    p.load(is);
                    String v = p.getProperty("version");
                    if (v != null && !v.startsWith("$")) {
                        return v;
                    }
                }
            } catch (java.io.IOException ignored) {
                // fall through to the manifest
            }
            String v = Zmq4jCli.class.getPackage().getImplementationVersion();
            return v != null ? v : "unknown";
        }
    }
}
