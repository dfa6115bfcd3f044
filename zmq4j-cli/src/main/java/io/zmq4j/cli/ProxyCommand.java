package io.zmq4j.cli;

import io.zmq4j.Authenticator;
import io.zmq4j.Context;
import io.zmq4j.Proxy;
import io.zmq4j.Socket;
import io.zmq4j.SocketBuilder;
import io.zmq4j.SocketOption;
import io.zmq4j.SocketType;
import io.zmq4j.ZmqException;
import io.zmq4j.config.ConfigFile;
import io.zmq4j.config.SocketConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code zmq4j proxy --frontend SPEC --backend SPEC [--capture SPEC]}: runs
 * {@link Proxy#run} between two sockets until interrupted. A SPEC is {@code TYPE@ENDPOINT}
 * (bind) or {@code TYPE>ENDPOINT} (connect), CZMQ's convention. Ctrl-C (SIGINT, SIGTERM) closes
 * the context from a shutdown hook, which makes {@code Proxy.run} return, and the command exits 0.
 */
@Command(name = "proxy", mixinStandardHelpOptions = true, versionProvider = Zmq4jCli.Version.class,
        header = "Forward messages between a frontend and a backend socket until interrupted.",
        description = "Run a proxy (queue ROUTER/DEALER, forwarder XSUB/XPUB, streamer PULL/PUSH, ...) until "
                + "interrupted (Ctrl-C closes cleanly, exit 0). Each socket is TYPE@ENDPOINT to bind or "
                + "TYPE>ENDPOINT to connect (quote the > in a shell), e.g. --frontend 'ROUTER@tcp://*:5559' "
                + "--backend 'DEALER@tcp://*:5560'. With --capture, every message is also sent to that socket. "
                + "With --config FILE, the file's sockets named frontend, backend and capture are used (and its auth: "
                + "section starts the authenticator); a --frontend/--backend/--capture flag then gives that socket's type "
                + "and endpoint, keeping the file's options.")
final class ProxyCommand implements Callable<Integer> {
    @ParentCommand
    Zmq4jCli root;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Build the sockets from this config file (YAML, or ZPL if named .zpl/.cfg/.conf): its sockets "
                    + "frontend, backend and (optional) capture, and its auth: section.")
    Path config;

    @Option(names = "--frontend", paramLabel = "TYPE@ENDPOINT", converter = SpecConverter.class,
            description = "The frontend socket: TYPE@ENDPOINT binds, TYPE>ENDPOINT connects.")
    Attachment frontend;

    @Option(names = "--backend", paramLabel = "TYPE@ENDPOINT", converter = SpecConverter.class,
            description = "The backend socket: TYPE@ENDPOINT binds, TYPE>ENDPOINT connects.")
    Attachment backend;

    @Option(names = "--capture", paramLabel = "TYPE@ENDPOINT", converter = SpecConverter.class,
            description = "A socket (PUB, PUSH, PAIR, ...) that gets a copy of every message forwarded.")
    Attachment capture;

    @Option(names = "--linger", paramLabel = "MS", defaultValue = "0",
            description = "How long unsent messages may linger when the proxy stops (-1: for ever). Default: ${DEFAULT-VALUE}.")
    int lingerMs;

    /** A parsed {@code TYPE@ENDPOINT} or {@code TYPE>ENDPOINT}. */
    record Attachment(SocketType type, boolean bind, String endpoint, String text) {}

    /** Parses {@code TYPE@ENDPOINT} (bind) and {@code TYPE>ENDPOINT} (connect). */
    static final class SpecConverter implements ITypeConverter<Attachment> {
        @Override
        public Attachment convert(String value) {
            int at = value.indexOf('@');
            int gt = value.indexOf('>');
            int sep = at < 0 ? gt : gt < 0 ? at : Math.min(at, gt);
            if (sep < 0) {
                throw new TypeConversionException("'" + value + "' is not TYPE@ENDPOINT (bind) or TYPE>ENDPOINT (connect)");
            }
            String typeName = value.substring(0, sep);
            String endpoint = value.substring(sep + 1);
            SocketType type;
            try {
                type = SocketType.parse(typeName);
            } catch (ZmqException e) {
                throw new TypeConversionException("unknown socket type '" + typeName + "' in '" + value
                        + "' (expected one of " + SocketOptions.TypeConverter.typeList() + ")");
            }
            if (endpoint.isEmpty()) {
                throw new TypeConversionException("no endpoint after '" + value.charAt(sep) + "' in '" + value + "'");
            }
            return new Attachment(type, value.charAt(sep) == '@', endpoint, value);
        }
    }

    @Override
    public Integer call() {
        if (lingerMs < -1) {
            throw new ParameterException(spec.commandLine(), "invalid value for option '--linger': " + lingerMs + " (must be -1 (for ever) or more)");
        }
        ConfigFile file = readConfig();
        SocketBuilder frontFile = fileSocket(file, "frontend", frontend);
        SocketBuilder backFile = fileSocket(file, "backend", backend);
        SocketBuilder captureFile = fileSocket(file, "capture", capture);
        if (frontend == null && frontFile == null || backend == null && backFile == null) {
            throw new ParameterException(spec.commandLine(), "missing " + (frontend == null && frontFile == null ? "--frontend" : "--backend")
                    + " (or a --config file with that socket)");
        }
        CountDownLatch finished = new CountDownLatch(1);
        Authenticator auth = null;
        try (Context ctx = Context.create()) {
            if (file != null && file.hasAuth()) {
                auth = file.auth().start(ctx);
            }
            Socket front = open(ctx, "--frontend", frontend, frontFile);
            Socket back = open(ctx, "--backend", backend, backFile);
            Socket copy = capture == null && captureFile == null ? null : open(ctx, "--capture", capture, captureFile);
            // Ctrl-C: closing the context wakes the proxy with ETERM and Proxy.run returns
            Runnable undo = root.stopHook().install(() -> {
                ctx.close();
                try {
                    finished.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                if (copy == null) {
                    Proxy.run(front, back);
                } else {
                    Proxy.run(front, back, copy);
                }
            } finally {
                undo.run();
            }
            return Zmq4jCli.OK;
        } catch (CliFailure | ZmqException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(Zmq4jCli.prefix(spec.commandLine())
                    + Zmq4jCli.oneLine(e instanceof ZmqException ? SocketCommand.message((ZmqException) e) : e.getMessage()));
            err.flush();
            return Zmq4jCli.FAILURE;
        } finally {
            if (auth != null) {
                auth.close();
            }
            finished.countDown();
        }
    }

    private ConfigFile readConfig() {
        if (config == null) {
            return null;
        }
        try {
            return ConfigFile.read(config);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot read --config file " + config + ": " + e);
        } catch (ZmqException e) {
            throw new ParameterException(spec.commandLine(), "invalid --config file: " + SocketCommand.message(e));
        }
    }

    /** The file's socket of this name as a builder (of the flag's type when a flag is given), or null. */
    private SocketBuilder fileSocket(ConfigFile file, String name, Attachment flag) {
        if (file == null || !file.sockets().containsKey(name)) {
            return null;
        }
        SocketConfig c = file.socket(name);
        try {
            return flag != null ? c.builder(flag.type()) : c.builder();
        } catch (ZmqException e) {
            throw new ParameterException(spec.commandLine(), "invalid --config file: " + SocketCommand.message(e));
        }
    }

    /**
     * Opens one socket: from the file's builder (options; its endpoints unless a flag gives one)
     * or the flag alone. The flag's endpoint replaces the file's.
     */
    private Socket open(Context ctx, String option, Attachment a, SocketBuilder fromFile) {
        SocketBuilder b = fromFile != null ? fromFile : SocketBuilder.of(a.type());
        if (a != null) {
            SocketBuilder only = SocketBuilder.of(b.type());
            for (SocketOption<?> o : b.options()) {
                only = copy(b, o, only);
            }
            b = only.subscribe(b.subscriptions().toArray(new String[0]));
            b = a.bind() ? b.bind(a.endpoint()) : b.connect(a.endpoint());
        }
        if (b.get(SocketOption.LINGER) == null) {
            b = b.linger(lingerMs < 0 ? null : Duration.ofMillis(lingerMs));
        }
        if (b.type() == SocketType.SUB && b.subscriptions().isEmpty()) {
            b = b.subscribe(""); // a SUB frontend forwards everything; an XSUB passes subscriptions through
        }
        Socket s;
        try {
            s = b.build(ctx);
        } catch (ZmqException e) {
            String what = a != null ? option + " '" + a.text() + "'" : "the --config socket " + option.substring(2);
            if (e.kind() == ZmqException.Kind.EINVAL || e.kind() == ZmqException.Kind.EPROTONOSUPPORT) {
                throw new ParameterException(spec.commandLine(), "invalid " + what + ": " + SocketCommand.message(e));
            }
            throw new CliFailure("cannot open " + what + ": " + SocketCommand.message(e));
        }
        String endpoint = b.binds().isEmpty() ? null : b.binds().get(b.binds().size() - 1);
        String bound = s.lastEndpoint();
        if (endpoint != null && bound != null && !bound.equals(endpoint)) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(Zmq4jCli.prefix(spec.commandLine()) + option.substring(2) + " bound " + bound);
            err.flush();
        }
        return s;
    }

    private static <T> SocketBuilder copy(SocketBuilder from, SocketOption<T> o, SocketBuilder to) {
        return to.set(o, from.get(o));
    }
}
