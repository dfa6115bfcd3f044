package io.zmq4j.cli;

import io.zmq4j.Context;
import io.zmq4j.Proxy;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import io.zmq4j.ZmqException;
import java.io.PrintWriter;
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
                + "--backend 'DEALER@tcp://*:5560'. With --capture, every message is also sent to that socket.")
final class ProxyCommand implements Callable<Integer> {
    @ParentCommand
    Zmq4jCli root;

    @Spec
    CommandSpec spec;

    @Option(names = "--frontend", required = true, paramLabel = "TYPE@ENDPOINT", converter = SpecConverter.class,
            description = "The frontend socket: TYPE@ENDPOINT binds, TYPE>ENDPOINT connects.")
    Attachment frontend;

    @Option(names = "--backend", required = true, paramLabel = "TYPE@ENDPOINT", converter = SpecConverter.class,
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
        CountDownLatch finished = new CountDownLatch(1);
        try (Context ctx = Context.create()) {
            Socket front = open(ctx, "--frontend", frontend);
            Socket back = open(ctx, "--backend", backend);
            Socket copy = capture == null ? null : open(ctx, "--capture", capture);
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
            finished.countDown();
        }
    }

    private Socket open(Context ctx, String option, Attachment a) {
        Socket s = ctx.socket(a.type());
        s.setLinger(lingerMs < 0 ? null : Duration.ofMillis(lingerMs));
        if (a.type() == SocketType.SUB) {
            s.subscribe(""); // a SUB frontend forwards everything; an XSUB passes subscriptions through
        }
        try {
            if (a.bind()) {
                String bound = s.bind(a.endpoint());
                if (bound != null && !bound.equals(a.endpoint())) {
                    PrintWriter err = spec.commandLine().getErr();
                    err.println(Zmq4jCli.prefix(spec.commandLine()) + option.substring(2) + " bound " + bound);
                    err.flush();
                }
            } else {
                s.connect(a.endpoint());
            }
        } catch (ZmqException e) {
            if (e.kind() == ZmqException.Kind.EINVAL || e.kind() == ZmqException.Kind.EPROTONOSUPPORT) {
                throw new ParameterException(spec.commandLine(), "invalid endpoint in " + option + " '" + a.text() + "': "
                        + SocketCommand.message(e));
            }
            throw new CliFailure("cannot " + (a.bind() ? "bind" : "connect") + " " + option.substring(2) + " to "
                    + a.endpoint() + ": " + SocketCommand.message(e));
        }
        return s;
    }
}
