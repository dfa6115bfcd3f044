package io.zmq4j;

import io.zmq4j.internal.socket.Options;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A typed key for one socket option, for the long tail and for tools that handle options
 * generically (config files, {@link SocketBuilder#set}): {@link #name()} is the option's name
 * in config files ({@code send_high_water_mark}, {@code heartbeat}, …), {@link #valueType()} the
 * Java type of its value. Setting one goes through the socket's own setter
 * ({@link Socket#setSendHwm} for {@link #SEND_HWM}, …), so it is checked exactly as that is.
 *
 * <pre>{@code
 * try (Context ctx = Context.create();
 *      Socket push = ctx.socket(SocketType.PUSH)) {
 *     push.set(SocketOption.SEND_TIMEOUT, Duration.ofMillis(300));
 *     Duration t = push.get(SocketOption.SEND_TIMEOUT);            // PT0.3S
 *     for (SocketOption<?> o : SocketOption.all()) System.out.println(o.name() + " = " + push.get(o));
 * }
 * }</pre>
 *
 * <p>Durations read back at millisecond precision; a negative one (libzmq's -1: for ever, or
 * off) reads back as -1 ms.
 *
 * @param <T> the type of the option's value
 */
public final class SocketOption<T> {
    private static final List<SocketOption<?>> ALL = new ArrayList<>();

    public static final SocketOption<Integer> SEND_HWM = new SocketOption<>("send_high_water_mark", Integer.class, Socket::setSendHwm, o -> o.sndhwm);
    public static final SocketOption<Integer> RECV_HWM = new SocketOption<>("recv_high_water_mark", Integer.class, Socket::setReceiveHwm, o -> o.rcvhwm);
    public static final SocketOption<Duration> LINGER = new SocketOption<>("linger", Duration.class, Socket::setLinger, o -> ms(o.lingerMs));
    public static final SocketOption<Duration> SEND_TIMEOUT = new SocketOption<>("send_timeout", Duration.class, Socket::setSendTimeout,
            o -> ms(o.sndtimeoMs));
    public static final SocketOption<Duration> RECV_TIMEOUT = new SocketOption<>("recv_timeout", Duration.class, Socket::setReceiveTimeout,
            o -> ms(o.rcvtimeoMs));
    public static final SocketOption<byte[]> ROUTING_ID = new SocketOption<>("routing_id", byte[].class, Socket::setRoutingId,
            o -> o.routingId.clone());
    public static final SocketOption<byte[]> CONNECT_ROUTING_ID = new SocketOption<>("connect_routing_id", byte[].class,
            Socket::setConnectRoutingId, o -> o.connectRoutingId == null ? null : o.connectRoutingId.clone());
    public static final SocketOption<Boolean> ROUTER_MANDATORY = new SocketOption<>("router_mandatory", Boolean.class,
            Socket::setRouterMandatory, o -> o.routerMandatory);
    public static final SocketOption<Boolean> ROUTER_HANDOVER = new SocketOption<>("router_handover", Boolean.class,
            Socket::setRouterHandover, o -> o.routerHandover);
    public static final SocketOption<Boolean> PROBE_ROUTER = new SocketOption<>("probe_router", Boolean.class, Socket::setProbeRouter,
            o -> o.probeRouter);
    public static final SocketOption<Boolean> REQ_CORRELATE = new SocketOption<>("req_correlate", Boolean.class, Socket::setReqCorrelate,
            o -> o.reqCorrelate);
    public static final SocketOption<Boolean> REQ_RELAXED = new SocketOption<>("req_relaxed", Boolean.class, Socket::setReqRelaxed,
            o -> o.reqRelaxed);
    public static final SocketOption<Duration> RECONNECT_INTERVAL = new SocketOption<>("reconnect_interval", Duration.class,
            Socket::setReconnectInterval, o -> ms(o.reconnectIvlMs));
    public static final SocketOption<Duration> RECONNECT_INTERVAL_MAX = new SocketOption<>("reconnect_interval_max", Duration.class,
            Socket::setReconnectIntervalMax, o -> ms(o.reconnectIvlMaxMs));
    public static final SocketOption<Integer> BACKLOG = new SocketOption<>("backlog", Integer.class, Socket::setBacklog, o -> o.backlog);
    public static final SocketOption<Long> MAX_MSG_SIZE = new SocketOption<>("max_msg_size", Long.class, Socket::setMaxMsgSize,
            o -> o.maxMsgSize);
    public static final SocketOption<Integer> MULTICAST_HOPS = new SocketOption<>("multicast_hops", Integer.class, Socket::setMulticastHops,
            o -> o.multicastHops);
    public static final SocketOption<Boolean> MULTICAST_LOOP = new SocketOption<>("multicast_loop", Boolean.class, Socket::setMulticastLoop,
            o -> o.multicastLoop);
    public static final SocketOption<Integer> TCP_KEEPALIVE = new SocketOption<>("tcp_keepalive", Integer.class, Socket::setTcpKeepalive,
            o -> o.tcpKeepalive);
    public static final SocketOption<Integer> TCP_KEEPALIVE_IDLE = new SocketOption<>("tcp_keepalive_idle", Integer.class,
            (s, v) -> s.setTcpKeepaliveParameters(v, s.options.tcpKeepaliveCnt, s.options.tcpKeepaliveIntvl), o -> o.tcpKeepaliveIdle);
    public static final SocketOption<Integer> TCP_KEEPALIVE_COUNT = new SocketOption<>("tcp_keepalive_count", Integer.class,
            (s, v) -> s.setTcpKeepaliveParameters(s.options.tcpKeepaliveIdle, v, s.options.tcpKeepaliveIntvl), o -> o.tcpKeepaliveCnt);
    public static final SocketOption<Integer> TCP_KEEPALIVE_INTERVAL = new SocketOption<>("tcp_keepalive_interval", Integer.class,
            (s, v) -> s.setTcpKeepaliveParameters(s.options.tcpKeepaliveIdle, s.options.tcpKeepaliveCnt, v), o -> o.tcpKeepaliveIntvl);
    public static final SocketOption<Boolean> IMMEDIATE = new SocketOption<>("immediate", Boolean.class, Socket::setImmediate,
            o -> o.immediate);
    public static final SocketOption<Duration> HANDSHAKE_INTERVAL = new SocketOption<>("handshake_interval", Duration.class,
            Socket::setHandshakeInterval, o -> ms(o.handshakeIvlMs));
    public static final SocketOption<Heartbeat> HEARTBEAT = new SocketOption<>("heartbeat", Heartbeat.class,
            (s, h) -> s.setHeartbeat(h.interval(), h.timeout()).setHeartbeatTtl(h.ttl()),
            o -> Heartbeat.of(Duration.ofMillis(o.heartbeatIvlMs)).timeout(o.heartbeatTimeoutMs < 0 ? null : Duration.ofMillis(o.heartbeatTimeoutMs))
                    .ttl(Duration.ofMillis(o.heartbeatTtlMs)));
    public static final SocketOption<Duration> CONNECT_TIMEOUT = new SocketOption<>("connect_timeout", Duration.class,
            Socket::setConnectTimeout, o -> ms(o.connectTimeoutMs));
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final SocketOption<Set<Socket.ReconnectStop>> RECONNECT_STOP = new SocketOption<>("reconnect_stop", (Class) Set.class,
            Socket::setReconnectStop, SocketOption::reconnectStop);
    public static final SocketOption<Boolean> STREAM_NOTIFY = new SocketOption<>("stream_notify", Boolean.class, Socket::setStreamNotify,
            o -> o.streamNotify);
    public static final SocketOption<Boolean> CONFLATE = new SocketOption<>("conflate", Boolean.class, Socket::setConflate, o -> o.conflate);
    public static final SocketOption<Boolean> XPUB_VERBOSE = new SocketOption<>("xpub_verbose", Boolean.class, Socket::setXpubVerbose,
            o -> o.xpubVerbose);
    public static final SocketOption<Boolean> XPUB_VERBOSER = new SocketOption<>("xpub_verboser", Boolean.class, Socket::setXpubVerboser,
            o -> o.xpubVerboser);
    public static final SocketOption<Boolean> XPUB_MANUAL = new SocketOption<>("xpub_manual", Boolean.class, Socket::setXpubManual,
            o -> o.xpubManual);
    public static final SocketOption<Boolean> XPUB_MANUAL_LAST_VALUE = new SocketOption<>("xpub_manual_last_value", Boolean.class,
            Socket::setXpubManualLastValue, o -> o.xpubManualLastValue);
    public static final SocketOption<byte[]> XPUB_WELCOME_MESSAGE = new SocketOption<>("xpub_welcome_message", byte[].class,
            Socket::setXpubWelcomeMessage, o -> o.xpubWelcome == null ? null : o.xpubWelcome.clone());
    public static final SocketOption<Boolean> XPUB_NODROP = new SocketOption<>("xpub_nodrop", Boolean.class, Socket::setXpubNoDrop,
            o -> o.xpubNoDrop);
    public static final SocketOption<Boolean> INVERT_MATCHING = new SocketOption<>("invert_matching", Boolean.class,
            Socket::setInvertMatching, o -> o.invertMatching);
    public static final SocketOption<Boolean> ONLY_FIRST_SUBSCRIBE = new SocketOption<>("only_first_subscribe", Boolean.class,
            Socket::setOnlyFirstSubscribe, o -> o.onlyFirstSubscribe);
    public static final SocketOption<String> ZAP_DOMAIN = new SocketOption<>("zap_domain", String.class, Socket::setZapDomain,
            o -> o.zapDomain);
    public static final SocketOption<String> WSS_CERT_PEM = new SocketOption<>("wss_cert_pem", String.class, Socket::setWssCertPem,
            o -> o.wssCertPem);
    public static final SocketOption<String> WSS_KEY_PEM = new SocketOption<>("wss_key_pem", String.class, Socket::setWssKeyPem,
            o -> o.wssKeyPem);
    public static final SocketOption<String> WSS_TRUST_PEM = new SocketOption<>("wss_trust_pem", String.class, Socket::setWssTrustPem,
            o -> o.wssTrustPem);
    public static final SocketOption<Mechanism> MECHANISM = new SocketOption<>("mechanism", Mechanism.class, (s, m) -> m.applyTo(s),
            Mechanism::of);

    private final String name;
    private final Class<T> valueType;
    private final BiConsumer<Socket, T> setter;
    private final Function<Options, T> getter;

    private SocketOption(String name, Class<T> valueType, BiConsumer<Socket, T> setter, Function<Options, T> getter) {
        this.name = name;
        this.valueType = valueType;
        this.setter = setter;
        this.getter = getter;
        ALL.add(this);
    }

    /** Every option, in a stable order (the order config files are written in). */
    public static List<SocketOption<?>> all() {
        return Collections.unmodifiableList(ALL);
    }

    /** The option of this config-file name, or null. */
    public static SocketOption<?> named(String name) {
        for (SocketOption<?> o : ALL) {
            if (o.name.equals(name)) {
                return o;
            }
        }
        return null;
    }

    /** The option's name in config files, e.g. {@code send_timeout}. */
    public String name() {
        return name;
    }

    /**
     * The type of the value: Integer, Long, Boolean, Duration, String, byte[], {@link Heartbeat},
     * {@link Mechanism}, or Set (of {@link Socket.ReconnectStop}).
     */
    public Class<T> valueType() {
        return valueType;
    }

    /** Sets it on {@code s} through the socket's own setter. */
    void apply(Socket s, Object value) {
        setter.accept(s, valueType.cast(value));
    }

    T read(Options o) {
        return getter.apply(o);
    }

    private static Duration ms(int ms) {
        return Duration.ofMillis(ms < 0 ? -1 : ms);
    }

    private static Set<Socket.ReconnectStop> reconnectStop(Options o) {
        Set<Socket.ReconnectStop> s = EnumSet.noneOf(Socket.ReconnectStop.class);
        for (Socket.ReconnectStop r : Socket.ReconnectStop.values()) {
            if ((o.reconnectStop & (1 << r.ordinal())) != 0) {
                s.add(r);
            }
        }
        return Collections.unmodifiableSet(s);
    }

    @Override
    public String toString() {
        return name;
    }
}
