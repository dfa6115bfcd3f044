package io.zmq4j;

import io.zmq4j.internal.socket.ContextCore;
import io.zmq4j.internal.socket.Options;
import io.zmq4j.internal.socket.SocketBase;
import java.time.Duration;

/**
 * A ZeroMQ socket: send and receive whole messages, bind and connect to endpoints.
 *
 * <pre>{@code
 * try (Context ctx = Context.create();
 *      Socket server = ctx.socket(SocketType.ROUTER)) {
 *     String endpoint = server.bind("tcp://127.0.0.1:*");   // the port it got
 *     Msg request = server.recv();                           // [routing id, body...]
 *     server.send(Msg.of(request.routingId(), "pong".getBytes(StandardCharsets.UTF_8)));
 *     Msg maybe = server.tryRecv();                          // null: nothing waiting
 * }
 * }</pre>
 *
 * <p>As in libzmq, a socket of a classic type is used by one thread at a time; hand it over
 * with a happens-before edge (a queue, a lock) if it must move. The thread-safe types (SERVER,
 * CLIENT, RADIO, DISH, SCATTER, GATHER, PEER, CHANNEL) may be shared by threads freely; their
 * messages are single-frame (RADIO/DISH messages carry a {@link Msg#group() group}). Closing the context from another
 * thread is always safe and wakes a blocked call with ETERM. An interrupted blocking call
 * throws EINTR and leaves the socket usable.
 *
 * <p>Blocking calls wait as long as the send/receive timeout option says (forever by
 * default); {@link #trySend} and {@link #tryRecv} never wait and report "would block" with
 * false or null, never with an exception.
 */
public final class Socket implements AutoCloseable {
    private final SocketBase base;
    /** Package-private so that {@link SocketOption}s go through the setters below with the current values. */
    final Options options;

    Socket(ContextCore ctx, SocketType type) {
        this.base = new SocketBase(ctx, type);
        this.options = base.options();
    }

    /**
     * A socket with options only, never connected to anything: {@link SocketBuilder#validate}
     * runs the setters on it, so a builder is checked by exactly the code that sets options.
     */
    Socket(SocketType type) {
        this.base = null;
        this.options = new Options(type);
    }

    /** The socket's type. */
    public SocketType type() {
        return options.type;
    }

    // ---- endpoints ----

    /**
     * Binds to an endpoint and returns the endpoint actually bound, with a {@code *} port filled
     * in. EADDRINUSE, EINVAL (malformed endpoint), EPROTONOSUPPORT (unknown transport).
     */
    public String bind(String endpoint) {
        return base.bind(endpoint);
    }

    /** Connects to an endpoint; the connection is made (and remade) in the background. */
    public void connect(String endpoint) {
        base.connect(endpoint);
    }

    /**
     * PEER: connects and returns the routing id the peer on that connection has, so messages
     * can be sent to it at once ({@code zmq_connect_peer}).
     */
    public byte[] connectPeer(String endpoint) {
        if (type() != SocketType.PEER) {
            throw new ZmqException(ZmqException.Kind.ENOTSUP, "connectPeer is for PEER sockets, not " + type());
        }
        return base.connectPeer(endpoint);
    }

    /** DISH: receive messages sent to {@code group} (exact match, at most 255 bytes). */
    public Socket join(String group) {
        requireType("JOIN", SocketType.DISH);
        base.join(group, true);
        return this;
    }

    /** DISH: stop receiving {@code group}. */
    public Socket leave(String group) {
        requireType("LEAVE", SocketType.DISH);
        base.join(group, false);
        return this;
    }

    /** Stops listening on an endpoint given to {@link #bind} (or the one it returned). */
    public void unbind(String endpoint) {
        base.unbind(endpoint);
    }

    /** Drops a connection made by {@link #connect}. */
    public void disconnect(String endpoint) {
        base.disconnect(endpoint);
    }

    /** The endpoint of the last bind or connect, as libzmq's {@code ZMQ_LAST_ENDPOINT}. */
    public String lastEndpoint() {
        return base.lastEndpoint();
    }

    // ---- sending ----

    /** Sends, blocking up to the send timeout; EAGAIN if that timeout passes. */
    public void send(Msg msg) {
        if (!base.send(msg, nanos(options.sndtimeoMs))) {
            throw new ZmqException(ZmqException.Kind.EAGAIN, type() + " socket: send timed out after " + options.sndtimeoMs + " ms");
        }
    }

    /** Sends a single-frame UTF-8 message. */
    public void send(String frame) {
        send(Msg.of(frame));
    }

    /** Sends if it can without waiting; false means it would block. */
    public boolean trySend(Msg msg) {
        return base.send(msg, 0);
    }

    /** Sends, waiting at most {@code timeout}; false if it could not. */
    public boolean send(Msg msg, Duration timeout) {
        return base.send(msg, timeout.toNanos());
    }

    // ---- frame by frame, as libzmq's ZMQ_SNDMORE / ZMQ_RCVMORE ----

    private java.util.List<byte[]> partialOut;
    private Msg partialIn;
    private int partialInNext;

    /**
     * Sends one frame; with {@code more} the message continues and nothing leaves until its
     * last frame is sent (messages are atomic, as in libzmq). For code ported from
     * {@code zmq_send(..., ZMQ_SNDMORE)}; new code can build a {@link Msg} instead.
     */
    public void sendFrame(byte[] frame, boolean more) {
        if (partialOut == null) {
            partialOut = new java.util.ArrayList<>(4);
        }
        partialOut.add(frame);
        if (!more) {
            Msg m = Msg.of(partialOut);
            partialOut = null;
            send(m);
        }
    }

    /**
     * Receives one frame of a message, blocking as {@link #recv()} does for the first one;
     * {@link #hasReceiveMore()} then says whether more frames of the same message follow.
     */
    public byte[] recvFrame() {
        if (partialIn == null) {
            partialIn = recv();
            partialInNext = 0;
        }
        byte[] f = partialIn.frame(partialInNext++);
        if (partialInNext == partialIn.size()) {
            partialIn = null;
        }
        return f;
    }

    /** libzmq's ZMQ_RCVMORE: whether the last {@link #recvFrame()} has more frames after it. */
    public boolean hasReceiveMore() {
        return partialIn != null;
    }

    // ---- receiving ----

    /** Receives, blocking up to the receive timeout (forever by default); EAGAIN if it passes. */
    public Msg recv() {
        Msg m = base.recv(nanos(options.rcvtimeoMs));
        if (m == null) {
            throw new ZmqException(ZmqException.Kind.EAGAIN, type() + " socket: receive timed out after " + options.rcvtimeoMs + " ms");
        }
        return m;
    }

    /** A message if one is waiting, otherwise null. */
    public Msg tryRecv() {
        return base.recv(0);
    }

    /** Receives, waiting at most {@code timeout}; null if nothing arrived. */
    public Msg recv(Duration timeout) {
        return base.recv(timeout.toNanos());
    }

    /** Receives and decodes the first frame as UTF-8. */
    public String recvString() {
        return recv().string(0);
    }

    private static long nanos(int ms) {
        return ms < 0 ? -1 : ms * 1_000_000L;
    }

    // ---- options ----

    /**
     * Sets any option by its typed key, through the same setter as the named method
     * ({@code set(SocketOption.SEND_HWM, 10)} is {@code setSendHwm(10)}).
     */
    public <T> Socket set(SocketOption<T> option, T value) {
        option.apply(this, value);
        return this;
    }

    /** The current value of an option (the default where it was never set). */
    public <T> T get(SocketOption<T> option) {
        return option.read(options);
    }

    /**
     * Messages queued per peer for sending before send blocks or drops (0: no limit). Default 1000.
     * Once a peer's queue is full, it takes more only after half of it has gone, as in libzmq.
     */
    public Socket setSendHwm(int messages) {
        Options.check(messages >= 0, "SNDHWM", messages, "must be 0 (no limit) or more");
        options.sndhwm = messages;
        return this;
    }

    public int sendHwm() {
        return options.sndhwm;
    }

    /** Messages queued per peer for receiving before the peer is throttled (0: no limit). Default 1000. */
    public Socket setReceiveHwm(int messages) {
        Options.check(messages >= 0, "RCVHWM", messages, "must be 0 (no limit) or more");
        options.rcvhwm = messages;
        return this;
    }

    public int receiveHwm() {
        return options.rcvhwm;
    }

    /** Both HWMs at once. */
    public Socket setHwm(int messages) {
        return setSendHwm(messages).setReceiveHwm(messages);
    }

    /**
     * How long unsent messages may linger after close; {@code null} or negative waits for
     * ever (libzmq's default, -1), zero drops them at once. While it lingers, a connecting
     * socket whose connection drops connects again to deliver them, as libzmq does; a peer that
     * refused the handshake is not retried.
     *
     * <pre>{@code
     * try (Socket push = ctx.socket(SocketType.PUSH).setLinger(Duration.ofSeconds(5))) {
     *     push.connect("tcp://collector:5558");
     *     push.send(Msg.of("last words")); // goes out after close; the context's close waits up to 5 s for it
     * }
     * }</pre>
     */
    public Socket setLinger(Duration linger) {
        options.lingerMs = millis("LINGER", linger);
        return this;
    }

    public Duration linger() {
        return options.lingerMs < 0 ? null : Duration.ofMillis(options.lingerMs);
    }

    /** How long {@link #send(Msg)} blocks before EAGAIN; null waits for ever (default). */
    public Socket setSendTimeout(Duration timeout) {
        options.sndtimeoMs = millis("SNDTIMEO", timeout);
        return this;
    }

    /** How long {@link #recv()} blocks before EAGAIN; null waits for ever (default). */
    public Socket setReceiveTimeout(Duration timeout) {
        options.rcvtimeoMs = millis("RCVTIMEO", timeout);
        return this;
    }

    /** The identity this socket announces to peers (1 to 255 bytes, not starting with 0). */
    public Socket setRoutingId(byte[] id) {
        checkRoutingId("ROUTING_ID", id);
        options.routingId = id.clone();
        return this;
    }

    public byte[] routingId() {
        return options.routingId.clone();
    }

    /** The routing id this ROUTER or STREAM gives the peer of the next {@link #connect}. */
    public Socket setConnectRoutingId(byte[] id) {
        checkRoutingId("CONNECT_ROUTING_ID", id);
        Options.check(type() == SocketType.ROUTER || type() == SocketType.STREAM, "CONNECT_ROUTING_ID", Msg.printable(id),
                "only ROUTER and STREAM sockets take it");
        options.connectRoutingId = id.clone();
        return this;
    }

    private static void checkRoutingId(String name, byte[] id) {
        Options.check(id != null && id.length >= 1 && id.length <= 255, name, id == null ? "null" : id.length + " bytes",
                "must be 1 to 255 bytes");
        Options.check(id[0] != 0, name, Msg.printable(id), "must not start with a zero byte (reserved for generated ids)");
    }

    /** ROUTER: unroutable messages raise EHOSTUNREACH instead of vanishing. */
    public Socket setRouterMandatory(boolean on) {
        requireType("ROUTER_MANDATORY", SocketType.ROUTER);
        options.routerMandatory = on;
        return this;
    }

    /** ROUTER: a new peer with a routing id already in use takes it over. */
    public Socket setRouterHandover(boolean on) {
        requireType("ROUTER_HANDOVER", SocketType.ROUTER);
        options.routerHandover = on;
        return this;
    }

    /** ROUTER, DEALER, REQ: send an empty message to each new peer. */
    public Socket setProbeRouter(boolean on) {
        requireType("PROBE_ROUTER", SocketType.ROUTER, SocketType.DEALER, SocketType.REQ);
        options.probeRouter = on;
        return this;
    }

    /** REQ: tag requests with an id and accept only the matching reply. */
    public Socket setReqCorrelate(boolean on) {
        requireType("REQ_CORRELATE", SocketType.REQ);
        options.reqCorrelate = on;
        return this;
    }

    /** REQ: allow a new request before the reply to the previous one. */
    public Socket setReqRelaxed(boolean on) {
        requireType("REQ_RELAXED", SocketType.REQ);
        options.reqRelaxed = on;
        return this;
    }

    /** First wait before reconnecting; null or negative disables reconnection. Default 100 ms. */
    public Socket setReconnectInterval(Duration ivl) {
        options.reconnectIvlMs = millis("RECONNECT_IVL", ivl);
        return this;
    }

    /** Upper bound of the doubling reconnect back-off; zero (default) keeps the first interval. */
    public Socket setReconnectIntervalMax(Duration max) {
        int ms = millis("RECONNECT_IVL_MAX", max);
        Options.check(ms >= 0, "RECONNECT_IVL_MAX", max, "must be zero or positive");
        options.reconnectIvlMaxMs = ms;
        return this;
    }

    /** Pending connections a listener queues. Default 100. */
    public Socket setBacklog(int backlog) {
        Options.check(backlog >= 0, "BACKLOG", backlog, "must be 0 or more");
        options.backlog = backlog;
        return this;
    }

    /** Largest frame accepted from a peer, in bytes (-1: no limit, the default). */
    public Socket setMaxMsgSize(long bytes) {
        Options.check(bytes >= -1, "MAXMSGSIZE", bytes, "must be -1 (no limit) or more");
        options.maxMsgSize = bytes;
        return this;
    }

    /** udp multicast: the time-to-live (hops) of a RADIO's datagrams, 1 to 255. Default 1: this network only. */
    public Socket setMulticastHops(int hops) {
        Options.check(hops >= 1 && hops <= 255, "MULTICAST_HOPS", hops, "must be 1 to 255");
        options.multicastHops = hops;
        return this;
    }

    /** udp multicast: whether dishes on this host receive this RADIO's datagrams. Default true. */
    public Socket setMulticastLoop(boolean on) {
        options.multicastLoop = on;
        return this;
    }

    /** TCP keepalive: -1 the OS default, 0 off, 1 on. */
    public Socket setTcpKeepalive(int mode) {
        Options.check(mode >= -1 && mode <= 1, "TCP_KEEPALIVE", mode, "must be -1, 0 or 1");
        options.tcpKeepalive = mode;
        return this;
    }

    /**
     * TCP keepalive tuning (seconds; -1 leaves the OS default), applied when
     * {@link #setTcpKeepalive} is 1: idle time before the first probe, probes before giving up,
     * and the interval between probes.
     */
    public Socket setTcpKeepaliveParameters(int idleSeconds, int count, int intervalSeconds) {
        Options.check(idleSeconds >= -1 && idleSeconds != 0, "TCP_KEEPALIVE_IDLE", idleSeconds, "must be -1 or positive");
        Options.check(count >= -1 && count != 0, "TCP_KEEPALIVE_CNT", count, "must be -1 or positive");
        Options.check(intervalSeconds >= -1 && intervalSeconds != 0, "TCP_KEEPALIVE_INTVL", intervalSeconds, "must be -1 or positive");
        options.tcpKeepaliveIdle = idleSeconds;
        options.tcpKeepaliveCnt = count;
        options.tcpKeepaliveIntvl = intervalSeconds;
        return this;
    }

    /** Queue messages only to completed connections (no pipe before the handshake). */
    public Socket setImmediate(boolean on) {
        options.immediate = on;
        return this;
    }

    /** How long a connection may take to complete its ZMTP handshake; zero disables. Default 30 s. */
    public Socket setHandshakeInterval(Duration ivl) {
        int ms = millis("HANDSHAKE_IVL", ivl);
        Options.check(ms >= 0, "HANDSHAKE_IVL", ivl, "must be zero or positive");
        options.handshakeIvlMs = ms;
        return this;
    }

    /**
     * ZMTP 3.1 heartbeats: send a PING every {@code interval} and drop the connection if
     * nothing at all arrives within {@code timeout} of a PING (null: the interval). The drop is
     * visible: a {@link Event#DISCONNECTED} event whose reason says "heartbeat timeout", the
     * peer's pipe goes away, and a connecting socket reconnects. Applies to later connections.
     * See docs/heartbeats.md.
     */
    public Socket setHeartbeat(Duration interval, Duration timeout) {
        int ivl = millis("HEARTBEAT_IVL", interval);
        Options.check(ivl >= 0, "HEARTBEAT_IVL", interval, "must be zero (off) or positive");
        options.heartbeatIvlMs = ivl;
        options.heartbeatTimeoutMs = timeout == null ? -1 : millis("HEARTBEAT_TIMEOUT", timeout);
        return this;
    }

    /**
     * The time-to-live our PINGs announce: a peer that hears nothing from us for that long
     * closes the connection. Whole tenths of a second, at most 6553.5 s.
     */
    public Socket setHeartbeatTtl(Duration ttl) {
        int ms = millis("HEARTBEAT_TTL", ttl);
        Options.check(ms >= 0 && ms <= 6_553_500, "HEARTBEAT_TTL", ttl, "must be 0 to 6553500 ms");
        options.heartbeatTtlMs = ms;
        return this;
    }

    /** How long a TCP connect may take before it is abandoned and retried; zero: the OS's. */
    public Socket setConnectTimeout(Duration timeout) {
        int ms = millis("CONNECT_TIMEOUT", timeout);
        Options.check(ms >= 0, "CONNECT_TIMEOUT", timeout, "must be zero or positive");
        options.connectTimeoutMs = ms;
        return this;
    }

    /** When a connecting socket gives up reconnecting (libzmq's ZMQ_RECONNECT_STOP). */
    public enum ReconnectStop {
        /** The peer refused the connection (nobody listens). */
        CONNECTION_REFUSED,
        /** The handshake failed (wrong type, protocol, authentication). */
        HANDSHAKE_FAILED,
        /** An established connection was lost. */
        AFTER_DISCONNECT
    }

    public Socket setReconnectStop(java.util.Set<ReconnectStop> when) {
        int bits = 0;
        for (ReconnectStop r : when) {
            bits |= 1 << r.ordinal();
        }
        options.reconnectStop = bits;
        return this;
    }

    /** STREAM: deliver an empty message on connect and disconnect of each peer (default on). */
    public Socket setStreamNotify(boolean on) {
        requireType("STREAM_NOTIFY", SocketType.STREAM);
        options.streamNotify = on;
        return this;
    }

    /**
     * Keep only the newest message per peer (libzmq's CONFLATE): for PUB, SUB, PUSH, PULL and
     * DEALER, single-frame messages only. Applies to later binds and connects.
     */
    public Socket setConflate(boolean on) {
        requireType("CONFLATE", SocketType.PUB, SocketType.SUB, SocketType.PUSH, SocketType.PULL, SocketType.DEALER);
        options.conflate = on;
        return this;
    }

    // ---- publish-subscribe ----

    /**
     * SUB/XSUB: receive messages whose first frame starts with {@code prefix} (empty: all).
     * Subscriptions are counted: subscribe twice, unsubscribe twice. On an XPUB in manual mode,
     * applies the subscription to the peer that sent the last one.
     */
    public Socket subscribe(byte[] prefix) {
        requireType("SUBSCRIBE", SocketType.SUB, SocketType.XSUB, SocketType.XPUB);
        base.subscribe(prefix.clone(), true);
        return this;
    }

    public Socket subscribe(String prefix) {
        return subscribe(prefix.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Drops one subscription to {@code prefix}. */
    public Socket unsubscribe(byte[] prefix) {
        requireType("UNSUBSCRIBE", SocketType.SUB, SocketType.XSUB, SocketType.XPUB);
        base.subscribe(prefix.clone(), false);
        return this;
    }

    public Socket unsubscribe(String prefix) {
        return unsubscribe(prefix.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Distinct topics subscribed: by this SUB/XSUB, or by this XPUB's subscribers. */
    public int topicsCount() {
        requireType("TOPICS_COUNT", SocketType.SUB, SocketType.XSUB, SocketType.XPUB);
        return base.topicsCount();
    }

    /** XPUB: pass every subscribe up, not only the first for a topic. */
    public Socket setXpubVerbose(boolean on) {
        requireType("XPUB_VERBOSE", SocketType.XPUB);
        options.xpubVerbose = on;
        return this;
    }

    /** XPUB: pass every subscribe and every unsubscribe up. */
    public Socket setXpubVerboser(boolean on) {
        requireType("XPUB_VERBOSER", SocketType.XPUB);
        options.xpubVerbose = on;
        options.xpubVerboser = on;
        return this;
    }

    /** XPUB: subscriptions are not applied until the application calls {@link #subscribe}. */
    public Socket setXpubManual(boolean on) {
        requireType("XPUB_MANUAL", SocketType.XPUB);
        options.xpubManual = on;
        return this;
    }

    /** XPUB manual mode that sends the next message only to the subscriber just applied. */
    public Socket setXpubManualLastValue(boolean on) {
        requireType("XPUB_MANUAL_LAST_VALUE", SocketType.XPUB);
        options.xpubManual = on;
        options.xpubManualLastValue = on;
        return this;
    }

    /** XPUB: a message sent to every new subscriber as it connects (null: none). */
    public Socket setXpubWelcomeMessage(byte[] welcome) {
        requireType("XPUB_WELCOME_MSG", SocketType.XPUB);
        options.xpubWelcome = welcome == null ? null : welcome.clone();
        return this;
    }

    /** XPUB: at a subscriber's HWM, block (or report would-block) instead of dropping. */
    public Socket setXpubNoDrop(boolean on) {
        requireType("XPUB_NODROP", SocketType.XPUB);
        options.xpubNoDrop = on;
        return this;
    }

    /** PUB, XPUB, SUB, XSUB: deliver what does NOT match the subscriptions. */
    public Socket setInvertMatching(boolean on) {
        requireType("INVERT_MATCHING", SocketType.PUB, SocketType.XPUB, SocketType.SUB, SocketType.XSUB);
        options.invertMatching = on;
        return this;
    }

    /** XPUB, XSUB: only the first frame of a message can be a subscription; the rest is data. */
    public Socket setOnlyFirstSubscribe(boolean on) {
        requireType("ONLY_FIRST_SUBSCRIBE", SocketType.XPUB, SocketType.XSUB);
        options.onlyFirstSubscribe = on;
        return this;
    }

    // ---- security ----

    /**
     * Makes this socket a PLAIN server (RFC 24): clients' usernames and passwords go to the ZAP
     * handler of this context (see {@link Authenticator}); with no handler bound every client is
     * let in, as in libzmq. {@code false} returns to NULL. Applies to later binds and connects.
     *
     * <pre>{@code
     * try (Authenticator auth = Authenticator.start(ctx)) {
     *     auth.setPasswords(Map.of("admin", "secret"));
     *     server.setPlainServer(true).bind("tcp://*:5555");
     * }
     * }</pre>
     */
    public Socket setPlainServer(boolean on) {
        options.mechanism = on ? "PLAIN" : "NULL";
        options.asServer = on;
        return this;
    }

    /**
     * The certificate chain a socket that binds {@code wss://} presents (PEM, leaf first; libzmq's
     * ZMQ_WSS_CERT_PEM). Needs {@link #setWssKeyPem}. Null clears it. Applies to later binds.
     *
     * <pre>{@code
     * pub.setWssCertPem(Files.readString(Path.of("server.crt")))
     *    .setWssKeyPem(Files.readString(Path.of("server.key")))   // PKCS#8: BEGIN PRIVATE KEY
     *    .bind("wss://*:8443/updates");
     * }</pre>
     */
    public Socket setWssCertPem(String pem) {
        io.zmq4j.internal.transport.Pem.certificates(pem, "WSS_CERT_PEM"); // EINVAL now, not at bind
        options.wssCertPem = pem;
        return this;
    }

    /**
     * The private key for {@link #setWssCertPem} (PEM, PKCS#8 {@code BEGIN PRIVATE KEY}, RSA, EC or
     * EdDSA; {@code openssl pkcs8 -topk8 -nocrypt} converts others; libzmq's ZMQ_WSS_KEY_PEM).
     */
    public Socket setWssKeyPem(String pem) {
        io.zmq4j.internal.transport.Pem.privateKey(pem, "WSS_KEY_PEM");
        options.wssKeyPem = pem;
        return this;
    }

    /**
     * The certificates a socket that connects to {@code wss://} trusts (PEM; libzmq's
     * ZMQ_WSS_TRUST_PEM), instead of the JDK's trust store. Either way the server's certificate
     * must name the endpoint's host. Null returns to the JDK's trust store.
     *
     * <pre>{@code sub.setWssTrustPem(Files.readString(Path.of("ca.crt"))).connect("wss://example.com:8443/updates");}</pre>
     */
    public Socket setWssTrustPem(String pem) {
        io.zmq4j.internal.transport.Pem.certificates(pem, "WSS_TRUST_PEM");
        options.wssTrustPem = pem;
        return this;
    }


    /**
     * Makes this socket a PLAIN client with these credentials (each at most 255 UTF-8 bytes);
     * a null user returns to NULL. PLAIN sends the password in clear: use it on trusted networks.
     *
     * <pre>{@code client.setPlainCredentials("admin", "secret").connect("tcp://server:5555");}</pre>
     */
    public Socket setPlainCredentials(String user, String password) {
        if (user == null) {
            options.mechanism = "NULL";
            options.plainUsername = null;
            options.plainPassword = null;
            return this;
        }
        byte[] u = user.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] p = (password == null ? "" : password).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Options.check(u.length <= 255, "PLAIN_USERNAME", u.length + " bytes", "must be at most 255 bytes");
        Options.check(p.length <= 255, "PLAIN_PASSWORD", p.length + " bytes", "must be at most 255 bytes");
        options.plainUsername = u;
        options.plainPassword = p;
        options.mechanism = "PLAIN";
        options.asServer = false;
        return this;
    }

    /**
     * Makes this socket a CURVE server (RFC 25/26): it needs its secret key
     * ({@link #setCurveSecretKey}); clients are authenticated by the context's ZAP handler (see
     * {@link Authenticator}), or all let in when none is bound. {@code false} returns to NULL.
     *
     * <pre>{@code
     * CurveKeyPair server = CurveKeyPair.generate();
     * socket.setCurveServer(true).setCurveSecretKey(server.secretKey()).bind("tcp://*:5555");
     * }</pre>
     */
    public Socket setCurveServer(boolean on) {
        options.mechanism = on ? "CURVE" : "NULL";
        options.asServer = on;
        return this;
    }

    /**
     * Makes this socket a CURVE client of the server with this public key (32 bytes, or 40 Z85
     * characters as ASCII). Set the client's own keypair with {@link #setCurvePublicKey} and
     * {@link #setCurveSecretKey}; without them each connection uses a fresh ephemeral keypair.
     *
     * <pre>{@code
     * client.setCurveServerKey(serverPublicZ85)
     *       .setCurvePublicKey(mine.publicKey()).setCurveSecretKey(mine.secretKey())
     *       .connect("tcp://server:5555");
     * }</pre>
     */
    public Socket setCurveServerKey(byte[] key) {
        options.curveServerKey = curveKey("CURVE_SERVERKEY", key);
        options.mechanism = "CURVE";
        options.asServer = false;
        return this;
    }

    /** {@link #setCurveServerKey(byte[])} with the key in Z85 (40 characters). */
    public Socket setCurveServerKey(String z85) {
        return setCurveServerKey(z85Bytes(z85));
    }

    /** This socket's long-term CURVE public key (32 bytes, or 40 Z85 characters as ASCII). */
    public Socket setCurvePublicKey(byte[] key) {
        options.curvePublicKey = curveKey("CURVE_PUBLICKEY", key);
        return this;
    }

    public Socket setCurvePublicKey(String z85) {
        return setCurvePublicKey(z85Bytes(z85));
    }

    /**
     * This socket's long-term CURVE secret key (32 bytes, or 40 Z85 characters as ASCII). The
     * socket keeps its own copy; each connection copies it and erases its copy when it closes.
     */
    public Socket setCurveSecretKey(byte[] key) {
        options.curveSecret(curveKey("CURVE_SECRETKEY", key));
        return this;
    }

    public Socket setCurveSecretKey(String z85) {
        return setCurveSecretKey(z85Bytes(z85));
    }

    /**
     * The ZAP domain sent with each authentication request (default empty; at most 255 bytes).
     * As in libzmq, a NULL socket asks the ZAP handler about its peers only when a domain is
     * set, so the handler can filter NULL connections by address:
     *
     * <pre>{@code
     * auth.deny("10.0.0.66");
     * pull.setZapDomain("global").bind("tcp://*:5555");
     * }</pre>
     */
    public Socket setZapDomain(String domain) {
        String d = domain == null ? "" : domain;
        Options.check(d.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 255, "ZAP_DOMAIN", d, "must be at most 255 bytes");
        options.zapDomain = d;
        return this;
    }

    /** The security mechanism this socket's new connections use: NULL, PLAIN or CURVE. */
    public String mechanism() {
        return options.mechanism;
    }

    private static byte[] curveKey(String option, byte[] key) {
        try {
            return io.zmq4j.internal.security.Z85.key(key, option);
        } catch (IllegalArgumentException e) {
            throw new ZmqException(ZmqException.Kind.EINVAL, "invalid value for option " + option + ": " + e.getMessage());
        }
    }

    private static byte[] z85Bytes(String z85) {
        return z85 == null ? null : z85.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private void requireType(String option, SocketType... types) {
        for (SocketType t : types) {
            if (t == type()) {
                return;
            }
        }
        throw new ZmqException(ZmqException.Kind.EINVAL, "option " + option + " does not apply to a " + type() + " socket");
    }

    private static int millis(String option, Duration d) {
        if (d == null || d.isNegative()) {
            return -1;
        }
        Options.check(d.toMillis() <= Integer.MAX_VALUE, option, d, "must fit in 2^31-1 milliseconds");
        return (int) d.toMillis();
    }

    // ---- readiness and lifecycle ----

    /** Whether a receive would not block now. */
    public boolean hasIn() {
        return base.hasIn();
    }

    /** Whether a send would not block now. */
    public boolean hasOut() {
        return base.hasOut();
    }

    // ---- events ----

    /** A registered event listener or monitor; closing it stops the deliveries. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Calls {@code listener} for each event in {@code events}, on the context's event thread:
     * a slow listener delays other listeners, never the traffic. A listener that falls 100,000
     * events behind loses the newest ones (logged once), as libzmq drops events its monitor
     * socket has no room for.
     *
     * <pre>{@code
     * try (Socket.Registration r = dealer.onEvent(EnumSet.of(Event.DISCONNECTED), e -> lost.countDown())) { ... }
     * }</pre>
     */
    public Registration onEvent(java.util.Set<Event> events, java.util.function.Consumer<SocketEvent> listener) {
        java.util.Objects.requireNonNull(listener, "listener");
        SocketBase.Watch w = base.watch(Event.mask(events), listener, null);
        return () -> base.unwatch(w);
    }

    /**
     * Publishes events on a PAIR socket bound at {@code endpoint} (normally {@code inproc://...})
     * in libzmq's monitor frame layout, version 1 ({@code [uint16 event, uint32 value],
     * endpoint}) or 2 ({@code uint64 event, uint64 count, values, local, remote}), so code
     * ported from {@code zmq_socket_monitor} reads it unchanged. Closing the registration (or
     * the socket) sends {@link Event#MONITOR_STOPPED} and closes the PAIR socket.
     */
    public Registration monitor(String endpoint, java.util.Set<Event> events, int version) {
        Options.check(version == 1 || version == 2, "monitor version", version, "must be 1 or 2");
        Socket pair = new Socket(base.context(), SocketType.PAIR);
        pair.setLinger(Duration.ZERO);
        pair.bind(endpoint);
        int mask = Event.mask(events) | Event.MONITOR_STOPPED.value();
        // from here on only the event thread touches the PAIR socket
        SocketBase.Watch w = base.watch(mask, e -> {
            if (!pair.base.isClosed()) {
                pair.trySend(version == 1 ? io.zmq4j.internal.monitor.MonitorFrames.v1(e) : io.zmq4j.internal.monitor.MonitorFrames.v2(e));
            }
        }, pair::close);
        return () -> {
            base.emit(Event.MONITOR_STOPPED, 0, endpoint, "", "monitor stopped");
            base.unwatch(w);
        };
    }

    /** {@link #monitor(String, java.util.Set, int)} with libzmq's default layout, version 1. */
    public Registration monitor(String endpoint, java.util.Set<Event> events) {
        return monitor(endpoint, events, 1);
    }

    /** The socket's counters, per socket and per peer; safe to call from any thread. */
    public SocketStats stats() {
        return base.stats();
    }

    SocketBase base() {
        return base;
    }

    /**
     * Closes the socket; its connections flush queued messages for up to the linger time. What
     * was queued for the socket and never received, and what a connection could not send before
     * its linger ran out, is closed as libzmq frees it, so large received messages give their
     * pooled memory back at once, not when the GC finds the socket.
     */
    @Override
    public void close() {
        base.close();
    }

    @Override
    public String toString() {
        return "Socket[" + type() + (base.lastEndpoint().isEmpty() ? "" : " " + base.lastEndpoint()) + "]";
    }
}
