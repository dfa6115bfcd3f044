package io.zmq4j;

import io.zmq4j.internal.transport.Endpoint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A socket's whole setup as one immutable value: its type, options, subscriptions and
 * endpoints. Every method returns a new builder, so one can be a template for several sockets;
 * {@link #build()} checks every field (an error names it), then makes the socket, sets each
 * option through the socket's own setter, subscribes, binds and connects. If any step fails the
 * socket is closed again before the error is thrown: a failed build leaves nothing open.
 *
 * <pre>{@code
 * try (Context ctx = Context.create();
 *      Socket server = ctx.socketBuilder(SocketType.SERVER)
 *              .bind("tcp://127.0.0.1:*")
 *              .sendTimeout(Duration.ofMillis(300))
 *              .heartbeat(Heartbeat.of(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(3)))
 *              .mechanism(Mechanism.curveServer(serverSecret))
 *              .build()) {
 *     Msg request = server.recv();
 * }
 * }</pre>
 *
 * <p>Options not given keep the socket's defaults (libzmq's). Config files
 * ({@code io.zmq4j.config}) read into and write out of this same value.
 */
public final class SocketBuilder {
    private final Context context;
    private final SocketType type;
    private final Map<SocketOption<?>, Object> options;
    private final List<String> subscriptions;
    private final List<String> groups;
    private final List<String> binds;
    private final List<String> connects;

    private SocketBuilder(Context context, SocketType type, Map<SocketOption<?>, Object> options, List<String> subscriptions,
            List<String> groups, List<String> binds, List<String> connects) {
        this.context = context;
        this.type = type;
        this.options = options;
        this.subscriptions = subscriptions;
        this.groups = groups;
        this.binds = binds;
        this.connects = connects;
    }

    /** A builder not tied to a context: build it with {@link #build(Context)}. */
    public static SocketBuilder of(SocketType type) {
        return new SocketBuilder(null, Objects.requireNonNull(type, "type"), Map.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** The same builder, to be built in {@code ctx} by {@link #build()}. */
    public SocketBuilder in(Context ctx) {
        return new SocketBuilder(ctx, type, options, subscriptions, groups, binds, connects);
    }

    // ---- endpoints and subscriptions ----

    /** Adds endpoints to bind, in order. */
    public SocketBuilder bind(String... endpoints) {
        return new SocketBuilder(context, type, options, subscriptions, groups, plus(binds, endpoints), connects);
    }

    /** Adds endpoints to connect to, in order (after every bind). */
    public SocketBuilder connect(String... endpoints) {
        return new SocketBuilder(context, type, options, subscriptions, groups, binds, plus(connects, endpoints));
    }

    /** SUB/XSUB: adds subscriptions (UTF-8 prefixes; empty: everything), made before any connect. */
    public SocketBuilder subscribe(String... prefixes) {
        return new SocketBuilder(context, type, options, plus(subscriptions, prefixes), groups, binds, connects);
    }

    /** DISH: adds groups to join. */
    public SocketBuilder join(String... groupNames) {
        return new SocketBuilder(context, type, options, subscriptions, plus(groups, groupNames), binds, connects);
    }

    private static List<String> plus(List<String> list, String[] more) {
        List<String> l = new ArrayList<>(list);
        for (String s : more) {
            l.add(Objects.requireNonNull(s, "endpoint, subscription or group"));
        }
        return Collections.unmodifiableList(l);
    }

    // ---- options ----

    /** Sets any option by its key (null removes it, leaving the socket's default). */
    public <T> SocketBuilder set(SocketOption<T> option, T value) {
        Objects.requireNonNull(option, "option");
        Map<SocketOption<?>, Object> o = new LinkedHashMap<>(options);
        if (value == null) {
            o.remove(option);
        } else {
            o.put(option, normalise(value));
        }
        return new SocketBuilder(context, type, Collections.unmodifiableMap(o), subscriptions, groups, binds, connects);
    }

    private static Object normalise(Object value) {
        if (value instanceof byte[] b) {
            return b.clone();
        }
        if (value instanceof Duration d && d.isNegative()) {
            return Duration.ofMillis(-1); // every negative duration means libzmq's -1
        }
        if (value instanceof Set<?> s) {
            return Set.copyOf(s);
        }
        return value;
    }

    /** The value given for an option, or null if it was not given. */
    @SuppressWarnings("unchecked")
    public <T> T get(SocketOption<T> option) {
        Object v = options.get(option);
        return v instanceof byte[] b ? (T) b.clone() : (T) v;
    }

    /** The options given, in the order they were first given. */
    public Set<SocketOption<?>> options() {
        return Collections.unmodifiableSet(options.keySet());
    }

    public SocketBuilder sendHwm(int messages) {
        return set(SocketOption.SEND_HWM, messages);
    }

    public SocketBuilder receiveHwm(int messages) {
        return set(SocketOption.RECV_HWM, messages);
    }

    /** Both high-water marks. */
    public SocketBuilder hwm(int messages) {
        return sendHwm(messages).receiveHwm(messages);
    }

    public SocketBuilder linger(Duration linger) {
        return set(SocketOption.LINGER, linger == null ? Duration.ofMillis(-1) : linger);
    }

    public SocketBuilder sendTimeout(Duration timeout) {
        return set(SocketOption.SEND_TIMEOUT, timeout == null ? Duration.ofMillis(-1) : timeout);
    }

    public SocketBuilder receiveTimeout(Duration timeout) {
        return set(SocketOption.RECV_TIMEOUT, timeout == null ? Duration.ofMillis(-1) : timeout);
    }

    public SocketBuilder routingId(byte[] id) {
        return set(SocketOption.ROUTING_ID, id);
    }

    public SocketBuilder routingId(String id) {
        return routingId(id.getBytes(StandardCharsets.UTF_8));
    }

    public SocketBuilder connectRoutingId(byte[] id) {
        return set(SocketOption.CONNECT_ROUTING_ID, id);
    }

    public SocketBuilder routerMandatory(boolean on) {
        return set(SocketOption.ROUTER_MANDATORY, on);
    }

    public SocketBuilder routerHandover(boolean on) {
        return set(SocketOption.ROUTER_HANDOVER, on);
    }

    public SocketBuilder probeRouter(boolean on) {
        return set(SocketOption.PROBE_ROUTER, on);
    }

    public SocketBuilder reqCorrelate(boolean on) {
        return set(SocketOption.REQ_CORRELATE, on);
    }

    public SocketBuilder reqRelaxed(boolean on) {
        return set(SocketOption.REQ_RELAXED, on);
    }

    public SocketBuilder reconnectInterval(Duration ivl) {
        return set(SocketOption.RECONNECT_INTERVAL, ivl);
    }

    public SocketBuilder reconnectIntervalMax(Duration max) {
        return set(SocketOption.RECONNECT_INTERVAL_MAX, max);
    }

    public SocketBuilder backlog(int backlog) {
        return set(SocketOption.BACKLOG, backlog);
    }

    public SocketBuilder maxMsgSize(long bytes) {
        return set(SocketOption.MAX_MSG_SIZE, bytes);
    }

    public SocketBuilder tcpKeepalive(int mode) {
        return set(SocketOption.TCP_KEEPALIVE, mode);
    }

    public SocketBuilder tcpKeepaliveParameters(int idleSeconds, int count, int intervalSeconds) {
        return set(SocketOption.TCP_KEEPALIVE_IDLE, idleSeconds).set(SocketOption.TCP_KEEPALIVE_COUNT, count)
                .set(SocketOption.TCP_KEEPALIVE_INTERVAL, intervalSeconds);
    }

    public SocketBuilder immediate(boolean on) {
        return set(SocketOption.IMMEDIATE, on);
    }

    public SocketBuilder handshakeInterval(Duration ivl) {
        return set(SocketOption.HANDSHAKE_INTERVAL, ivl);
    }

    public SocketBuilder heartbeat(Heartbeat heartbeat) {
        return set(SocketOption.HEARTBEAT, heartbeat);
    }

    public SocketBuilder connectTimeout(Duration timeout) {
        return set(SocketOption.CONNECT_TIMEOUT, timeout);
    }

    public SocketBuilder reconnectStop(Set<Socket.ReconnectStop> when) {
        return set(SocketOption.RECONNECT_STOP, when);
    }

    public SocketBuilder streamNotify(boolean on) {
        return set(SocketOption.STREAM_NOTIFY, on);
    }

    public SocketBuilder conflate(boolean on) {
        return set(SocketOption.CONFLATE, on);
    }

    public SocketBuilder xpubVerbose(boolean on) {
        return set(SocketOption.XPUB_VERBOSE, on);
    }

    public SocketBuilder xpubVerboser(boolean on) {
        return set(SocketOption.XPUB_VERBOSER, on);
    }

    public SocketBuilder xpubManual(boolean on) {
        return set(SocketOption.XPUB_MANUAL, on);
    }

    public SocketBuilder xpubManualLastValue(boolean on) {
        return set(SocketOption.XPUB_MANUAL_LAST_VALUE, on);
    }

    public SocketBuilder xpubWelcomeMessage(byte[] welcome) {
        return set(SocketOption.XPUB_WELCOME_MESSAGE, welcome);
    }

    public SocketBuilder xpubNoDrop(boolean on) {
        return set(SocketOption.XPUB_NODROP, on);
    }

    public SocketBuilder invertMatching(boolean on) {
        return set(SocketOption.INVERT_MATCHING, on);
    }

    public SocketBuilder onlyFirstSubscribe(boolean on) {
        return set(SocketOption.ONLY_FIRST_SUBSCRIBE, on);
    }

    public SocketBuilder zapDomain(String domain) {
        return set(SocketOption.ZAP_DOMAIN, domain);
    }

    public SocketBuilder wssCertPem(String pem) {
        return set(SocketOption.WSS_CERT_PEM, pem);
    }

    public SocketBuilder wssKeyPem(String pem) {
        return set(SocketOption.WSS_KEY_PEM, pem);
    }

    public SocketBuilder wssTrustPem(String pem) {
        return set(SocketOption.WSS_TRUST_PEM, pem);
    }

    public SocketBuilder mechanism(Mechanism mechanism) {
        return set(SocketOption.MECHANISM, mechanism);
    }

    // ---- what it holds ----

    public SocketType type() {
        return type;
    }

    public List<String> binds() {
        return binds;
    }

    public List<String> connects() {
        return connects;
    }

    public List<String> subscriptions() {
        return subscriptions;
    }

    public List<String> groups() {
        return groups;
    }

    // ---- checking and building ----

    /**
     * Checks every field as {@link #build()} would, without making a socket: each option through
     * the socket's own setter, each endpoint's syntax, subscriptions and groups against the type.
     * EINVAL (or EPROTONOSUPPORT for an unknown transport) naming the field, e.g.
     * {@code "field heartbeat: invalid value PT2H for option HEARTBEAT_TTL: must be 0 to 6553500 ms"}.
     */
    public SocketBuilder validate() {
        Socket scratch = new Socket(type);
        for (Map.Entry<SocketOption<?>, Object> e : options.entrySet()) {
            String field = e.getKey().name();
            run(field, () -> e.getKey().apply(scratch, e.getValue()));
        }
        if (!subscriptions.isEmpty() && type != SocketType.SUB && type != SocketType.XSUB) {
            throw fieldError("subscribe", new ZmqException(ZmqException.Kind.EINVAL, "only SUB and XSUB sockets subscribe, not " + type));
        }
        if (!groups.isEmpty() && type != SocketType.DISH) {
            throw fieldError("join", new ZmqException(ZmqException.Kind.EINVAL, "only DISH sockets join groups, not " + type));
        }
        checkEndpoints("bind", binds);
        checkEndpoints("connect", connects);
        return this;
    }

    private static void checkEndpoints(String field, List<String> endpoints) {
        for (int i = 0; i < endpoints.size(); i++) {
            String ep = endpoints.get(i);
            run(field + "[" + i + "]", () -> Endpoint.parse(ep));
        }
    }

    /** Builds in the context this builder came from ({@link Context#socketBuilder}). */
    public Socket build() {
        if (context == null) {
            throw new ZmqException(ZmqException.Kind.EINVAL, "this builder has no context: use build(ctx) or ctx.socketBuilder(type)");
        }
        return build(context);
    }

    /**
     * Checks every field ({@link #validate()}), then makes the socket in {@code ctx}, sets its
     * options, subscribes, joins, binds and connects, in that order. On any failure (a port in
     * use, the context closed) the socket is closed before the error is thrown.
     */
    public Socket build(Context ctx) {
        Objects.requireNonNull(ctx, "context");
        validate();
        Socket s = ctx.socket(type);
        try {
            for (Map.Entry<SocketOption<?>, Object> e : options.entrySet()) {
                run(e.getKey().name(), () -> e.getKey().apply(s, e.getValue()));
            }
            for (String p : subscriptions) {
                s.subscribe(p);
            }
            for (String g : groups) {
                s.join(g);
            }
            for (int i = 0; i < binds.size(); i++) {
                String ep = binds.get(i);
                run("bind[" + i + "]", () -> s.bind(ep));
            }
            for (int i = 0; i < connects.size(); i++) {
                String ep = connects.get(i);
                run("connect[" + i + "]", () -> s.connect(ep));
            }
            return s;
        } catch (RuntimeException | Error e) {
            s.close();
            throw e;
        }
    }

    private static void run(String field, Runnable r) {
        try {
            r.run();
        } catch (ZmqException e) {
            throw fieldError(field, e);
        }
    }

    private static ZmqException fieldError(String field, ZmqException e) {
        String m = e.getMessage();
        String prefix = e.kind() + ": ";
        return new ZmqException(e.kind(), "field " + field + ": " + (m.startsWith(prefix) ? m.substring(prefix.length()) : m), e);
    }

    // ---- value semantics ----

    /** Equal when type, options (byte values by content), subscriptions, groups and endpoints are; the context is not compared. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SocketBuilder b) || b.type != type || !b.options.keySet().equals(options.keySet())) {
            return false;
        }
        for (Map.Entry<SocketOption<?>, Object> e : options.entrySet()) {
            if (!Objects.deepEquals(e.getValue(), b.options.get(e.getKey()))) {
                return false;
            }
        }
        return b.subscriptions.equals(subscriptions) && b.groups.equals(groups) && b.binds.equals(binds) && b.connects.equals(connects);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, options.keySet(), binds, connects);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("SocketBuilder[").append(type);
        for (Map.Entry<SocketOption<?>, Object> e : options.entrySet()) {
            Object v = e.getValue();
            sb.append(", ").append(e.getKey().name()).append('=').append(v instanceof byte[] b ? Msg.printable(b) : v);
        }
        if (!binds.isEmpty()) {
            sb.append(", bind ").append(binds);
        }
        if (!connects.isEmpty()) {
            sb.append(", connect ").append(connects);
        }
        return sb.append(']').toString();
    }

}
