package io.zmq4j.internal.transport;

import io.zmq4j.Event;
import io.zmq4j.SocketType;
import io.zmq4j.internal.io.IoThread;
import io.zmq4j.internal.pipe.Pipe;
import io.zmq4j.internal.pipe.Waker;
import io.zmq4j.internal.socket.Options;
import io.zmq4j.internal.socket.SocketBase;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The I/O-thread side of one peer: owns the pipe to the socket and the engine of the current
 * connection. A connecting session outlives its connections: it reconnects with back-off and,
 * unless {@code immediate} is set, keeps its pipe (and the messages queued in it) across them,
 * as libzmq does.
 */
public final class Session {
    private final SocketBase socket;
    private final IoThread io;
    private final Options options;
    private final Endpoint endpoint;
    private final boolean connecting;
    private final Listener listener;
    private Pipe pipe;
    private StreamEngine engine;
    private SocketChannel pendingChannel;
    private IoThread.Timer reconnectTimer;
    private IoThread.Timer connectTimer;
    /** libzmq's ZMQ_RECONNECT_STOP bits. */
    public static final int RECONNECT_STOP_CONN_REFUSED = 1;
    public static final int RECONNECT_STOP_HANDSHAKE_FAILED = 2;
    public static final int RECONNECT_STOP_AFTER_DISCONNECT = 4;
    private IoThread.Timer lingerTimer;
    private int reconnectIvl;
    private String eventEndpoint;
    private long connectionId;
    private String remote = "";
    private Disconnect lastDisconnect;
    private boolean closing;
    private boolean lingering;
    private boolean finished;

    private Session(SocketBase socket, IoThread io, Options options, Endpoint endpoint, boolean connecting, Listener listener) {
        this.socket = socket;
        this.io = io;
        this.options = options;
        this.endpoint = endpoint;
        this.connecting = connecting;
        this.listener = listener;
        this.reconnectIvl = options.reconnectIvlMs;
        this.eventEndpoint = endpoint.text;
        socket.context().sessionOpened();
    }

    /** A session that connects out to {@code endpoint}; {@code pipe} is null with immediate. */
    public static Session connecting(SocketBase socket, IoThread io, Options options, Endpoint endpoint, Pipe pipe) {
        if (endpoint.transport == Endpoint.Transport.WSS) {
            Tls.context(options, endpoint, false); // made now, on the caller's thread: its errors are the caller's
        }
        Session s = new Session(socket, io, options, endpoint, true, null);
        s.pipe = pipe;
        return s;
    }

    static Session accepted(SocketBase socket, IoThread io, Options options, Endpoint endpoint, Listener listener) {
        return new Session(socket, io, options, endpoint, false, listener);
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** The context of the session's socket (the ZAP handler lives there). */
    io.zmq4j.internal.socket.ContextCore context() {
        return socket.context();
    }

    /** Starts the first connection attempt; call on the I/O thread. */
    public void startConnecting() {
        if (closing && !lingering) {
            return;
        }
        reconnectTimer = null;
        SocketChannel ch = null;
        try {
            if (endpoint.isAbstractIpc()) {
                // connected (or refused) at once, as a Unix socket always is
                pendingChannel = AbstractIpc.connect(endpoint.abstractName());
                connected(null);
                return;
            }
            ch = endpoint.transport == Endpoint.Transport.IPC
                    ? SocketChannel.open(StandardProtocolFamily.UNIX)
                    : SocketChannel.open();
            ch.configureBlocking(false);
            if (endpoint.transport != Endpoint.Transport.IPC) {
                configureTcp(ch, options);
            }
            pendingChannel = ch;
            if (ch.connect(endpoint.resolve(false))) {
                connected(null);
            } else {
                socket.emit(Event.CONNECT_DELAYED, 115, eventEndpoint, "", "connection in progress");
                if (options.connectTimeoutMs > 0) {
                    SocketChannel attempt = ch;
                    connectTimer = io.schedule(options.connectTimeoutMs, () -> {
                        if (pendingChannel == attempt) {
                            connectFailed(new java.net.SocketTimeoutException("connect timed out after " + options.connectTimeoutMs + " ms"));
                        }
                    });
                }
                io.register(ch, SelectionKey.OP_CONNECT, k -> {
                    try {
                        if (pendingChannel.finishConnect()) {
                            connected(k);
                        }
                    } catch (IOException e) {
                        k.cancel();
                        connectFailed(e);
                    }
                });
            }
        } catch (IOException | RuntimeException e) {
            connectFailed(e);
        }
    }

    static void configureTcp(SocketChannel ch, Options options) throws IOException {
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        if (options.tcpKeepalive >= 0) {
            ch.setOption(StandardSocketOptions.SO_KEEPALIVE, options.tcpKeepalive == 1);
        }
        if (options.tcpKeepalive == 1) {
            // Linux's per-socket keepalive tuning, as libzmq's TCP_KEEPALIVE_IDLE/CNT/INTVL
            if (options.tcpKeepaliveIdle > 0 && ch.supportedOptions().contains(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE)) {
                ch.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE, options.tcpKeepaliveIdle);
            }
            if (options.tcpKeepaliveIntvl > 0 && ch.supportedOptions().contains(jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL)) {
                ch.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL, options.tcpKeepaliveIntvl);
            }
            if (options.tcpKeepaliveCnt > 0 && ch.supportedOptions().contains(jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT)) {
                ch.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT, options.tcpKeepaliveCnt);
            }
        }
    }

    /**
     * The connect-phase key, if any, is handed to the engine: re-registering would race its cancel.
     * As on the accepting side, CONNECTED waits for the engine to be made: if making it throws
     * (TLS or WebSocket setup), the attempt fails as a refused one would, closed and retried, as
     * libzmq does when it cannot set up a socket it has just connected.
     */
    private void connected(SelectionKey key) {
        if (connectTimer != null) {
            connectTimer.cancel();
            connectTimer = null;
        }
        SocketChannel ch = pendingChannel;
        remote = remoteAddress(ch);
        StreamEngine e;
        try {
            e = newEngine(ch);
        } catch (RuntimeException x) {
            if (key != null) {
                key.cancel();
            }
            connectFailed(x); // closes the channel
            return;
        }
        pendingChannel = null;
        connectionId = socket.context().nextConnectionId();
        socket.emit(Event.CONNECTED, connectionId, eventEndpoint, remote, "");
        engine = e;
        start(e, key);
    }

    /**
     * Starts the engine of an announced connection. A failure is that connection's own: its engine
     * closes it, so it ends as any announced connection does (DISCONNECTED, and a reconnect when
     * connecting). Escaping instead would leave the engine counted open and its channel unclosed.
     */
    private static void start(StreamEngine e, SelectionKey key) {
        try {
            e.start(key);
        } catch (RuntimeException x) {
            e.close(Disconnect.peer("internal error starting the connection: " + x));
        }
    }

    private String remoteAddress(SocketChannel ch) {
        try {
            Object a = ch.getRemoteAddress();
            if (a instanceof java.net.InetSocketAddress) {
                java.net.InetSocketAddress ia = (java.net.InetSocketAddress) a;
                return Endpoint.format(Endpoint.Transport.TCP, ia, "");
            }
            return endpoint.text;
        } catch (IOException e) {
            return "";
        }
    }

    private void connectFailed(Exception e) {
        if (connectTimer != null) {
            connectTimer.cancel();
            connectTimer = null;
        }
        closeQuietly(pendingChannel);
        pendingChannel = null;
        if (e instanceof java.net.ConnectException && (options.reconnectStop & RECONNECT_STOP_CONN_REFUSED) != 0) {
            stopReconnecting("connection refused");
            return;
        }
        if (closing && !lingering) {
            finishIfIdle();
            return;
        }
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (closing && !lingering) {
            return;
        }
        if (io.died()) {
            // its connection closed as the loop died: no timer will ever run there again
            stopReconnecting("the I/O thread stopped");
            return;
        }
        if (options.reconnectIvlMs < 0) {
            // reconnection disabled: this endpoint is done, and so is its pipe (as libzmq)
            stopReconnecting("reconnect disabled");
            return;
        }
        int base = reconnectIvl;
        int jitter = options.reconnectIvlMs > 0 ? ThreadLocalRandom.current().nextInt(options.reconnectIvlMs) : 0;
        if (options.reconnectIvlMaxMs > options.reconnectIvlMs) {
            reconnectIvl = (int) Math.min((long) reconnectIvl * 2, options.reconnectIvlMaxMs);
        }
        reconnectTimer = io.schedule(base + jitter, this::startConnecting);
        socket.countReconnect();
        socket.emit(Event.CONNECT_RETRIED, base + jitter, eventEndpoint, "", "");
    }

    /** Gives up on this endpoint for good, as the reconnect-stop option asks. */
    private void stopReconnecting(String why) {
        detachPipe();
        finish();
    }

    /**
     * This session will deliver nothing more into its pipe: the socket detaches it (and closes
     * what is left in it, if the socket's owner has already read for the last time).
     */
    private void detachPipe() {
        if (pipe != null) {
            pipe.otherEndFinished();
            socket.postDetach(pipe);
            pipe = null;
        }
    }

    /**
     * Starts an accepted connection's engine; call on the I/O thread. The engine is made before
     * ACCEPTED is raised: if making it throws (TLS or WebSocket setup), the listener reports
     * ACCEPT_FAILED and calls {@link #acceptFailed}, as libzmq does when it cannot set up a
     * connection it has just accepted. Once started, the engine's failures are its own.
     */
    void startAccepted(SocketChannel ch, String boundEndpoint) {
        eventEndpoint = boundEndpoint;
        remote = remoteAddress(ch);
        StreamEngine e = newEngine(ch);
        connectionId = socket.context().nextConnectionId();
        socket.emit(Event.ACCEPTED, connectionId, eventEndpoint, remote, "");
        engine = e;
        start(e, null);
    }

    /**
     * Setting up the accepted connection on {@code ch} threw before its engine existed: closes
     * the channel and ends this session (counted out of the context once), without connection
     * events, since no connection was announced.
     */
    void acceptFailed(SocketChannel ch) {
        closeQuietly(ch);
        finish();
    }

    /**
     * Test seam: when set, runs as an accepted connection's engine is about to be made, where TLS
     * or WebSocket setup can throw, so a test can throw from it to stand in for such a failure
     * (no real one fails a single connection on demand), or can spoil the channel so that the
     * engine's {@code start} fails after ACCEPTED. Always null outside tests.
     */
    static volatile java.util.function.Consumer<SocketChannel> acceptSetupProbe;

    /** Test seam: as {@link #acceptSetupProbe}, for a connection this side made. */
    static volatile java.util.function.Consumer<SocketChannel> connectSetupProbe;

    /** A ZMTP engine on the channel; over ws and wss, beneath WebSocket framing (and TLS). */
    private StreamEngine newEngine(SocketChannel ch) {
        java.util.function.Consumer<SocketChannel> probe = connecting ? connectSetupProbe : acceptSetupProbe;
        if (probe != null) {
            probe.accept(ch);
        }
        if (!endpoint.isWebSocket()) {
            return new StreamEngine(ch, io, this, options, remote);
        }
        WsWire.Link link = endpoint.transport == Endpoint.Transport.WSS
                ? TlsLink.create(ch, Tls.context(options, endpoint, !connecting), endpoint, connecting)
                : WsWire.plain(ch);
        WsWire wire = connecting
                ? WsWire.client(link, endpoint, options)
                : WsWire.server(link, endpoint, options);
        return new StreamEngine(ch, wire, io, this, options, remote);
    }

    // ---- engine callbacks ----

    void engineReady(StreamEngine e, SocketType peerType, byte[] identity, Map<String, String> props) {
        reconnectIvl = options.reconnectIvlMs;
        if (!e.legacyPeer()) {
            // libzmq raises this at the end of a security handshake, which a ZMTP 1.0 or 2.0
            // peer never has
            socket.emit(Event.HANDSHAKE_SUCCEEDED, 0, eventEndpoint, remote, "");
        }
        if (pipe == null) {
            pipe = socket.newPipe(endpoint.text);
            pipe.connected();
            pipe.peerReady(peerType, identity, props);
            wire(e);
            socket.postAttach(pipe);
        } else {
            pipe.connected();
            pipe.peerReady(peerType, identity, props);
            wire(e);
            socket.postIdentified(pipe);
        }
        e.attach(pipe);
        if (closing) {
            e.closeWhenFlushed();
        }
    }

    private void wire(StreamEngine e) {
        pipe.out().readerWaker(e.outWaker);
        pipe.in().writerWaker(e.waker);
    }

    void engineClosed(StreamEngine e, Disconnect why, boolean handshakeDone) {
        engine = null;
        if (pipe != null) {
            pipe.out().readerWaker(Waker.NONE);
            pipe.in().writerWaker(Waker.NONE);
        }
        boolean unsent = pipe != null && !pipe.out().isEmpty();
        if (closing && !lingering && connecting && unsent && !finished && (why.kind == Disconnect.Kind.PEER
                || why.kind == Disconnect.Kind.HANDSHAKE_TIMEOUT || why.kind == Disconnect.Kind.HEARTBEAT)) {
            // The socket is closed but lingers with messages queued, and the connection was
            // lost (not refused): as libzmq, connect again and deliver them while linger lasts.
            lingering = true;
        }
        boolean keepPipe = connecting && (!closing || (lingering && unsent)) && !options.immediate
                && options.type != SocketType.STREAM && options.reconnectIvlMs >= 0;
        if (!keepPipe) {
            detachPipe();
        }
        // after the detach: whoever reacts to the event finds the peer already gone
        raiseEvents(why, handshakeDone, e.legacyPeer());
        if (keepPipe && connecting && !closing) {
            int stop = options.reconnectStop;
            if ((!handshakeDone && why.kind != Disconnect.Kind.LOCAL && (stop & RECONNECT_STOP_HANDSHAKE_FAILED) != 0)
                    || (handshakeDone && (stop & RECONNECT_STOP_AFTER_DISCONNECT) != 0)) {
                stopReconnecting(why.reason);
                return;
            }
        }
        if (keepPipe) {
            scheduleReconnect();
        } else if (connecting && !closing && options.reconnectIvlMs >= 0
                && !(options.type == SocketType.STREAM && why.kind == Disconnect.Kind.LOCAL)) {
            scheduleReconnect(); // immediate or STREAM: no pipe kept, but keep connecting
            // (a STREAM connection the application closed itself is not remade, as in libzmq)
        } else {
            finish();
        }
    }

    private void raiseEvents(Disconnect why, boolean handshakeDone, boolean legacy) {
        if (!handshakeDone && why.kind != Disconnect.Kind.LOCAL) {
            socket.countHandshakeFailure();
        }
        if (legacy) {
            // As libzmq 4.3 with a ZMTP 1.0 or 2.0 peer: its handshake ends at the greeting, with
            // no mechanism, so a protocol error (a refusal on a secured socket, a malformed or
            // oversize frame) raises DISCONNECTED alone, and any other loss, even of a working
            // connection, HANDSHAKE_FAILED_NO_DETAIL first (observed against pyzmq 4.3.4)
            if (why.kind != Disconnect.Kind.LOCAL && why.kind != Disconnect.Kind.PROTOCOL
                    && why.kind != Disconnect.Kind.AUTH) {
                socket.emit(Event.HANDSHAKE_FAILED_NO_DETAIL, why.value, eventEndpoint, remote, why.reason);
            }
        } else if (!handshakeDone && options.type != SocketType.STREAM) {
            switch (why.kind) {
                case PROTOCOL:
                    socket.emit(Event.HANDSHAKE_FAILED_PROTOCOL, why.value, eventEndpoint, remote, why.reason);
                    break;
                case AUTH:
                    socket.emit(Event.HANDSHAKE_FAILED_AUTH, why.value, eventEndpoint, remote, why.reason);
                    break;
                case LOCAL:
                    break;
                default:
                    socket.emit(Event.HANDSHAKE_FAILED_NO_DETAIL, why.value, eventEndpoint, remote, why.reason);
                    break;
            }
        }
        if (why.kind == Disconnect.Kind.LOCAL) {
            socket.emit(Event.CLOSED, connectionId, eventEndpoint, remote, why.reason);
        } else {
            socket.emit(Event.DISCONNECTED, connectionId, eventEndpoint, remote, why.reason);
        }
        lastDisconnect = why;
    }

    /** The connection's channel did not close cleanly (libzmq's CLOSE_FAILED, value EIO). */
    void closeFailed(IOException e) {
        socket.emit(Event.CLOSE_FAILED, 5, eventEndpoint, remote, String.valueOf(e.getMessage()));
    }

    /** Why the last connection ended (null before any did). */
    public Disconnect lastDisconnect() {
        return lastDisconnect;
    }

    // ---- closing ----

    /** Closes this session, lingering up to {@code lingerMs} to flush. Safe from any thread. */
    public void close(int lingerMs) {
        io.execute(() -> closeNow(lingerMs));
    }

    void closeNow(int lingerMs) {
        if (closing) {
            return;
        }
        closing = true;
        if (pipe != null) {
            pipe.markSocketGone();
        }
        if (engine == null && connecting && lingerMs != 0 && pipe != null && !pipe.out().isEmpty()) {
            // keep the reconnect timer: lingering below
        } else if (reconnectTimer != null) {
            reconnectTimer.cancel();
            reconnectTimer = null;
        }
        if (engine == null) {
            if (connecting && lingerMs != 0 && pipe != null && !pipe.out().isEmpty() && options.reconnectIvlMs >= 0) {
                // messages wait for a connection: keep trying for as long as linger allows
                lingering = true;
                if (pendingChannel == null && reconnectTimer == null) {
                    scheduleReconnect();
                }
                if (lingerMs > 0) {
                    lingerTimer = io.schedule(lingerMs, this::abandon);
                }
                return;
            }
            closeQuietly(pendingChannel);
            pendingChannel = null;
            finishIfIdle();
            return;
        }
        boolean unsent = pipe != null && !pipe.out().isEmpty();
        if (lingerMs == 0 || (!unsent && engine.flushed())) {
            engine.close(Disconnect.local("socket closed"));
            return;
        }
        if (lingerMs > 0) {
            lingerTimer = io.schedule(lingerMs, this::abandon);
        }
        engine.closeWhenFlushed();
    }

    /** Linger ran out before the messages could be sent: drop them and stop. */
    private void abandon() {
        lingering = false;
        if (reconnectTimer != null) {
            reconnectTimer.cancel();
            reconnectTimer = null;
        }
        if (engine != null) {
            engine.close(Disconnect.local("linger expired"));
            return;
        }
        closeQuietly(pendingChannel);
        pendingChannel = null;
        finishIfIdle();
    }

    private void finishIfIdle() {
        if (engine == null && pendingChannel == null) {
            detachPipe();
            finish();
        }
    }

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (lingerTimer != null) {
            lingerTimer.cancel();
        }
        if (listener != null) {
            listener.sessionDone(this);
        }
        socket.sessionDone(this);
        socket.context().sessionClosed();
    }

    private static void closeQuietly(SocketChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing to report
            }
        }
    }
}
