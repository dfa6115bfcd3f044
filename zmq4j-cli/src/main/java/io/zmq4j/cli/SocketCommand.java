package io.zmq4j.cli;

import io.zmq4j.Authenticator;
import io.zmq4j.Context;
import io.zmq4j.Event;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketBuilder;
import io.zmq4j.SocketEvent;
import io.zmq4j.SocketOption;
import io.zmq4j.SocketType;
import io.zmq4j.ZmqException;
import io.zmq4j.config.ConfigFile;
import io.zmq4j.config.SocketConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A command that opens one socket from {@link SocketOptions}, binds and connects it, and then
 * does its work in {@link #run}. It owns the exit-status rules: a bad option value, a malformed
 * endpoint or an unknown type is a usage error (2, one line); a timeout or a failing socket is
 * a runtime failure (1, one line); otherwise 0.
 */
abstract class SocketCommand implements Callable<Integer> {
    @ParentCommand
    Zmq4jCli root;

    @Spec
    CommandSpec spec;

    @Mixin
    SocketOptions options;

    @Mixin
    SecurityOptions security;

    /** The socket type used without {@code --type}. */
    protected abstract SocketType defaultType();

    /** Does the command's work on a bound/connected socket; returns the exit status. */
    protected abstract int run(Socket socket) throws Exception;

    /**
     * Whether messages should be queued only to completed connections (ZMQ_IMMEDIATE). A
     * command that sends first and then exits wants this: its first send waits (up to
     * {@code --timeout}) for a connected peer, so that no peer within the timeout is exit status
     * 1. Queued on a connection still being made instead, the message would be sent (status 0)
     * and then dropped unseen when the linger, which defaults to the timeout, ran out at exit.
     */
    protected boolean immediate() {
        return false;
    }

    /** Checks command-specific arguments before any socket exists; throw {@link #usage}. */
    protected void validate() {}

    /** Command-specific socket set-up (subscriptions, ...) after the common options, before bind/connect. */
    protected void prepare(Socket socket) {}

    /** The socket type this run uses: {@code --type}, else the config file's, else the command's default. */
    protected final SocketType socketType() {
        if (options.type != null) {
            return options.type;
        }
        SocketConfig c = fileSocket();
        return c != null && c.type() != null ? c.type() : defaultType();
    }

    /** With {@code --config}: the file, read once; a file that does not read is a usage error naming file, line and key. */
    private ConfigFile file;

    private ConfigFile file() {
        if (options.config == null) {
            return null;
        }
        if (file == null) {
            try {
                file = ConfigFile.read(options.config);
            } catch (IOException e) {
                throw usage("cannot read --config file " + options.config + ": " + e);
            } catch (ZmqException e) {
                throw usage("invalid --config file: " + message(e));
            }
        }
        return file;
    }

    /** With {@code --config}: the socket chosen by {@code --socket}, or the file's only one. */
    private SocketConfig fileSocket() {
        ConfigFile f = file();
        if (f == null) {
            if (options.socketName != null) {
                throw usage("option '--socket' needs --config FILE");
            }
            return null;
        }
        if (options.socketName != null) {
            if (!f.sockets().containsKey(options.socketName)) {
                throw usage("--config file " + options.config + " has no socket '" + options.socketName + "' (it has "
                        + f.sockets().keySet() + ")");
            }
            return f.socket(options.socketName);
        }
        if (f.sockets().size() != 1) {
            throw usage("--config file " + options.config + " has " + (f.sockets().isEmpty() ? "no sockets" : "sockets " + f.sockets().keySet()
                    + ": choose one with --socket NAME"));
        }
        return f.sockets().values().iterator().next();
    }

    /** The file's socket as a builder of this run's type (null without --config); its errors are usage errors. */
    private SocketBuilder fileBuilder() {
        SocketConfig c = fileSocket();
        if (c == null) {
            return null;
        }
        try {
            return c.builder(socketType());
        } catch (ZmqException e) {
            throw usage("invalid --config file: " + message(e));
        }
    }

    /** The builder without its endpoints: options and subscriptions go on first, flags over them, endpoints last. */
    private static SocketBuilder withoutEndpoints(SocketBuilder b) {
        SocketBuilder o = SocketBuilder.of(b.type()).subscribe(b.subscriptions().toArray(new String[0])).join(b.groups().toArray(new String[0]));
        for (SocketOption<?> option : b.options()) {
            o = copy(b, option, o);
        }
        return o;
    }

    private static <T> SocketBuilder copy(SocketBuilder from, SocketOption<T> option, SocketBuilder to) {
        return to.set(option, from.get(option));
    }

    /** Whether the --config socket subscribes by itself (then recv adds no catch-all subscription). */
    protected final boolean configSubscribes() {
        SocketConfig c = fileSocket();
        return c != null && !c.builder(socketType()).subscriptions().isEmpty();
    }

    @Override
    public final Integer call() throws Exception {
        SocketBuilder fromFile = fileBuilder();
        checkOptions(fromFile);
        security.check(this::usage);
        validate();
        SocketType type = socketType();
        try (Context ctx = Context.create()) {
            Socket socket;
            Authenticator auth = null;
            try {
                // the file's auth section first: its socket may be a CURVE or PLAIN server
                auth = file() != null && file().hasAuth() ? file().auth().start(ctx) : null;
                socket = fromFile != null ? withoutEndpoints(fromFile).build(ctx) : ctx.socket(type);
            } catch (ZmqException e) {
                if (auth != null) {
                    auth.close();
                }
                throw new CliFailure(message(e));
            }
            EventPrinter monitor = null;
            try {
                configure(socket, fromFile);
                security.apply(socket);
                auth = security.startAuthenticator(ctx, auth);
                prepare(socket);
                if (options.monitor) {
                    monitor = new EventPrinter(socket, err());
                }
                attach(socket, fromFile);
                if (options.delayMs != null && options.delayMs > 0) {
                    Thread.sleep(options.delayMs);
                }
                return run(socket);
            } finally {
                socket.close();
                if (monitor != null) {
                    monitor.close();
                }
                if (auth != null) {
                    auth.close();
                }
            }
        } catch (CliFailure | ZmqException e) {
            err().println(Zmq4jCli.prefix(spec.commandLine()) + Zmq4jCli.oneLine(e instanceof ZmqException ? message((ZmqException) e) : e.getMessage()));
            err().flush();
            return Zmq4jCli.FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err().println(Zmq4jCli.prefix(spec.commandLine()) + "interrupted");
            err().flush();
            return Zmq4jCli.FAILURE;
        }
    }

    private void checkOptions(SocketBuilder fromFile) {
        SocketOptions o = options;
        boolean fileEndpoints = fromFile != null && !(fromFile.binds().isEmpty() && fromFile.connects().isEmpty());
        if (o.bind.isEmpty() && o.connect.isEmpty() && !fileEndpoints) {
            throw usage("no endpoint: give at least one -b/--bind or -c/--connect ENDPOINT" + (fromFile != null ? " (the --config socket has none)" : ""));
        }
        if (o.count != null && o.count < 0) {
            throw usage("invalid value for option '--count': " + o.count + " (must be 0 or more)");
        }
        if (o.timeoutMs != null && o.timeoutMs <= 0) {
            throw usage("invalid value for option '--timeout': " + o.timeoutMs + " (must be a positive number of milliseconds)");
        }
        if (o.hwm != null && o.hwm < 0) {
            throw usage("invalid value for option '--hwm': " + o.hwm + " (must be 0 (no limit) or more)");
        }
        if (o.lingerMs != null && o.lingerMs < -1) {
            throw usage("invalid value for option '--linger': " + o.lingerMs + " (must be -1 (for ever) or more)");
        }
        if (o.delayMs != null && o.delayMs < 0) {
            throw usage("invalid value for option '--delay': " + o.delayMs + " (must be 0 or more)");
        }
        if (o.identity != null && o.identity.isEmpty()) {
            throw usage("invalid value for option '--identity': must not be empty");
        }
    }

    private void configure(Socket socket, SocketBuilder fromFile) {
        SocketOptions o = options;
        try {
            if (o.lingerMs != null) {
                socket.setLinger(o.lingerMs < 0 ? null : Duration.ofMillis(o.lingerMs));
            } else if (o.timeoutMs != null && (fromFile == null || fromFile.get(SocketOption.LINGER) == null)) {
                // do not hang at exit for longer than the user was willing to wait
                socket.setLinger(Duration.ofMillis(o.timeoutMs));
            }
            if (immediate()) {
                socket.setImmediate(true);
            }
            if (o.hwm != null) {
                socket.setHwm(o.hwm);
            }
            if (o.identity != null) {
                socket.setRoutingId(o.identity.getBytes(StandardCharsets.UTF_8));
            }
            if (o.heartbeat != null) {
                SocketOptions.Heartbeat hb = o.heartbeat;
                socket.setHeartbeat(Duration.ofMillis(hb.intervalMs()), hb.timeoutMs() == null ? null : Duration.ofMillis(hb.timeoutMs()));
                if (hb.ttlMs() != null) {
                    socket.setHeartbeatTtl(Duration.ofMillis(hb.ttlMs()));
                }
            }
        } catch (ZmqException e) {
            if (e.kind() == ZmqException.Kind.EINVAL) {
                throw usage(message(e));
            }
            throw e;
        }
    }

    private void attach(Socket socket, SocketBuilder fromFile) {
        List<String> binds = new ArrayList<>(fromFile == null ? List.of() : fromFile.binds());
        List<String> connects = new ArrayList<>(fromFile == null ? List.of() : fromFile.connects());
        binds.addAll(options.bind);
        connects.addAll(options.connect);
        for (String endpoint : binds) {
            String bound;
            try {
                bound = socket.bind(endpoint);
            } catch (ZmqException e) {
                throw endpointError("bind", endpoint, e);
            }
            if (bound != null && !bound.equals(endpoint)) {
                // a wildcard port or host was filled in: tell the user where to connect
                err().println(Zmq4jCli.prefix(spec.commandLine()) + "bound " + bound);
                err().flush();
            }
        }
        for (String endpoint : connects) {
            try {
                socket.connect(endpoint);
            } catch (ZmqException e) {
                throw endpointError("connect", endpoint, e);
            }
        }
    }

    private RuntimeException endpointError(String what, String endpoint, ZmqException e) {
        if (e.kind() == ZmqException.Kind.EINVAL || e.kind() == ZmqException.Kind.EPROTONOSUPPORT) {
            return usage("invalid endpoint for --" + what + ": " + message(e));
        }
        return new CliFailure("cannot " + what + " to " + endpoint + ": " + message(e));
    }

    /**
     * {@code --monitor}: prints every event of a socket on {@code err} as one line beginning with
     * the event name ({@link SocketEvent#toString()}), flushed per line. Events arrive in order
     * on the context's event thread; closing the socket raises {@link Event#MONITOR_STOPPED},
     * the last one, which {@link #close} waits for (briefly) so no event is lost at exit.
     */
    static final class EventPrinter implements Consumer<SocketEvent>, AutoCloseable {
        private final PrintWriter err;
        private final CountDownLatch stopped = new CountDownLatch(1);
        private final Socket.Registration registration;

        EventPrinter(Socket socket, PrintWriter err) {
            this.err = err;
            this.registration = socket.onEvent(Event.all(), this);
        }

        @Override
        public void accept(SocketEvent e) {
            err.println(e.toString());
            err.flush();
            if (e.event() == Event.MONITOR_STOPPED) {
                stopped.countDown();
            }
        }

        /** After the socket is closed: waits up to a second for its last event, then unregisters. */
        @Override
        public void close() {
            try {
                stopped.await(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                registration.close();
            }
        }
    }

    // ---- helpers for subcommands ----

    /** A usage error (exit 2) naming the problem. */
    protected final ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Receives a message, failing with a timeout message if {@code --timeout} passes first. */
    protected final Msg receive(Socket socket, String waitingFor) {
        if (options.timeoutMs == null) {
            return socket.recv();
        }
        Msg m = socket.recv(Duration.ofMillis(options.timeoutMs));
        if (m == null) {
            throw new CliFailure("timed out after " + options.timeoutMs + " ms waiting for " + waitingFor);
        }
        return m;
    }

    /** Sends a message, failing with a timeout message if {@code --timeout} passes first. */
    protected final void transmit(Socket socket, Msg msg, String what) {
        if (options.timeoutMs == null) {
            socket.send(msg);
            return;
        }
        if (!socket.send(msg, Duration.ofMillis(options.timeoutMs))) {
            throw new CliFailure("timed out after " + options.timeoutMs + " ms sending " + what + " (is a peer connected?)");
        }
    }

    /** Prints a message as one line on standard output, flushed at once. */
    protected final void print(Msg msg) {
        PrintWriter out = out();
        out.print(Frames.format(msg));
        out.print('\n');
        out.flush();
        if (out.checkError()) {
            throw new CliFailure("cannot write to standard output (closed?)");
        }
    }

    protected final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected final PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** The message count limit, or -1 for none. */
    protected final int countLimit() {
        return options.count == null ? -1 : options.count;
    }

    /** A ZmqException's message ("KIND: what happened"), or its kind when it has none. */
    static String message(ZmqException e) {
        String m = e.getMessage();
        return m == null ? e.kind().name() : m;
    }
}
