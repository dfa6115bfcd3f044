package io.zmq4j.proto;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import io.zmq4j.ZmqException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a generated zproto server engine runs on: a ROUTER socket, one {@link Connection} object
 * per ROUTER peer holding that connection's state, a {@link Reactor}, a ZPL configuration and
 * the actor commands. A generated {@code XxxEngine} extends this with the model's states,
 * events and actions; the user's {@code Xxx} class extends the engine with the action code.
 * Run it as an {@link Actor}:
 *
 * <pre>{@code
 * try (Actor broker = Actor.start(ctx, "broker", new MdpBroker())) {
 *     broker.send("SET", "server/timeout", "5000");    // client expiry, ms
 *     broker.send("BIND", "tcp://127.0.0.1:*");
 *     broker.send("PORT");
 *     int port = Integer.parseInt(broker.recv().string(1));   // PORT <n>
 * }
 * }</pre>
 *
 * <p>Commands on the pipe: {@code BIND endpoint}, {@code PORT} (answers {@code PORT n}, the port
 * of the last tcp bind, or -1), {@code LOAD file} (a ZPL file), {@code SET path value},
 * {@code SAVE file}, {@code VERBOSE}, {@code $TERM}; anything else goes to
 * {@link #serverMethod}. Configuration keys: {@code server/timeout} (client expiry, ms, default
 * 60000), {@code server/verbose} and {@code server/animate} (trace events and actions),
 * {@code <name>/bind/endpoint} (bound when loaded or set), {@code <name>/echo} (printed when
 * loaded); {@code server/background} and {@code server/workdir} are accepted and ignored.
 *
 * <p>A message that is not valid in the client's state takes the model's {@code *} event if
 * the state has one; otherwise, and for a message that does not decode, the engine answers with
 * the protocol's error message ({@code INVALID} where there is one, see {@link #invalid}) and
 * the client keeps its state. An exception thrown by an action is logged and ends that one
 * client; the server goes on.
 *
 * @param <M> the protocol's message type (the generated codec's {@code Message})
 */
public abstract class ServerEngine<M> implements Actor.Body {
    private static final System.Logger LOG = System.getLogger(ServerEngine.class.getName());

    /** No event: an event slot that is empty. */
    protected static final int NO_EVENT = -1;

    private final String name;
    private final String[] stateNames;
    private final String[] eventNames;
    private final boolean[] external;
    private final int expiredEvent;

    private final Map<ByteBuffer, Connection> clients = new HashMap<>();
    private final ArrayDeque<Object[]> deferred = new ArrayDeque<>();
    private Context context;
    private Socket pipe;
    private Socket router;
    private Reactor reactor;
    private Zpl config = Zpl.create();
    private boolean verbose;
    private int port = -1;
    private volatile int clientCount;
    private volatile long clientsFreed;
    private volatile long clientsExpired;

    /**
     * Called by the generated engine with its model's tables.
     *
     * @param name         the model name: the configuration section and the log prefix
     * @param stateNames   state names, by state number (state 0 is the first state)
     * @param eventNames   event names, by event number
     * @param external     true for events that are protocol messages
     * @param expiredEvent the {@code expired} event's number, or {@link #NO_EVENT} when the model
     *                     has none (clients then never expire)
     */
    protected ServerEngine(String name, String[] stateNames, String[] eventNames, boolean[] external,
                           int expiredEvent) {
        this.name = name;
        this.stateNames = stateNames.clone();
        this.eventNames = eventNames.clone();
        this.external = external.clone();
        this.expiredEvent = expiredEvent;
    }

    // ---- what the generated engine provides ----

    /** Decodes a message received on the ROUTER (routing id first). */
    protected abstract M decode(Msg msg);

    /** Encodes {@code message} for the ROUTER peer {@code routingId}. */
    protected abstract Msg encode(M message, byte[] routingId);

    /** The event number of a received message, or {@link #NO_EVENT} if no state names it. */
    protected abstract int eventOf(M message);

    /** A new client object in the first state; the user's class makes it. */
    protected abstract Connection createClient();

    /**
     * Runs {@code event} in {@code client}'s state: the actions, then the move to the next
     * state unless an action raised an exception.
     *
     * @return false if the state (with what it inherits) has no handler for the event
     */
    protected abstract boolean step(Connection client, int event);

    /**
     * The protocol's error answer to a message that is out of state (with no {@code *} event)
     * or does not decode, or null when the protocol has none (the message is then dropped).
     */
    protected abstract M invalid();

    // ---- hooks for the user's class ----

    /** Called on the server thread before the first command; set up the server's own state here. */
    protected void serverInitialize() {}

    /** Called on the server thread when the server ends. */
    protected void serverTerminate() {}

    /**
     * A pipe command the engine does not know; return a reply to send back, or null for none.
     */
    protected Msg serverMethod(String method, Msg msg) {
        LOG.log(System.Logger.Level.WARNING, name + ": unknown command " + method);
        return null;
    }

    /** Called after a configuration change (LOAD or SET). */
    protected void configured() {}

    // ---- services for the user's class ----

    /** The server's configuration tree. */
    protected final Zpl config() {
        return config;
    }

    /** The reactor the engine runs on: add readers for your own sockets, and timers. */
    protected final Reactor reactor() {
        return reactor;
    }

    /** The context the server was started with, for your own sockets. */
    protected final Context context() {
        return context;
    }

    /** Sets a configuration value, as the {@code SET} command does. */
    protected final void configure(String path, String value) {
        config.set(path, value);
        applied(path, value);
        configured();
    }

    /** True when tracing is on ({@code VERBOSE}, {@code server/verbose} or {@code server/animate}). */
    protected final boolean verbose() {
        return verbose;
    }

    /** Logs a line with the server's name, at INFO. */
    protected final void log(String text) {
        LOG.log(System.Logger.Level.INFO, name + ": " + text);
    }

    /** Queues {@code event} for every client but {@code except} (null: all), run after the current event. */
    protected final void broadcastEvent(Connection except, int event) {
        for (Connection c : new ArrayList<>(clients.values())) {
            if (c != except) {
                deferred.add(new Object[] {c, event});
            }
        }
    }

    /** Sends {@code message} to the ROUTER peer {@code routingId}. */
    protected final void sendTo(byte[] routingId, M message) {
        Msg msg = encode(message, routingId);
        if (verbose) {
            log("send " + message + " to " + Values.hex(routingId));
        }
        router.send(msg);
    }

    /** Clients with state now (also readable from other threads). */
    public final int clientCount() {
        return clientCount;
    }

    /** Clients whose state was freed so far: terminated, expired or failed. */
    public final long clientsFreed() {
        return clientsFreed;
    }

    /** Clients that expired so far. */
    public final long clientsExpired() {
        return clientsExpired;
    }

    /** The state's name. */
    protected final String stateName(int state) {
        return stateNames[state];
    }

    /** The event's name. */
    protected final String eventName(int event) {
        return event < 0 ? "(none)" : eventNames[event];
    }

    // ---- one client connection ----

    /**
     * One ROUTER peer's connection: its state, the last message it sent, its expiry ticket and
     * wake-up alarm. The generated engine's {@code ClientActions} extends this with the model's
     * actions; the user's {@code Client} implements them.
     */
    public abstract class Connection {
        private byte[] routingId;
        private ByteBuffer key;
        final EventChain chain = new EventChain();
        private final EventChain.Machine machine = new EventChain.Machine() {
            @Override
            public void traceEvent(int ev) {
                if (verbose) {
                    log(eventNames[ev]);
                }
            }

            @Override
            public boolean step(int ev) {
                int before = chain.state;
                boolean handled = ServerEngine.this.step(Connection.this, ev);
                if (verbose && chain.exception == NO_EVENT && before != chain.state) {
                    log("    > " + stateNames[chain.state]);
                }
                return handled;
            }

            @Override
            public void unhandled(int ev) {
                if (external[ev]) {
                    ServerEngine.this.unhandled(Connection.this);
                } else if (verbose) {
                    log("event " + eventNames[ev] + " has no handler in this state; ignored");
                }
            }
        };
        private M message;
        private Reactor.Timer ticket;
        private String logPrefix = "";

        protected Connection() {}

        /** Called once the client has its routing id, before its first event. */
        protected void clientInitialize() {}

        /** Called when the client's state is freed (terminate, expiry, failure, server end). */
        protected void clientTerminate() {}

        /** The ROUTER peer's routing id (a copy). */
        public final byte[] routingId() {
            return routingId.clone();
        }

        /** The last message the client sent. */
        public final M message() {
            return message;
        }

        /** The number of the state the client is in. */
        public final int state() {
            return chain.state;
        }

        /** The event being handled. */
        public final int event() {
            return chain.event;
        }

        /** The event to run after the current one's actions: needed in internal states. */
        public final void setNextEvent(int event) {
            chain.nextEvent = event;
        }

        /** Raises {@code event} as an exception: the remaining actions are skipped, the state stays, the event runs next. */
        public final void raise(int event) {
            chain.exception = event;
        }

        /** True when an action raised an exception in the event being handled. */
        public final boolean exceptionRaised() {
            return chain.exception != NO_EVENT;
        }

        /**
         * Runs {@code event} after {@code delay}, unless another event the state handles comes
         * first (which cancels it). One wake-up per client: a second call replaces the first.
         */
        public final void setWakeupEvent(Duration delay, int event) {
            chain.wakeUp(reactor, delay, () -> {
                execute(this, event);
                drainDeferred();
            });
        }

        /** Queues {@code event} for this client, to run after the event being handled now. */
        public final void sendEvent(int event) {
            deferred.add(new Object[] {this, event});
        }

        /** Sends {@code message} to this client. */
        public final void reply(M message) {
            sendTo(routingId, message);
        }

        /** Ends this client's connection state after the current event's actions. */
        public final void terminate() {
            chain.terminated = true;
        }

        /** Moves to state {@code state}; the generated engine does this after an event's actions. */
        public final void moveTo(int state) {
            chain.state = state;
        }

        /** A short text added to this client's trace lines. */
        public final void setLogPrefix(String prefix) {
            logPrefix = prefix.length() > 20 ? prefix.substring(0, 20) : prefix;
        }

        /** Logs a line naming the server, the client and its state. */
        public final void log(String text) {
            ServerEngine.this.log(logPrefix + "[" + Values.hex(routingId) + "] " + stateNames[chain.state] + ": " + text);
        }

        /** Traces an action when tracing is on; the generated engine calls it before each. */
        public final void animate(String action) {
            if (verbose) {
                log("    + " + action);
            }
        }
    }

    // ---- the loop ----

    @Override
    public final void run(Context ctx, Socket pipe) throws Exception {
        this.context = ctx;
        this.pipe = pipe;
        this.router = ctx.socket(SocketType.ROUTER);
        this.reactor = new Reactor();
        reactor.ticketDelay(Duration.ofMillis(60_000));
        try {
            serverInitialize();
            reactor.reader(pipe, this::command);
            reactor.reader(router, this::message);
            reactor.run();
        } finally {
            for (Connection c : new ArrayList<>(clients.values())) {
                free(c);
            }
            try {
                serverTerminate();
            } finally {
                router.setLinger(Duration.ZERO);
                router.close();
            }
        }
    }

    private void command(Socket socket) {
        Msg msg = socket.recv();
        try {
            command(msg);
        } catch (RuntimeException e) {
            // A bad command or a failing configured()/serverMethod() hook must not stop the server.
            LOG.log(System.Logger.Level.WARNING, name + ": command " + (msg.size() > 0 ? msg.string(0) : "(empty)")
                    + " failed", e);
        }
        drainDeferred();
    }

    private void command(Msg msg) {
        String method = msg.string(0);
        switch (method) {
            case Actor.TERM:
                reactor.stop();
                break;
            case "VERBOSE":
                verbose = true;
                break;
            case "BIND":
                bind(msg.string(1));
                break;
            case "PORT":
                pipe.send(Msg.of("PORT", Integer.toString(port)));
                break;
            case "LOAD":
                load(msg.string(1));
                break;
            case "SAVE":
                try {
                    config.save(Path.of(msg.string(1)));
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, name + ": cannot save configuration to " + msg.string(1), e);
                }
                break;
            case "SET":
                configure(msg.string(1), msg.string(2));
                break;
            default:
                Msg reply = serverMethod(method, msg);
                if (reply != null) {
                    pipe.send(reply);
                }
        }
    }

    private void bind(String endpoint) {
        try {
            String bound = router.bind(endpoint);
            int colon = bound.lastIndexOf(':');
            port = -1;
            if (bound.startsWith("tcp://") && colon > 0) {
                port = Integer.parseInt(bound.substring(colon + 1));
            }
            if (verbose) {
                log("bound " + bound);
            }
        } catch (ZmqException e) {
            port = -1;
            LOG.log(System.Logger.Level.WARNING, name + ": cannot bind " + endpoint + ": " + e.getMessage());
        }
    }

    private void load(String file) {
        try {
            config = Zpl.load(Path.of(file));
        } catch (IOException | ZmqException e) {
            LOG.log(System.Logger.Level.WARNING, name + ": cannot load configuration " + file + ": " + e.getMessage());
            return;
        }
        applied("server/timeout", config.get("server/timeout"));
        applied("server/verbose", config.get("server/verbose"));
        applied("server/animate", config.get("server/animate"));
        Zpl section = config.node(name);
        if (section != null) {
            String echo = section.get("echo");
            if (echo != null) {
                System.out.println(echo);
            }
            for (Zpl b : section.children("bind")) {
                String endpoint = b.get("endpoint");
                if (endpoint != null) {
                    bind(endpoint);
                }
            }
        }
        configured();
    }

    private void applied(String path, String value) {
        if (value == null) {
            return;
        }
        switch (path) {
            case "server/timeout":
                try {
                    reactor.ticketDelay(Duration.ofMillis(Long.parseLong(value.trim())));
                } catch (NumberFormatException e) {
                    LOG.log(System.Logger.Level.WARNING, name + ": server/timeout '" + value + "' is not milliseconds");
                }
                break;
            case "server/verbose":
            case "server/animate":
                verbose = !value.trim().equals("0");
                break;
            default:
                if (path.equals(name + "/bind/endpoint")) {
                    bind(value);
                }
        }
    }

    private void message(Socket socket) {
        Msg msg = router.recv();
        try {
            dispatch(msg);
        } catch (RuntimeException e) {
            // The user's createClient() or a codec bug: log it, keep serving everyone else.
            LOG.log(System.Logger.Level.WARNING, name + ": message dropped", e);
        }
        drainDeferred();
    }

    private void dispatch(Msg msg) {
        if (msg.size() < 2) {
            return; // a ROUTER always gives the routing id; nothing to answer without a body
        }
        byte[] rid = msg.frame(0);
        ByteBuffer key = ByteBuffer.wrap(rid);
        Connection c = clients.get(key);
        M decoded;
        try {
            decoded = decode(msg);
        } catch (ProtocolException e) {
            if (verbose) {
                log("malformed message from " + Values.hex(rid) + ": " + e.getMessage());
            }
            M answer = invalid();
            if (answer != null) {
                sendTo(rid, answer);
            }
            if (c != null && c.ticket != null) {
                c.ticket.reset();
            }
            return;
        }
        if (c == null) {
            c = createClient();
            c.routingId = rid;
            c.key = key;
            clients.put(key, c);
            clientCount = clients.size();
            if (expiredEvent != NO_EVENT) {
                Connection client = c;
                c.ticket = reactor.ticket(() -> {
                    client.ticket = null;
                    clientsExpired++;
                    execute(client, expiredEvent);
                    drainDeferred();
                });
            }
            try {
                c.clientInitialize();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, name + ": clientInitialize failed; client dropped", e);
                free(c);
                return;
            }
        } else if (c.ticket != null) {
            c.ticket.reset();
        }
        c.message = decoded;
        if (verbose) {
            c.log("recv " + decoded);
        }
        int event = eventOf(decoded);
        if (event == NO_EVENT) {
            unhandled(c);
        } else {
            execute(c, event);
        }
    }

    private void unhandled(Connection c) {
        M answer = invalid();
        if (verbose) {
            c.log("message " + c.message + " not valid in this state" + (answer == null ? "; dropped" : ""));
        }
        if (answer != null) {
            c.reply(answer);
        }
    }

    /** Runs {@code event} on {@code client}, then every event its actions chain. */
    final void execute(Connection c, int event) {
        if (c.chain.terminated || clients.get(c.key) != c) {
            return; // already freed
        }
        try {
            c.chain.run(event, c.machine);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, name + ": action failed in state " + stateNames[c.chain.state]
                    + " on event " + eventName(c.chain.event) + "; client " + Values.hex(c.routingId) + " dropped", e);
            c.chain.terminated = true;
        }
        if (c.chain.terminated) {
            free(c);
        }
    }

    private void free(Connection c) {
        if (clients.remove(c.key) != c) {
            return;
        }
        c.chain.terminated = true;
        if (c.ticket != null) {
            c.ticket.cancel();
            c.ticket = null;
        }
        if (c.chain.wakeup != null) {
            c.chain.wakeup.cancel();
            c.chain.wakeup = null;
        }
        clientCount = clients.size();
        clientsFreed++;
        try {
            c.clientTerminate();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, name + ": clientTerminate failed", e);
        }
    }

    private void drainDeferred() {
        Object[] d;
        while ((d = deferred.poll()) != null) {
            @SuppressWarnings("unchecked")
            Connection c = (Connection) d[0];
            execute(c, (Integer) d[1]);
        }
    }

    /** A snapshot of the clients with state, for the user's broadcast or lookup. */
    protected final List<Connection> clients() {
        return new ArrayList<>(clients.values());
    }
}
