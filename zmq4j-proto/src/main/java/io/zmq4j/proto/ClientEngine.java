package io.zmq4j.proto;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a generated zproto client engine runs on: one DEALER connection to a server, the
 * model's state machine for it, and the pipe to the application's API object. A generated
 * {@code XxxEngine} extends this with the model's states, events and actions; the user's
 * {@code XxxActions} implements the actions; the generated API class {@code Xxx} starts it as an
 * {@link Actor} and turns its methods into messages on the pipe:
 *
 * <pre>{@code
 * try (MdpClient client = new MdpClient(ctx, "tcp://127.0.0.1:5555")) {   // "constructor" method
 *     client.request("echo", List.of("hello".getBytes()));                // "request" method
 *     MdpClientMsg.Message reply = client.recv(Duration.ofSeconds(1));     // what an action delivered
 * }
 * }</pre>
 *
 * <p>On the pipe, the API sends {@code [METHOD NAME, argument frames...]}; the engine answers
 * with {@code [REPLY NAME, field frames...]} (from actions, via {@link #sendReply}) and
 * {@code ["$MSG", message frames...]} for protocol messages actions pass on with
 * {@link #deliver}. Text goes as UTF-8, numbers as decimal text, a {@code frame} as one frame,
 * a {@code msg} as all remaining frames.
 *
 * @param <M> the protocol's message type (the generated codec's {@code Message})
 */
public abstract class ClientEngine<M> implements Actor.Body {
    private static final System.Logger LOG = System.getLogger(ClientEngine.class.getName());

    /** No event. */
    protected static final int NO_EVENT = -1;
    /** First frame of a protocol message delivered to the API. */
    public static final String DELIVERED = "$MSG";

    private final String name;
    private final String[] stateNames;
    private final String[] eventNames;
    private final boolean[] external;
    private final int expiredEvent;
    private final Map<String, List<String>> methodFields;

    private Context context;
    private Socket pipe;
    private Socket dealer;
    private Reactor reactor;
    private boolean verbose;
    private final EventChain chain = new EventChain();
    private final EventChain.Machine machine = new EventChain.Machine() {
        @Override
        public void traceEvent(int ev) {
            if (verbose) {
                log(eventNames[ev]);
            }
        }

        @Override
        public boolean step(int ev) {
            return ClientEngine.this.step(ev);
        }

        @Override
        public void unhandled(int ev) {
            LOG.log(System.Logger.Level.WARNING, name + ": " + (external[ev] ? "message " : "event ")
                    + eventNames[ev] + " not valid in state " + stateNames[chain.state] + "; ignored");
        }
    };
    private M message;
    private String method;
    private List<byte[]> args = List.of();
    private Reactor.Timer expiry;
    private Duration timeout;

    /**
     * Called by the generated engine with its model's tables.
     *
     * @param methodFields for each method (by its name as sent on the pipe), its argument names in order
     */
    protected ClientEngine(String name, String[] stateNames, String[] eventNames, boolean[] external, int expiredEvent,
                           Map<String, List<String>> methodFields) {
        this.name = name;
        this.stateNames = stateNames.clone();
        this.eventNames = eventNames.clone();
        this.external = external.clone();
        this.expiredEvent = expiredEvent;
        this.methodFields = Map.copyOf(methodFields);
    }

    // ---- what the generated engine provides ----

    /** Decodes a message from the server. */
    protected abstract M decode(Msg msg);

    /** Encodes a message for the server. */
    protected abstract Msg encode(M message);

    /** The event of a message from the server, or {@link #NO_EVENT}. */
    protected abstract int eventOf(M message);

    /** The event of an API method (its name as sent on the pipe), or {@link #NO_EVENT}. */
    protected abstract int methodEvent(String method);

    /** Runs {@code event} in the current state; false if the state has no handler for it. */
    protected abstract boolean step(int event);

    // ---- hooks ----

    /** Called on the actor's thread before the first command. */
    protected void clientInitialize() {}

    /** Called on the actor's thread when the client ends. */
    protected void clientTerminate() {}

    // ---- services for actions ----

    /** The DEALER socket to the server: connect it in your "connect" action. */
    protected final Socket dealer() {
        return dealer;
    }

    /** The reactor, for your own sockets and timers. */
    protected final Reactor reactor() {
        return reactor;
    }

    /** The context the client was started with. */
    protected final Context context() {
        return context;
    }

    /** The last message from the server. */
    protected final M message() {
        return message;
    }

    /** The API method being handled, as sent on the pipe, or null. */
    protected final String method() {
        return method;
    }

    /** The state the client is in. */
    protected final int state() {
        return chain.state;
    }

    /** The event being handled. */
    protected final int event() {
        return chain.event;
    }

    /** The event to run after this one's actions. */
    protected final void setNextEvent(int event) {
        chain.nextEvent = event;
    }

    /** Raises {@code event}: the remaining actions are skipped, the state stays, the event runs next. */
    protected final void raise(int event) {
        chain.exception = event;
    }

    /** True when an action raised an exception in the event being handled. */
    public final boolean exceptionRaised() {
        return chain.exception != NO_EVENT;
    }

    /** Runs {@code event} after {@code delay} unless a handled event comes first. */
    protected final void setWakeupEvent(Duration delay, int event) {
        chain.wakeUp(reactor, delay, () -> execute(event));
    }

    /**
     * Fires the model's {@code expired} event whenever the server has said nothing for
     * {@code timeout} (every message from it starts the wait again), e.g. to send a heartbeat;
     * null stops it.
     */
    protected final void setTimeout(Duration timeout) {
        this.timeout = timeout;
        armExpiry();
    }

    private void armExpiry() {
        if (expiry != null) {
            expiry.cancel();
            expiry = null;
        }
        if (timeout != null && expiredEvent != NO_EVENT) {
            expiry = reactor.timer(timeout, 0, () -> execute(expiredEvent));
        }
    }

    /** Sends {@code message} to the server. */
    public final void send(M message) {
        if (verbose) {
            log("send " + message);
        }
        dealer.send(encode(message));
    }

    /** Ends the client after this event's actions. */
    public final void terminate() {
        chain.terminated = true;
    }

    /** Moves to {@code state}; the generated engine does this after an event's actions. */
    public final void moveTo(int state) {
        chain.state = state;
    }

    /** Traces an action when verbose. */
    public final void animate(String action) {
        if (verbose) {
            log("    + " + action);
        }
    }

    /** Sends the API a reply or signal: its name, then each value as a frame (a List of byte[]: its frames). */
    protected final void sendReply(String reply, Object... values) {
        List<byte[]> frames = new ArrayList<>();
        frames.add(reply.getBytes(StandardCharsets.UTF_8));
        for (Object v : values) {
            if (v instanceof byte[]) {
                frames.add((byte[]) v);
            } else if (v instanceof List) {
                for (Object f : (List<?>) v) {
                    frames.add((byte[]) f);
                }
            } else {
                frames.add(String.valueOf(v).getBytes(StandardCharsets.UTF_8));
            }
        }
        pipe.send(Msg.of(frames));
    }

    /** Passes a protocol message on to the API, where {@code recv} returns it. */
    protected final void deliver(M message) {
        pipe.send(encode(message).prepend(DELIVERED.getBytes(StandardCharsets.UTF_8)));
    }

    /** Logs a line naming the client and its state. */
    protected final void log(String text) {
        LOG.log(System.Logger.Level.INFO, name + " " + stateNames[chain.state] + ": " + text);
    }

    private int argIndex(String field) {
        List<String> fields = method == null ? null : methodFields.get(method);
        int i = fields == null ? -1 : fields.indexOf(field);
        if (i < 0) {
            throw new IllegalStateException("method " + method + " has no argument '" + field + "'");
        }
        return i;
    }

    /** A text argument of the method being handled. */
    protected final String argString(String field) {
        return new String(arg(field), StandardCharsets.UTF_8);
    }

    /** A number argument of the method being handled. */
    protected final long argNumber(String field) {
        return Long.parseLong(new String(arg(field), StandardCharsets.UTF_8).trim());
    }

    /** A frame argument of the method being handled. */
    protected final byte[] argFrame(String field) {
        return arg(field).clone();
    }

    private byte[] arg(String field) {
        int i = argIndex(field);
        if (i >= args.size()) {
            throw new IllegalStateException("method " + method + ": argument '" + field + "' missing");
        }
        return args.get(i);
    }

    /** A msg argument (the remaining frames) of the method being handled. */
    protected final List<byte[]> argMsg(String field) {
        int i = argIndex(field);
        return List.copyOf(args.subList(Math.min(i, args.size()), args.size()));
    }

    // ---- the loop ----

    @Override
    public final void run(Context ctx, Socket pipe) throws Exception {
        this.context = ctx;
        this.pipe = pipe;
        this.dealer = ctx.socket(SocketType.DEALER);
        this.reactor = new Reactor();
        try {
            clientInitialize();
            reactor.reader(pipe, this::command);
            reactor.reader(dealer, this::incoming);
            reactor.run();
        } finally {
            try {
                clientTerminate();
            } finally {
                // Bounded: a last message (a GOODBYE from the destructor) still gets out.
                dealer.setLinger(Duration.ofSeconds(1));
                dealer.close();
            }
        }
    }

    private void command(Socket socket) {
        Msg msg = socket.recv();
        String m = msg.string(0);
        if (m.equals(Actor.TERM)) {
            reactor.stop();
            return;
        }
        if (m.equals("VERBOSE")) {
            verbose = true;
            return;
        }
        int ev = methodEvent(m);
        if (ev == NO_EVENT) {
            LOG.log(System.Logger.Level.WARNING, name + ": method " + m + " is not an event of the model; ignored");
            return;
        }
        method = m;
        args = msg.frames().subList(1, msg.size());
        execute(ev);
    }

    private void incoming(Socket socket) {
        Msg msg = dealer.recv();
        armExpiry();
        M decoded;
        try {
            decoded = decode(msg);
        } catch (ProtocolException e) {
            LOG.log(System.Logger.Level.WARNING, name + ": malformed message from the server dropped: " + e.getMessage());
            return;
        }
        message = decoded;
        if (verbose) {
            log("recv " + decoded);
        }
        int ev = eventOf(decoded);
        if (ev == NO_EVENT) {
            if (verbose) {
                log("message " + decoded + " is no event of the model; dropped");
            }
            return;
        }
        execute(ev);
    }

    private void execute(int first) {
        try {
            chain.run(first, machine);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, name + ": action failed in state " + stateNames[chain.state]
                    + " on event " + (chain.event < 0 ? "(none)" : eventNames[chain.event]) + "; the client ends", e);
            chain.terminated = true;
        }
        if (chain.terminated) {
            reactor.stop();
        }
    }
}
