package io.zmq4j.cli;

import io.zmq4j.Authenticator;
import io.zmq4j.Context;
import io.zmq4j.Event;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketEvent;
import io.zmq4j.SocketType;
import io.zmq4j.ZmqException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
     * {@code --timeout}) for a connected peer instead of queueing on a connection still being
     * made, which zmq4j-core drops if the socket closes before that connection is up.
     */
    protected boolean immediate() {
        return false;
    }

    /** Checks command-specific arguments before any socket exists; throw {@link #usage}. */
    protected void validate() {}

    /** Command-specific socket set-up (subscriptions, ...) after the common options, before bind/connect. */
    protected void prepare(Socket socket) {}

    /** The socket type this run uses: {@code --type} or the command's default. */
    protected final SocketType socketType() {
        return options.type != null ? options.type : defaultType();
    }

    @Override
    public final Integer call() throws Exception {
        checkOptions();
        security.check(this::usage);
        validate();
        SocketType type = socketType();
        try (Context ctx = Context.create()) {
            Socket socket;
            try {
                socket = ctx.socket(type);
            } catch (ZmqException e) {
                throw new CliFailure(message(e));
            }
            EventPrinter monitor = null;
            Authenticator auth = null;
            try {
                configure(socket);
                security.apply(socket);
                auth = security.startAuthenticator(ctx);
                prepare(socket);
                if (options.monitor) {
                    monitor = new EventPrinter(socket, err());
                }
                attach(socket);
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

    private void checkOptions() {
        SocketOptions o = options;
        if (o.bind.isEmpty() && o.connect.isEmpty()) {
            throw usage("no endpoint: give at least one -b/--bind or -c/--connect ENDPOINT");
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

    private void configure(Socket socket) {
        SocketOptions o = options;
        try {
            if (o.lingerMs != null) {
                socket.setLinger(o.lingerMs < 0 ? null : Duration.ofMillis(o.lingerMs));
            } else if (o.timeoutMs != null) {
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

    private void attach(Socket socket) {
        for (String endpoint : options.bind) {
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
        for (String endpoint : options.connect) {
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
