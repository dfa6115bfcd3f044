package io.zmq4j.internal.transport;

import io.zmq4j.Msg;
import io.zmq4j.SocketType;
import io.zmq4j.internal.Internals;
import io.zmq4j.internal.io.ArrayPool;
import io.zmq4j.internal.io.BufferFrame;
import io.zmq4j.internal.io.IoHandler;
import io.zmq4j.internal.io.IoThread;
import io.zmq4j.internal.pipe.Pipe;
import io.zmq4j.internal.pipe.Waker;
import io.zmq4j.internal.security.Mechanisms;
import io.zmq4j.internal.socket.Options;
import io.zmq4j.internal.zmtp.Commands;
import io.zmq4j.internal.zmtp.FrameBox;
import io.zmq4j.internal.zmtp.Greeting;
import io.zmq4j.internal.zmtp.Mechanism;
import io.zmq4j.internal.zmtp.NullMechanism;
import io.zmq4j.internal.zmtp.Zmtp1Encoder;
import io.zmq4j.internal.zmtp.ZmtpDecoder;
import io.zmq4j.internal.zmtp.ZmtpEncoder;
import io.zmq4j.internal.zmtp.ZmtpException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection on an I/O thread: moves bytes between a channel and the ZMTP codec, and
 * messages between the codec and the socket's pipe. In raw mode (STREAM sockets) there is no
 * ZMTP at all: each read becomes one message and each message is written as it is.
 *
 * <p>Everything here runs on the engine's I/O thread, but for direct writes: a socket's thread
 * that finds the output idle encodes (and under CURVE seals) and writes its own message
 * ({@link #outWaker}, below). Other threads reach it otherwise only through {@link #waker},
 * which schedules {@link #run} when a queue it sleeps on changes.
 */
public final class StreamEngine implements IoHandler, Runnable, ZmtpDecoder.Handler {
    // 16 KiB each way: many messages per syscall (libzmq batches 8 KiB), without making an idle
    // connection cost 128 KiB of direct memory
    private static final int BUFFER_SIZE = 16 * 1024;
    private static final int HANDSHAKE_BUFFER_SIZE = 256;
    /**
     * While a large body is read straight into its pooled memory, what follows it is read into
     * at most this much of the shared buffer (libzmq's batch size): the next large body then
     * mostly lands in its own memory too, not in the shared buffer and copied again.
     */
    private static final int READ_AFTER_BODY = 8 * 1024;
    /**
     * The most one write of a large body hands the kernel. A write a little over the largest
     * segment the kernel builds (64 KiB less headers on loopback) leaves a small tail segment
     * behind every write: a stream of 64 KiB messages written 65,545 bytes at a time ran at
     * 24-26k msg/s, capped at 56 KiB at 57-58k (libzmq's two writes, 8 KiB then the rest, stay
     * under it too).
     */
    private static final int WRITE_MAX = 56 * 1024;
    private static final VarHandle WAKE_PENDING;
    private static final VarHandle OUT_STATE;
    // Who owns the output side (encoder, wbuf, commands, the channel's write end): the I/O
    // thread, nobody (everything flushed: the socket's thread may take it), or a socket thread
    // writing a message straight to the channel.
    private static final int OUT_IO = 0;
    private static final int OUT_IDLE = 1;
    private static final int OUT_DIRECT = 2;

    static {
        try {
            WAKE_PENDING = MethodHandles.lookup().findVarHandle(StreamEngine.class, "wakePending", int.class);
            OUT_STATE = MethodHandles.lookup().findVarHandle(StreamEngine.class, "outState", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * CLOSED is final: only {@link #close} enters it, and {@link #enter} never leaves it. The
     * decoder goes on through bytes already read after a callback closed the connection (a
     * failed write of the greeting's answer, say), so every callback first checks for it.
     */
    private enum Phase { GREETING, HANDSHAKE, ACTIVE, CLOSED }

    private final SocketChannel channel;
    /** ws and wss: the WebSocket framing between the ZMTP bytes and the channel; null for tcp and ipc. */
    private final WsWire wire;
    private final Runnable readAgain = this::readAgain;
    private final IoThread io;
    private final Session session;
    private final Options options;
    private final boolean raw;
    private final boolean publisher;
    private final boolean subscriber;
    private final String peerAddress;
    /**
     * Bytes read but not decoded because the socket's queue was full (back-pressure): reads go
     * to the I/O thread's shared buffer, so an idle connection holds no read buffer of its own.
     */
    private ByteBuffer leftover;
    /**
     * Output: a small heap buffer, grown as needed, while the handshake runs, and the 16 KiB
     * direct one from activation on, so a connection that never completes its handshake (a
     * half-open flood) costs a few hundred bytes, not 16 KiB of direct memory.
     */
    private ByteBuffer wbuf = ByteBuffer.allocate(HANDSHAKE_BUFFER_SIZE);
    private final ZmtpDecoder decoder;
    /** Replaced by a {@link Zmtp1Encoder} at the handshake for a ZMTP 1.0 peer. */
    private ZmtpEncoder encoder = new ZmtpEncoder();
    private final Mechanism mechanism;
    private final ArrayList<byte[]> frames = new ArrayList<>(4);
    /** Per frame of the message being received, its pooled buffer; null while all are arrays. */
    private ArrayList<BufferFrame> frameBuffers;
    /** The last data frame received went to pooled memory (see readable). */
    private boolean largeLast;
    // Two arrays: the I/O thread reads while a socket thread may be writing directly
    /** The body and the buffer of a scattering read; I/O thread only. */
    private final ByteBuffer[] readPair = new ByteBuffer[2];
    /** The buffer and the body of a gathering write; the output's owner only. */
    private final ByteBuffer[] writePair = new ByteBuffer[2];
    /** The array from {@code Msg.allocate} of the message being encoded, or null; see {@link #fill}. */
    private byte[] encodedFromPool;
    /** Bytes the kernel took from this connection; the output's owner writes it. */
    private long sent;
    /**
     * ipc only: a burst of at least this many bytes leaves a Unix socket unwritable until the
     * peer reads it, and then OP_WRITE stays armed until it fires once; otherwise MAX_VALUE.
     * See {@link #watchWriteSpace}.
     */
    private final int watchAfter;
    private final Runnable watchWriteSpace = this::watchWriteSpace;
    private static final AtomicLong WRITE_SPACE_WATCHES = new AtomicLong();
    private final ArrayDeque<byte[]> commands = new ArrayDeque<>(2);
    private byte[] pendingPong;
    private Phase phase = Phase.GREETING;
    private boolean handshakeDone;
    private SelectionKey key;
    private Pipe pipe;
    private Map<String, String> properties = Collections.emptyMap();
    private Msg pendingIn;
    private boolean delivered;
    private boolean readPaused;
    private boolean writeBlocked;
    private boolean closeAfterFlush;
    private IoThread.Timer handshakeTimer;
    private int peerMinor = 1;
    /** A ZMTP 1.0 or 2.0 peer (see {@link #legacy}). */
    private boolean legacy;
    private int legacyRevision;
    private int legacySocketType;
    private long lastReceived = System.nanoTime();
    private IoThread.Timer heartbeatTimer;
    private IoThread.Timer peerTtlTimer;
    private volatile int wakePending = 1; // 1 while running or scheduled: nobody needs to wake us
    private volatile int outState = OUT_IO;
    /** Set by a read: the peer spoke, so the next message is likely a reply, not part of a stream. */
    private volatile boolean directArmed = true;
    private final Runnable resumeOutput = this::drainOut;

    /** Wakes the engine when its inbound queue drains (or anything but a new outbound message). */
    public final Waker waker = this::wake;

    /**
     * The outbound queue's reader waker: called on the socket's thread right after it queued a
     * message. Writes the message itself when the output is idle, which saves the hand-over to
     * the I/O thread (a selector wake-up and two context switches) on every request and reply.
     */
    public final Waker outWaker = this::outReady;

    // Kept tiny: it runs on every send, and inlines into the socket's send path.
    private void outReady() {
        if (!directArmed || outState != OUT_IDLE || !tryDirect()) {
            wake();
        }
    }

    private void wake() {
        if (wakePending == 0 && WAKE_PENDING.compareAndSet(this, 0, 1)) {
            io.execute(this);
        }
    }

    /**
     * Engines made and not yet closed, in this JVM: what the fault tests count for leaks. Counted
     * once, at the end of the constructor, and uncounted once, by the {@link #close} that enters
     * CLOSED (on the I/O thread, as every phase change is).
     */
    private static final java.util.concurrent.atomic.AtomicInteger LIVE = new java.util.concurrent.atomic.AtomicInteger();

    /** How many connections are open (made and not yet closed) in this JVM. */
    public static int live() {
        return LIVE.get();
    }

    public StreamEngine(SocketChannel channel, IoThread io, Session session, Options options, String peerAddress) {
        this(channel, null, io, session, options, peerAddress);
    }

    /** An engine whose ZMTP travels in WebSocket frames ({@code wire}), or plain when it is null. */
    StreamEngine(SocketChannel channel, WsWire wire, IoThread io, Session session, Options options, String peerAddress) {
        this.channel = channel;
        this.wire = wire;
        this.io = io;
        this.session = session;
        this.options = options;
        this.raw = options.type == SocketType.STREAM;
        this.publisher = options.type == SocketType.PUB || options.type == SocketType.XPUB;
        this.subscriber = options.type == SocketType.SUB || options.type == SocketType.XSUB;
        this.peerAddress = peerAddress;
        this.decoder = new ZmtpDecoder(options.maxMsgSize);
        this.watchAfter = wire == null ? unixWritableLimit(channel) : Integer.MAX_VALUE;
        Map<String, byte[]> ours = new LinkedHashMap<>();
        ours.put("Socket-Type", options.type.zmtpName().getBytes(StandardCharsets.US_ASCII));
        if (options.type == SocketType.REQ || options.type == SocketType.DEALER || options.type == SocketType.ROUTER) {
            ours.put("Identity", options.routingId);
        }
        this.mechanism = Mechanisms.create(options, ours, Mechanisms.zapAddress(channel),
                session == null ? null : session.context(), () -> io.execute(this::resumeHandshake));
        LIVE.incrementAndGet();
    }

    /** Registers with the selector (or takes over {@code existing}) and starts the greeting. */
    public void start(SelectionKey existing) {
        try {
            if (existing != null) {
                key = existing;
                key.attach(this);
                key.interestOps(SelectionKey.OP_READ);
            } else {
                key = io.register(channel, SelectionKey.OP_READ, this);
            }
            if (raw) {
                activate(null, new byte[0]);
                return;
            }
            // only the signature: the rest waits for the peer's, which may be ZMTP 1.0 or 2.0
            room(Greeting.SIZE);
            Greeting.writeSignature(wbuf, legacyIdentity().length);
            if (options.handshakeIvlMs > 0) {
                handshakeTimer = io.schedule(options.handshakeIvlMs, () -> {
                    if (phase != Phase.ACTIVE && phase != Phase.CLOSED) {
                        close(new Disconnect(Disconnect.Kind.HANDSHAKE_TIMEOUT, Disconnect.ETIMEDOUT, "handshake timed out after " + options.handshakeIvlMs + " ms"));
                    }
                });
            }
            flush();
        } catch (IOException e) {
            close(Disconnect.peer("cannot start: " + e.getMessage()));
        }
    }

    public String peerAddress() {
        return peerAddress;
    }

    /** libzmq's Peer-Address property: the peer's IP without port (empty for ipc). */
    private String peerIp() {
        if (!peerAddress.startsWith("tcp://")) {
            return "";
        }
        String hostPort = peerAddress.substring(6);
        String host = hostPort.substring(0, hostPort.lastIndexOf(':'));
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    // ---- selector readiness ----

    @Override
    public void failed(SelectionKey k, Throwable cause) {
        close(Disconnect.peer("internal error: " + cause));
    }

    @Override
    public void abandoned(SelectionKey k) {
        close(Disconnect.local("the I/O thread stopped"));
    }

    @Override
    public void ready(SelectionKey k) {
        try {
            if (k.isReadable()) {
                readable();
            }
            if (phase != Phase.CLOSED && k.isValid() && k.isWritable()) {
                takeOutput();
                writeBlocked = false;
                if (flush()) {
                    drainOut();
                }
            }
        } catch (IOException e) {
            close(Disconnect.peer(e.getMessage() == null ? e.toString() : e.getMessage()));
        } catch (ZmtpException e) {
            protocolError(e);
        }
    }

    private void readable() throws IOException, ZmtpException {
        ByteBuffer buf = io.readBuffer();
        for (int i = 0; i < 8 && !readPaused && phase != Phase.CLOSED; i++) {
            buf.clear();
            ByteBuffer body = decoder.bodyBuffer();
            long n;
            if (body == null) {
                if (largeLast) {
                    // likely another large message (a request and reply, say): read its start
                    // only, so the rest lands in its own memory, not here to be copied over
                    buf.limit(READ_AFTER_BODY);
                }
                n = wire == null ? channel.read(buf) : wire.read(buf);
            } else {
                // the rest of a large body straight into its memory, and what follows into the buffer
                buf.limit(READ_AFTER_BODY);
                readPair[0] = body;
                readPair[1] = buf;
                try {
                    n = wire == null ? channel.read(readPair) : wire.read(readPair);
                } finally {
                    readPair[0] = null;
                    readPair[1] = null;
                }
            }
            if (n < 0) {
                close(Disconnect.peer("connection closed by peer"));
                return;
            }
            if (wire != null && wire.takeTraffic()) {
                lastReceived = System.nanoTime(); // a pong, say, that carried no ZMTP bytes
            }
            if (n == 0) {
                break;
            }
            lastReceived = System.nanoTime();
            if (!directArmed) {
                directArmed = true;
            }
            boolean filled = !buf.hasRemaining();
            buf.flip();
            consume(buf);
            if (buf.hasRemaining() && phase != Phase.CLOSED) {
                // the next connection reuses the buffer: keep what back-pressure left
                leftover = ByteBuffer.allocate(buf.remaining()).put(buf).flip();
            }
            if (!filled) {
                break; // the kernel had no more: another read would only say EAGAIN
            }
        }
        if (wire != null && phase != Phase.CLOSED) {
            if (wire.wantsWrite()) {
                flush(); // the upgrade's answer, a pong or a close
            }
            if (!readPaused && wire.hasBufferedInput()) {
                io.execute(readAgain); // decoded input the selector will not report again
            }
        }
    }

    private void readAgain() {
        if (phase == Phase.CLOSED || readPaused) {
            return;
        }
        try {
            readable();
        } catch (IOException e) {
            close(Disconnect.peer(e.getMessage() == null ? e.toString() : e.getMessage()));
        } catch (ZmtpException e) {
            protocolError(e);
        }
    }

    /** Decodes what is in {@code in}; pauses reading when the socket's queue is full. */
    private void consume(ByteBuffer in) throws ZmtpException {
        boolean more;
        try {
            if (raw) {
                more = rawDeliver(in);
            } else {
                more = decoder.decode(in, this);
            }
        } finally {
            wakeSocketIfDelivered();
        }
        if (!more && phase != Phase.CLOSED) {
            pauseReading();
        }
    }

    private boolean rawDeliver(ByteBuffer in) {
        if (in.remaining() == 0) {
            return true;
        }
        if (pipe == null) {
            return false; // kept until the pipe is attached
        }
        byte[] data = new byte[in.remaining()];
        in.get(data);
        return push(Internals.msg().wrap(data));
    }

    private void pauseReading() {
        readPaused = true;
        if (key.isValid()) {
            key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
        }
    }

    // ---- decoder callbacks ----

    @Override
    public void signature() {
        if (phase == Phase.CLOSED) {
            return;
        }
        room(1);
        wbuf.put((byte) Greeting.MAJOR);
        flushQuietly();
    }

    @Override
    public void versioned(int major) {
        if (phase == Phase.CLOSED) {
            return;
        }
        room(Greeting.SIZE);
        Greeting.writeRest(wbuf, mechanism.name(), mechanism.asServer());
        flushQuietly();
    }

    /**
     * A ZMTP 1.0 or 2.0 peer, taken as libzmq 4.3 takes it: on a socket with no security only,
     * with no socket-type check (libzmq checks none for these peers), our identity sent as the
     * version's greeting wants it, and its identity (the first frame it sends) awaited as the end
     * of the handshake.
     */
    @Override
    public boolean legacy(int revision, int socketType) throws ZmtpException {
        if (!enter(Phase.HANDSHAKE)) { // until its identity frame arrives
            return false;
        }
        legacy = true;
        legacyRevision = revision;
        legacySocketType = socketType;
        peerMinor = 0; // subscriptions as data frames, no heartbeats: neither version has commands
        if (!(mechanism instanceof NullMechanism)) {
            // libzmq refuses these peers whenever it would run ZAP (PLAIN, CURVE, or NULL with
            // a ZAP domain), as RFC 23 asks; it has left its handshake by then, so the only
            // event is DISCONNECTED (Session.raiseEvents)
            throw new ZmtpException(ZmtpException.Code.UNSUPPORTED_VERSION, "peer speaks ZMTP "
                    + (revision == 1 ? "2.0" : "1.0") + ", which has no security; this socket uses "
                    + mechanism.name() + (mechanism.name().equals("NULL") ? " with a ZAP domain" : ""));
        }
        byte[] id = legacyIdentity();
        room(1 + 10 + id.length);
        if (revision == ZmtpDecoder.UNVERSIONED) {
            wbuf.put(id); // our signature was the header of this identity frame
            encoder = new Zmtp1Encoder();
        } else {
            wbuf.put((byte) options.type.value());
            if (revision == 0) {
                Zmtp1Encoder.putV1Header(wbuf, 0, id.length);
                encoder = new Zmtp1Encoder();
            } else {
                ZmtpEncoder.putHeader(wbuf, 0, id.length);
            }
            wbuf.put(id);
        }
        flushQuietly();
        return phase != Phase.CLOSED;
    }

    /** What we announce as our identity to a ZMTP 1.0 or 2.0 peer: the routing id, as libzmq. */
    private byte[] legacyIdentity() {
        return options.routingId == null ? new byte[0] : options.routingId;
    }

    /** The identity frame of a ZMTP 1.0 or 2.0 peer ends its handshake. */
    private boolean legacyPeerIdentity(byte[] identity) {
        SocketType peerType = null;
        if (legacyRevision != ZmtpDecoder.UNVERSIONED) {
            for (SocketType t : SocketType.values()) {
                if (t.value() == legacySocketType) {
                    peerType = t;
                }
            }
        }
        activate(peerType, identity);
        if (legacyRevision == ZmtpDecoder.UNVERSIONED && publisher && phase == Phase.ACTIVE) {
            // a ZMTP 1.0 subscriber filters for itself and sends no subscriptions: as libzmq,
            // subscribe it to everything
            return push(Internals.msg().wrap(new byte[] {1}));
        }
        return phase == Phase.ACTIVE;
    }

    /** Whether the peer speaks ZMTP 1.0 or 2.0. */
    public boolean legacyPeer() {
        return legacy;
    }

    @Override
    public boolean greeting(Greeting g) throws ZmtpException {
        if (phase == Phase.CLOSED) {
            return false;
        }
        if (!g.mechanism.equals(mechanism.name())) {
            throw new ZmtpException(ZmtpException.Code.MECHANISM_MISMATCH,
                    "peer wants mechanism " + g.mechanism + ", this socket uses " + mechanism.name());
        }
        peerMinor = g.major == 3 ? g.minor : 1; // libzmq talks 3.1 to any other major version
        enter(Phase.HANDSHAKE);
        mechanism.start(this::sendCommand);
        flushQuietly();
        return true;
    }

    @Override
    public boolean command(byte[] body) throws ZmtpException {
        if (phase == Phase.CLOSED) {
            return false;
        }
        if (legacy) {
            return true; // ZMTP 2.0 has no commands: ignored, as libzmq ignores them
        }
        if (phase == Phase.HANDSHAKE) {
            try {
                if (mechanism.command(body, this::sendCommand)) {
                    handshakeDone();
                }
            } catch (ZmtpException e) {
                flushQuietly(); // an ERROR the mechanism queued goes out before the close
                throw e;
            }
            flushQuietly();
            return phase != Phase.CLOSED;
        }
        if (mechanism.encrypts()) {
            return sealed(body);
        }
        return activeCommand(body);
    }

    /** A ZAP reply arrived (scheduled on this thread by the mechanism's wake-up). */
    private void resumeHandshake() {
        if (phase != Phase.HANDSHAKE) {
            return;
        }
        try {
            if (mechanism.resume(this::sendCommand)) {
                handshakeDone();
            }
            flushQuietly();
        } catch (ZmtpException e) {
            flushQuietly();
            protocolError(e);
        }
    }

    /** Opens a CURVE MESSAGE box that came in pieces (or as a command frame). */
    private boolean sealed(byte[] body) throws ZmtpException {
        FrameBox box = mechanism.box();
        return opened(box.open(body, 0, body.length), box.openedFlags());
    }

    /** A frame or command out of its box: a frame of a message, or a command (PING, SUBSCRIBE, ...). */
    private boolean opened(byte[] payload, int flags) throws ZmtpException {
        if ((flags & 2) != 0) {
            return activeCommand(payload);
        }
        return deliverFrame(payload, (flags & 1) != 0);
    }

    private boolean activeCommand(byte[] body) throws ZmtpException {
        String name = Commands.name(body);
        switch (name) {
            case Commands.PING:
                // at most one PONG waits: a peer that floods PINGs and never reads cannot grow us
                takeOutput();
                pendingPong = Commands.pongFor(body);
                drainOut();
                watchPeerTtl(Commands.pingTtl(body));
                return true;
            case Commands.PONG:
                return true;
            case Commands.ERROR:
                close(new Disconnect(Disconnect.Kind.REFUSED, Disconnect.ECONNRESET, "peer sent ERROR: " + Commands.errorReason(body)));
                return false;
            case Commands.SUBSCRIBE:
            case Commands.CANCEL:
                if (publisher) {
                    // the publishing pattern reads subscriptions as 0x01/0x00-prefixed messages
                    int off = Commands.dataOffset(body);
                    byte[] f = new byte[1 + body.length - off];
                    f[0] = (byte) (name.equals(Commands.SUBSCRIBE) ? 1 : 0);
                    System.arraycopy(body, off, f, 1, body.length - off);
                    return push(Internals.msg().wrap(f));
                }
                return true;
            case "JOIN":
            case "LEAVE":
                if (options.type == SocketType.RADIO) {
                    int off = Commands.dataOffset(body);
                    byte[] group = java.util.Arrays.copyOfRange(body, off, body.length);
                    return push(Internals.msg().command(group, name.equals("JOIN") ? Internals.JOIN : Internals.LEAVE));
                }
                return true;
            default:
                return true; // unknown commands are ignored, as RFC 37 allows
        }
    }

    @Override
    public boolean frame(byte[] body, boolean more) throws ZmtpException {
        if (phase == Phase.CLOSED) {
            return false;
        }
        if (phase != Phase.ACTIVE) {
            if (legacy && phase == Phase.HANDSHAKE) {
                return legacyPeerIdentity(body);
            }
            throw new ZmtpException(ZmtpException.Code.UNEXPECTED_COMMAND, "message frame before the handshake completed");
        }
        if (mechanism.encrypts()) {
            return sealed(body); // libzmq sends CURVE MESSAGE boxes as data frames
        }
        return deliverFrame(body, more);
    }

    /** A whole CURVE box in the input: opened from there into the payload's own array. */
    @Override
    public boolean frame(ByteBuffer in, int length, boolean more) throws ZmtpException {
        if (phase == Phase.CLOSED) {
            return false;
        }
        if (phase != Phase.ACTIVE) {
            throw new ZmtpException(ZmtpException.Code.UNEXPECTED_COMMAND, "message frame before the handshake completed");
        }
        FrameBox box = mechanism.box();
        return opened(box.open(in, length), box.openedFlags());
    }

    @Override
    public boolean frame(BufferFrame body, boolean more) throws ZmtpException {
        if (phase == Phase.CLOSED) {
            body.release();
            return false;
        }
        if (phase != Phase.ACTIVE) {
            body.release();
            throw new ZmtpException(ZmtpException.Code.UNEXPECTED_COMMAND, "message frame before the handshake completed");
        }
        if (mechanism.encrypts()) {
            FrameBox box = mechanism.box();
            byte[] payload;
            try {
                payload = box.open(body.writeView(), body.length());
            } finally {
                body.release();
            }
            return opened(payload, box.openedFlags());
        }
        if (frameBuffers == null) {
            frameBuffers = new ArrayList<>(4);
        }
        padFrameBuffers(frames.size());
        frameBuffers.add(body);
        largeLast = true;
        return deliverFrame(null, more);
    }

    /** Nulls for the array frames received since the last buffer frame. */
    private void padFrameBuffers(int size) {
        while (frameBuffers.size() < size) {
            frameBuffers.add(null);
        }
    }

    private boolean deliverFrame(byte[] body, boolean more) {
        if (largeLast && body != null && body.length > 0) {
            largeLast = false; // small messages again: read as much as comes
        }
        if (more) {
            frames.add(body);
            return true;
        }
        Msg m;
        if (frameBuffers != null) {
            frames.add(body);
            padFrameBuffers(frames.size());
            m = Internals.msg().wrap(frames.toArray(new byte[frames.size()][]), frameBuffers.toArray(new BufferFrame[0]));
            frames.clear();
            frameBuffers = null;
        } else if (frames.isEmpty()) {
            m = Internals.msg().wrap(body); // the common single-frame message: no list round trip
        } else {
            frames.add(body);
            m = Internals.msg().wrap(frames.toArray(new byte[frames.size()][]));
            frames.clear();
        }
        return push(Internals.msg().withProperties(m, properties));
    }

    private boolean push(Msg m) {
        if (pipe.deliverQuietly(m)) {
            delivered = true;
            return true;
        }
        pendingIn = m;
        return false;
    }

    /** Wakes the socket once for everything one decode pass delivered. */
    private void wakeSocketIfDelivered() {
        if (delivered) {
            delivered = false;
            pipe.wakeSocket();
        }
    }

    // ---- handshake ----

    private void sendCommand(byte[] body) {
        room(body.length + 9);
        ZmtpEncoder.putCommand(wbuf, body);
    }

    /** Grows the handshake's output buffer to take {@code bytes} more. */
    private void room(int bytes) {
        if (wbuf.remaining() < bytes) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(2 * wbuf.capacity(), wbuf.position() + bytes));
            wbuf.flip();
            wbuf = bigger.put(wbuf);
        }
    }

    private void queueCommand(byte[] body) {
        takeOutput();
        commands.add(body);
        drainOut();
    }

    private void handshakeDone() throws ZmtpException {
        Map<String, byte[]> peer = mechanism.peerProperties();
        byte[] typeBytes = Commands.property(peer, "Socket-Type");
        SocketType peerType = typeBytes == null ? null : SocketType.fromZmtpName(new String(typeBytes, StandardCharsets.US_ASCII));
        if (peerType == null || !options.type.compatibleWith(peerType)) {
            sendCommand(Commands.error("invalid socket type"));
            flushQuietly();
            throw new ZmtpException(ZmtpException.Code.INCOMPATIBLE_SOCKET_TYPE, "peer socket type "
                    + (typeBytes == null ? "(none)" : new String(typeBytes, StandardCharsets.US_ASCII))
                    + " cannot talk to " + options.type);
        }
        byte[] identity = Commands.property(peer, "Identity");
        Map<String, String> props = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : peer.entrySet()) {
            props.put(e.getKey(), new String(e.getValue(), StandardCharsets.UTF_8));
        }
        props.put("Peer-Address", peerIp());
        activate(peerType, identity == null ? new byte[0] : identity);
        properties = Collections.unmodifiableMap(props);
    }

    private void activate(SocketType peerType, byte[] identity) {
        if (phase == Phase.CLOSED) {
            return; // never handed to the session: it has been told this connection ended
        }
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
        }
        // before ACTIVE and before the session has the pipe: no other thread writes yet
        ByteBuffer out = ByteBuffer.allocateDirect(Math.max(BUFFER_SIZE, wbuf.position()));
        wbuf.flip();
        wbuf = out.put(wbuf);
        enter(Phase.ACTIVE);
        handshakeDone = true;
        // CURVE boxes of 32 KiB and up too: read straight into pooled memory and opened from there,
        // instead of copied out of the read buffer into an array of their own first
        decoder.pooledBodies(!raw);
        if (mechanism.encrypts()) {
            // before anything after the handshake is decoded or encoded
            encoder.sealWith(mechanism.box());
            decoder.framesInPlace(true);
        }
        Map<String, String> props = new LinkedHashMap<>();
        props.put("Peer-Address", peerIp());
        properties = Collections.unmodifiableMap(props);
        session.engineReady(this, peerType, identity, properties);
    }

    // ---- heartbeats (ZMTP 3.1) ----

    private void startHeartbeats() {
        if (options.heartbeatIvlMs > 0 && !raw && (peerMinor >= 1 || wire != null)) {
            heartbeatTimer = io.schedule(options.heartbeatIvlMs, this::heartbeat);
        }
    }

    /** Sends a PING and, unless anything arrives within the timeout, gives up on the peer. */
    private void heartbeat() {
        if (phase != Phase.ACTIVE) {
            return;
        }
        long sentAt = System.nanoTime();
        if (wire != null) {
            // over ZWS, heartbeats are WebSocket pings, as libzmq sends them
            takeOutput();
            wire.ping();
            drainOut();
            flushQuietly();
        } else {
            queueCommand(Commands.ping(Math.min(0xFFFF, options.heartbeatTtlMs / 100), new byte[0]));
        }
        int timeout = options.heartbeatTimeoutMs >= 0 ? options.heartbeatTimeoutMs : options.heartbeatIvlMs;
        io.schedule(timeout, () -> {
            if (phase == Phase.ACTIVE && lastReceived - sentAt < 0) {
                close(new Disconnect(Disconnect.Kind.HEARTBEAT, Disconnect.ETIMEDOUT,
                        "heartbeat timeout: nothing from the peer for " + timeout + " ms after a PING"));
            }
        });
        heartbeatTimer = io.schedule(options.heartbeatIvlMs, this::heartbeat);
    }

    /** Honours the TTL in a peer's PING: with no traffic for that long, the peer is gone. */
    private void watchPeerTtl(int ttlDeciseconds) {
        if (ttlDeciseconds <= 0) {
            return;
        }
        if (peerTtlTimer != null) {
            peerTtlTimer.cancel();
        }
        long from = System.nanoTime();
        int ttlMs = ttlDeciseconds * 100;
        peerTtlTimer = io.schedule(ttlMs, () -> {
            if (phase == Phase.ACTIVE && lastReceived - from <= 0) {
                close(new Disconnect(Disconnect.Kind.HEARTBEAT, Disconnect.ETIMEDOUT,
                        "heartbeat timeout: the peer's TTL of " + ttlMs + " ms passed without traffic"));
            }
        });
    }

    /** The session hands over the pipe once the peer is known. */
    public void attach(Pipe p) {
        this.pipe = p;
        if (raw && options.streamNotify) {
            push(Internals.msg().wrap(new byte[0]));
            wakeSocketIfDelivered();
        }
        startHeartbeats();
        run(); // drains what queued before the connection and arms the wake-up
    }

    // ---- output ----

    @Override
    public void run() {
        if (phase == Phase.CLOSED) {
            return;
        }
        try {
            if (pipe != null && pipe.socketGone() && !closeAfterFlush) {
                closeWhenFlushed(); // the socket asked for this connection to end
            }
            do {
                if (readPaused) {
                    resumeReading();
                }
                drainOut();
                wakePending = 0;
            } while (phase == Phase.CLOSED ? false : hasWork() && WAKE_PENDING.compareAndSet(this, 0, 1));
        } catch (IOException e) {
            close(Disconnect.peer(e.getMessage()));
        } catch (ZmtpException e) {
            protocolError(e);
        }
    }

    private boolean hasWork() {
        if (pipe == null) {
            return false;
        }
        return (!writeBlocked && !pipe.out().isEmpty()) || (readPaused && pipe.in().hasRoom());
    }

    private void resumeReading() throws IOException, ZmtpException {
        if (pendingIn != null) {
            if (!pipe.deliver(pendingIn)) {
                return;
            }
            pendingIn = null;
        }
        readPaused = false;
        if (leftover != null) {
            ByteBuffer rest = leftover;
            leftover = null;
            consume(rest);
            if (rest.hasRemaining() && phase != Phase.CLOSED) {
                leftover = rest;
            }
        }
        if (!readPaused && phase != Phase.CLOSED) {
            key.interestOps(key.interestOps() | SelectionKey.OP_READ);
            readable();
        }
    }

    /** Moves queued messages into the write buffer and the channel until either is full. */
    private void drainOut() {
        if (phase != Phase.ACTIVE || pipe == null || writeBlocked) {
            return;
        }
        takeOutput();
        long before = sent;
        try {
            while (true) {
                if (!encoder.busy()) {
                    byte[] cmd = pendingPong != null ? pendingPong : commands.poll();
                    pendingPong = null;
                    if (cmd != null) {
                        startCommandOut(cmd);
                    } else {
                        Msg m = pipe.out().poll();
                        if (m == null || !startMessage(m)) {
                            break;
                        }
                    }
                }
                if (!fill() && !flush()) {
                    return;
                }
            }
            if (flush()) {
                if (closeAfterFlush) {
                    close(Disconnect.local(raw ? "closed by the application" : "linger done"));
                } else {
                    encoder.drained();
                    releaseOutput();
                    if (sent - before >= watchAfter) {
                        watchWriteSpace();
                    }
                }
            }
        } catch (IOException e) {
            close(Disconnect.peer(e.getMessage()));
        }
    }

    /**
     * After a large write on ipc, waits for the peer to read it (OP_WRITE, once; {@link #ready}
     * disarms it). I/O thread only.
     *
     * <p>Why: a Unix socket turns writable again when its peer reads, and that wakes whoever
     * polls for it. Without a poller for it this core goes idle after the write and is only
     * woken by the reply, paying for leaving the idle state then (about 30 µs on a VM without
     * halt-polling, such as the one the benchmarks ran on). Woken by the peer's read instead,
     * it leaves idle while the peer is still working on the reply. libzmq gets this from the
     * poll-out it keeps until a poll finds nothing left to write. ipc 64 KiB REQ-REP on two
     * cores at steady state: 42-48 µs → 25-26 µs one way (libzmq 32). The price is one more
     * wake-up of the I/O thread per large write: with both ends on one core, where nothing was
     * idle, 14 → 18 µs (libzmq 17.5). Not on tcp: loopback keeps the socket writable, so it
     * would only cost (FINDINGS §24).
     */
    private void watchWriteSpace() {
        if (phase == Phase.ACTIVE && key.isValid() && (key.interestOps() & SelectionKey.OP_WRITE) == 0) {
            key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
            WRITE_SPACE_WATCHES.incrementAndGet();
        }
    }

    /** How many times, in this JVM, a connection waited for its peer to read a large write. */
    public static long writeSpaceWatches() {
        return WRITE_SPACE_WATCHES.get();
    }

    /**
     * A Unix socket polls writable while what it holds unread is at most a quarter of its send
     * buffer (Linux's {@code unix_writable}); a burst that size leaves it unwritable. Not a Unix
     * socket, or no answer: never.
     */
    private static int unixWritableLimit(SocketChannel channel) {
        try {
            if (channel.getLocalAddress() instanceof UnixDomainSocketAddress) {
                return Math.max(16 * 1024, channel.getOption(StandardSocketOptions.SO_SNDBUF) / 4);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // fall through: the optimisation is off, nothing else depends on it
        }
        return Integer.MAX_VALUE;
    }

    /**
     * Encodes into the write buffer; true when the whole message is there, and then an array
     * from {@code Msg.allocate} goes back to its pool: the next allocate of that size on the
     * sending thread reuses it while it is still in cache, as malloc does for libzmq.
     */
    private boolean fill() {
        if (!encoder.fill(wbuf)) {
            return false;
        }
        if (encodedFromPool != null) {
            ArrayPool.give(encodedFromPool);
            encodedFromPool = null;
        }
        return true;
    }

    /**
     * Starts encoding a message from the socket; false for a STREAM socket's empty frame, which
     * asks for the connection to close once what is queued before it has gone.
     */
    private boolean startMessage(Msg m) {
        encodedFromPool = Internals.msg().recycled(m);
        byte groupCommand = Internals.msg().command(m);
        BufferFrame[] buffers = Internals.msg().buffers(m);
        if (groupCommand == 0 && !raw && !subscriber) {
            // under CURVE the encoder seals each frame (array or buffer) as it reaches it
            if (buffers != null) {
                encoder.start(Internals.msg().arrays(m), buffers); // large bodies without a copy
                return true;
            }
            if (m.size() == 1) {
                encoder.start(m.frame(0)); // the common case, without a frames array
                return true;
            }
        }
        byte[][] f = Internals.msg().frames(m);
        if (groupCommand != 0) {
            startCommandOut(Commands.command(groupCommand == Internals.JOIN ? "JOIN" : "LEAVE", f[0]));
        } else if (subscriber && peerMinor >= 1 && f.length == 1 && f[0].length > 0 && (f[0][0] == 0 || f[0][0] == 1)) {
            // to a ZMTP 3.1 peer, subscriptions travel as commands
            byte[] topic = java.util.Arrays.copyOfRange(f[0], 1, f[0].length);
            startCommandOut(Commands.command(f[0][0] == 1 ? Commands.SUBSCRIBE : Commands.CANCEL, topic));
        } else if (raw) {
            if (f[0].length == 0) {
                closeAfterFlush = true;
                encodedFromPool = null;
                return false;
            }
            encoder.startRaw(f[0]);
        } else {
            encoder.start(f);
        }
        return true;
    }

    // ---- direct writes from the socket's thread ----
    //
    // The output side has one owner at a time, held in outState. The I/O thread owns it by
    // default and gives it up (IDLE) only when everything is flushed, nothing else is queued
    // and the connection is an active ZMTP one. Under CURVE the encoder seals as it fills, so
    // the codec's sending half goes with the output: whoever owns it seals and writes, and the
    // nonces reach the wire in the order they were taken. A socket thread may then take it
    // (DIRECT), encode what it queued, write once and give it back: IDLE when all went out,
    // else to the I/O thread, which carries on as if it had written the bytes itself. Whatever
    // the I/O thread does to the output (drain, PONG, PING, close, linger) it does after
    // takeOutput(), which waits out a direct write in progress.

    /**
     * The largest message a socket thread seals and writes itself under CURVE. Up to here a box
     * (at most 33 Salsa20 blocks) is sealed in a few µs, so an I/O thread that wants the output
     * back (a PING, a close) waits about as long as under NULL, and no application thread makes
     * lanes of its own (LaneSalsa20 takes frames of 48 blocks and more). Larger messages are
     * sealed by the I/O thread, as before.
     */
    private static final int DIRECT_SEALED_MAX = 2 * 1024;

    /** Owns the output on the I/O thread, waiting for a direct write to finish. */
    private void takeOutput() {
        int s;
        while ((s = outState) != OUT_IO) {
            if (s == OUT_IDLE && OUT_STATE.compareAndSet(this, OUT_IDLE, OUT_IO)) {
                return;
            }
            // a direct write is one encode and one non-blocking write; on a single core the
            // writer may be the thread this one preempted
            Thread.yield();
        }
    }

    /** Lets socket threads write directly, if the output is fully idle. I/O thread only. */
    private void releaseOutput() {
        if (phase == Phase.ACTIVE && pipe != null && !raw && wire == null && !writeBlocked
                && !closeAfterFlush && pendingPong == null && commands.isEmpty() && !encoder.busy()
                && wbuf.position() == 0) {
            outState = OUT_IDLE;
        }
    }

    /**
     * On the socket's thread, after it queued a message: writes what is queued straight to the
     * channel if the output is idle. False when the I/O thread must be woken instead.
     *
     * <p>Only one direct write per read from the peer: a request or a reply came in, so what
     * goes out now is likely the answer. A one-way stream leaves its messages to the I/O
     * thread, which batches them many to a syscall (a direct write each time the I/O loop went
     * idle cost a PUSH of 8 B messages 10-20% of its throughput).
     */
    private boolean tryDirect() {
        if (!OUT_STATE.compareAndSet(this, OUT_IDLE, OUT_DIRECT)) {
            return false;
        }
        directArmed = false;
        boolean sealing = mechanism.encrypts();
        boolean leftForIo = false;
        try {
            if (pipe.socketGone()) {
                return false; // the I/O thread has a close to run
            }
            Msg m;
            long before = sent;
            while ((m = sealing ? pipe.out().peek() : pipe.out().poll()) != null) {
                if (sealing) {
                    if (m.byteSize() > DIRECT_SEALED_MAX) {
                        leftForIo = true; // sealed on the I/O thread, which may not wait that long
                        break;
                    }
                    pipe.out().poll();
                }
                startMessage(m); // never a STREAM socket here
                if (!fill()) {
                    break;
                }
            }
            writeOut();
            if (sent - before >= watchAfter && wbuf.position() == 0 && !encoder.busy()) {
                io.execute(watchWriteSpace);
            }
        } catch (IOException e) {
            // left to the I/O thread: its own write meets the same error and closes the connection
        } finally {
            if (wbuf.position() == 0 && !encoder.busy() && !leftForIo) {
                outState = OUT_IDLE;
            } else {
                outState = OUT_IO;
                io.execute(resumeOutput); // a partial write, an error or a large box: the rest is its job
            }
        }
        return true;
    }

    private void startCommandOut(byte[] cmd) {
        encoder.startCommand(cmd); // sealed by the encoder under CURVE
    }

    /**
     * Writes the buffer; false (and OP_WRITE armed) when the kernel took only part of it.
     *
     * <p>While {@code writeBlocked} is set, a drain is parked waiting for OP_WRITE (the encoder
     * may still hold the rest of a large message). A flush from elsewhere (the handshake's
     * {@code flushQuietly}) that empties the buffer must then leave OP_WRITE armed, or nothing
     * would ever resume that drain; {@link #ready} clears the flag and disarms it.
     */
    private boolean flush() throws IOException {
        takeOutput();
        boolean done = writeOut();
        if (!done) {
            writeBlocked = true;
            key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
        } else if (!writeBlocked && key.isValid() && (key.interestOps() & SelectionKey.OP_WRITE) != 0) {
            key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
        }
        return done;
    }

    /** One write of what the buffer holds; true when all of it went. The output's owner only. */
    private boolean writeOut() throws IOException {
        ByteBuffer body = encoder.pendingBody();
        if (body != null) {
            return writeWithBody(body);
        }
        if (wbuf.position() == 0) {
            return wire == null || wire.flushOut();
        }
        wbuf.flip();
        try {
            if (wire == null) {
                sent += channel.write(wbuf);
                return !wbuf.hasRemaining();
            }
            wire.write(wbuf);
            return !wbuf.hasRemaining() && !wire.wantsWrite();
        } finally {
            wbuf.compact();
        }
    }

    /**
     * The buffer then a large body from its own memory, in gathering writes of at most
     * {@link #WRITE_MAX} bytes; false when the kernel took less than offered.
     */
    private boolean writeWithBody(ByteBuffer body) throws IOException {
        while (true) {
            wbuf.flip();
            int limit = body.limit();
            int room = Math.max(0, WRITE_MAX - wbuf.remaining());
            if (body.remaining() > room) {
                body.limit(body.position() + room);
            }
            long offered = wbuf.remaining() + body.remaining();
            long n;
            writePair[0] = wbuf;
            writePair[1] = body;
            try {
                n = wire == null ? channel.write(writePair) : wire.write(writePair);
                sent += n;
            } finally {
                body.limit(limit);
                writePair[0] = null;
                writePair[1] = null;
                wbuf.compact();
            }
            if (!body.hasRemaining()) {
                encoder.bodyWritten();
                return wire == null || !wire.wantsWrite();
            }
            if (n < offered) {
                return false;
            }
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (IOException e) {
            close(Disconnect.peer(e.getMessage()));
        }
    }

    /** Asks the engine to close once everything queued is written (linger). */
    public void closeWhenFlushed() {
        takeOutput();
        closeAfterFlush = true;
        if (phase == Phase.ACTIVE && pipe != null && pipe.out().isEmpty() && !encoder.busy()) {
            drainOut();
            if (phase != Phase.CLOSED && wbuf.position() == 0) {
                close(Disconnect.local("linger done"));
            }
        }
    }

    /** Whether everything queued has gone to the kernel. */
    public boolean flushed() {
        takeOutput();
        return pipe == null || (pipe.out().isEmpty() && !encoder.busy() && wbuf.position() == 0);
    }

    private void protocolError(ZmtpException e) {
        if (e.zapStatus() != 0) {
            close(new Disconnect(Disconnect.Kind.AUTH, e.zapStatus(), e.getMessage()));
            return;
        }
        close(new Disconnect(Disconnect.Kind.PROTOCOL, e.libzmqCode(), e.code() + ": " + e.getMessage()));
    }

    /** Moves to {@code next} unless the connection is closed; false (and no change) when it is. */
    private boolean enter(Phase next) {
        if (phase == Phase.CLOSED) {
            return false;
        }
        phase = next;
        return true;
    }

    /**
     * Closes the connection and tells the session, once: CLOSED is final, so a second call (a
     * decoder callback after a failed write, a timer) returns at once. I/O thread only.
     */
    public void close(Disconnect why) {
        if (phase == Phase.CLOSED) {
            return;
        }
        takeOutput(); // a direct write in progress ends before the channel does
        phase = Phase.CLOSED;
        LIVE.decrementAndGet();
        decoder.discard();
        mechanism.close();
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
        }
        if (heartbeatTimer != null) {
            heartbeatTimer.cancel();
        }
        if (peerTtlTimer != null) {
            peerTtlTimer.cancel();
        }
        if (wire != null) {
            wire.close(why.kind == Disconnect.Kind.PROTOCOL ? (why.reason.startsWith("MESSAGE_TOO_LARGE")
                    ? WsWire.CLOSE_TOO_BIG : WsWire.CLOSE_PROTOCOL) : WsWire.CLOSE_NORMAL);
        }
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            session.closeFailed(e);
        }
        if (raw && pipe != null && options.streamNotify) {
            pipe.deliver(Internals.msg().wrap(new byte[0]));
        }
        session.engineClosed(this, why, handshakeDone);
    }

    /** The peer's minor ZMTP version (0 for a 3.0 peer). */
    public int peerMinor() {
        return peerMinor;
    }
}
