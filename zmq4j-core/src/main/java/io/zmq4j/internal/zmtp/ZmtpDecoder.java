package io.zmq4j.internal.zmtp;

import io.zmq4j.internal.io.BufferFrame;
import io.zmq4j.internal.io.BufferPool;
import java.nio.ByteBuffer;

/**
 * Turns bytes from the peer into a greeting, commands and message frames. A pure state machine
 * over buffers: no I/O, so it is tested with byte vectors.
 *
 * <p>It parses every whole frame in what it is given and keeps a partial frame for the next
 * call. A handler that returns false stops decoding after the current frame (back-pressure).
 *
 * <p>With {@link #pooledBodies} on, a data frame of {@link BufferPool#MIN_SIZE} or more goes into
 * pooled off-heap memory rather than an array, and {@link #bodyBuffer} lets the caller read the
 * rest of it from the channel straight into that memory.
 */
public final class ZmtpDecoder {
    public static final int FLAG_MORE = 1;
    public static final int FLAG_LONG = 2;
    public static final int FLAG_COMMAND = 4;

    /** {@link Handler#legacy}'s revision for a ZMTP 1.0 peer that sent no signature at all. */
    public static final int UNVERSIONED = -1;

    /** Receives what the decoder finds. Return false to stop after this item. */
    public interface Handler {
        /** The peer's signature says ZMTP 2.0 or later: our major version may go out now. */
        default void signature() throws ZmtpException {}

        /** The peer's major version is 2 or more, so a 3.x greeting follows: send the rest of ours. */
        default void versioned(int major) throws ZmtpException {}

        /**
         * A ZMTP 1.0 or 2.0 peer: {@code revision} is {@link #UNVERSIONED} (a 1.0 peer that sent
         * its identity frame straight away), 0 (1.0 framing after a 12-octet greeting) or 1 (2.0);
         * {@code socketType} is the greeting's socket-type octet, or -1. Frames follow in that
         * version's framing, the first being the peer's identity.
         */
        default boolean legacy(int revision, int socketType) throws ZmtpException {
            throw new ZmtpException(ZmtpException.Code.UNSUPPORTED_VERSION,
                    "peer speaks ZMTP " + (revision == 1 ? "2.0" : "1.0") + "; this connection needs 3.0 or later");
        }

        boolean greeting(Greeting g) throws ZmtpException;

        boolean command(byte[] body) throws ZmtpException;

        boolean frame(byte[] body, boolean more) throws ZmtpException;

        /**
         * A whole data frame of {@code length} bytes at {@code in}'s position (only with
         * {@link #framesInPlace} on): read exactly those bytes, without an array for the frame.
         */
        default boolean frame(ByteBuffer in, int length, boolean more) throws ZmtpException {
            byte[] b = new byte[length];
            in.get(b);
            return frame(b, more);
        }

        /** A large data frame in pooled memory (only with {@link #pooledBodies} on). */
        default boolean frame(BufferFrame body, boolean more) throws ZmtpException {
            return frame(body.array(), more);
        }
    }

    private enum State { SIGNATURE, GREETING, FLAGS, SIZE, BODY, V1_LENGTH, V1_LONG, V1_FLAGS }

    private final long maxMsgSize;
    private State state;
    /** Where a frame starts: FLAGS (ZMTP 2.0 and 3.x framing) or V1_LENGTH (ZMTP 1.0). */
    private State frameStart = State.FLAGS;
    /** Bytes a ZMTP 1.0 peer sent before we knew it: the start of its identity frame. */
    private ByteBuffer replay;
    private long v1Size;
    private final byte[] greeting = new byte[Greeting.SIZE];
    private int greetingPos;
    private int flags;
    private final byte[] sizeBytes = new byte[8];
    private int sizeNeed;
    private int sizePos;
    /**
     * What a frame header alone may make us allocate: beyond this a body's array grows only as
     * its bytes arrive, so a peer announcing a huge frame (or many peers doing so at once) costs
     * what they actually send, not what they claim. The extra kibibyte is for what wraps a
     * 64 KiB message, such as a CURVE box's 33 bytes: without it that frame took a 64 KiB array,
     * then a second one and a copy of the first when its last 33 bytes came.
     */
    static final int HEADER_SLACK = 64 * 1024 + 1024;
    private static final long COMMAND_FLOOR = 64 * 1024;
    private byte[] body;
    private int bodyPos;
    private int bodyLength;
    private boolean pooledBodies;
    private boolean framesInPlace;
    /** The body being filled in pooled memory, or null. */
    private ByteBuffer pooledBody;
    private BufferPool.Lease lease;

    /** A decoder that starts with the greeting; {@code maxMsgSize} below 0 means no limit. */
    public ZmtpDecoder(long maxMsgSize) {
        this(maxMsgSize, true);
    }

    public ZmtpDecoder(long maxMsgSize, boolean expectGreeting) {
        this.maxMsgSize = maxMsgSize;
        this.state = expectGreeting ? State.SIGNATURE : State.FLAGS;
    }

    /** How many bytes of the greeting have arrived (the engine stages its own greeting on it). */
    public int greetingBytes() {
        return greetingPos;
    }

    /** Large data frames go to pooled memory from now on (not for encrypted or raw streams). */
    public void pooledBodies(boolean on) {
        this.pooledBodies = on;
    }

    /**
     * A data frame that is wholly in the input goes to the handler as the input itself
     * ({@link Handler#frame(ByteBuffer, int, boolean)}), short or long: for CURVE, which opens its
     * box from there into the payload's own array.
     */
    public void framesInPlace(boolean on) {
        this.framesInPlace = on;
    }

    /**
     * The pooled body still being filled, positioned where the next byte goes: read from the
     * channel into it, then call {@link #decode} (even with nothing else) to deliver it when
     * full. Null when no such body is in progress.
     */
    public ByteBuffer bodyBuffer() {
        return pooledBody;
    }

    /** Gives back pooled memory of a half-received frame (the connection is closing). */
    public void discard() {
        if (lease != null) {
            lease.release();
            lease = null;
            pooledBody = null;
        }
    }

    /** Whether the greeting is complete and frames are being decoded. */
    public boolean pastGreeting() {
        return state != State.SIGNATURE && state != State.GREETING;
    }

    /** Consumes bytes from {@code in}; returns false when the handler asked to stop. */
    public boolean decode(ByteBuffer in, Handler h) throws ZmtpException {
        if (pooledBody != null && !pooledBody.hasRemaining() && !finishPooled(h)) {
            return false; // the caller read the rest of it straight into the memory
        }
        if (replay != null) {
            boolean go = run(replay, h);
            if (!replay.hasRemaining()) {
                replay = null;
            }
            if (!go) {
                return false;
            }
        }
        return run(in, h);
    }

    private boolean run(ByteBuffer in, Handler h) throws ZmtpException {
        while (in.hasRemaining()) {
            switch (state) {
                case SIGNATURE: {
                    int n = Math.min(in.remaining(), Greeting.SIGNATURE_SIZE - greetingPos);
                    in.get(greeting, greetingPos, n);
                    greetingPos += n;
                    // A first octet other than %xFF, or a 10th octet with bit 0 clear, is a ZMTP
                    // 1.0 identity frame's header (decided on the first byte however the bytes
                    // are split)
                    if ((greeting[0] & 0xFF) != 0xFF
                            || (greetingPos == Greeting.SIGNATURE_SIZE && (greeting[9] & 1) == 0)) {
                        state = State.V1_LENGTH;
                        frameStart = State.V1_LENGTH;
                        replay = ByteBuffer.wrap(greeting, 0, greetingPos);
                        if (!h.legacy(UNVERSIONED, -1)) {
                            return false;
                        }
                        return decode(in, h); // the replayed bytes first, then the rest
                    }
                    if (greetingPos == Greeting.SIGNATURE_SIZE) {
                        state = State.GREETING;
                        h.signature();
                    }
                    break;
                }
                case GREETING: {
                    if (greetingPos == Greeting.SIGNATURE_SIZE) {
                        int major = in.get() & 0xFF;
                        greeting[greetingPos++] = (byte) major;
                        if (major >= 2) {
                            h.versioned(major);
                        }
                        break;
                    }
                    if (greetingPos == Greeting.SIGNATURE_SIZE + 1 && (greeting[10] & 0xFF) < 2) {
                        // ZMTP 2.0 (revision 1), or 1.0 framing behind a greeting (revision 0):
                        // the socket type ends the greeting
                        int revision = greeting[10];
                        int type = in.get() & 0xFF;
                        greetingPos++;
                        frameStart = revision == 0 ? State.V1_LENGTH : State.FLAGS;
                        state = frameStart;
                        if (!h.legacy(revision, type)) {
                            return false;
                        }
                        break;
                    }
                    int n = Math.min(in.remaining(), Greeting.SIZE - greetingPos);
                    in.get(greeting, greetingPos, n);
                    greetingPos += n;
                    if (greetingPos == Greeting.SIZE) {
                        state = State.FLAGS;
                        if (!h.greeting(Greeting.parse(greeting))) {
                            return false;
                        }
                    }
                    break;
                }
                case FLAGS: {
                    if (framesInPlace && in.remaining() >= 2) {
                        int pos = in.position();
                        int f = in.get(pos) & 0xFF;
                        if ((f & ~(FLAG_MORE | FLAG_LONG)) == 0) {
                            boolean shortSize = (f & FLAG_LONG) == 0;
                            int header = shortSize ? 2 : 9;
                            long size = shortSize ? in.get(pos + 1) & 0xFF : in.remaining() >= 9 ? in.getLong(pos + 1) : -1;
                            if (size >= 0 && in.remaining() - header >= size && (maxMsgSize < 0 || size <= maxMsgSize)) {
                                in.position(pos + header);
                                int end = pos + header + (int) size;
                                boolean go = h.frame(in, (int) size, (f & FLAG_MORE) != 0);
                                in.position(end);
                                if (!go) {
                                    return false;
                                }
                                break;
                            }
                        }
                    }
                    if (in.remaining() >= 2) {
                        int pos = in.position();
                        int f = in.get(pos) & 0xFF;
                        int size = in.get(pos + 1) & 0xFF;
                        if ((f & ~FLAG_MORE) == 0 && in.remaining() >= 2 + size && (maxMsgSize < 0 || size <= maxMsgSize)) {
                            // the common case in one step: a whole short data frame is here,
                            // so no pass through the states per header byte
                            byte[] b = size == 0 ? EMPTY : new byte[size];
                            in.position(pos + 2);
                            in.get(b);
                            if (!h.frame(b, f != 0)) {
                                return false;
                            }
                            break;
                        }
                    }
                    flags = in.get() & 0xFF;
                    if ((flags & 0xF8) != 0) {
                        throw new ZmtpException(ZmtpException.Code.MALFORMED_MESSAGE,
                                "reserved flag bits set in frame flags 0x" + Integer.toHexString(flags));
                    }
                    if ((flags & FLAG_COMMAND) != 0 && (flags & FLAG_MORE) != 0) {
                        throw new ZmtpException(ZmtpException.Code.MALFORMED_COMMAND, "a command cannot have MORE set");
                    }
                    sizeNeed = (flags & FLAG_LONG) != 0 ? 8 : 1;
                    sizePos = 0;
                    state = State.SIZE;
                    break;
                }
                case SIZE: {
                    if (sizePos == 0 && sizeNeed == 1) {
                        if (!startBody(in.get() & 0xFF, in, h)) {
                            return false;
                        }
                        break;
                    }
                    int n = Math.min(in.remaining(), sizeNeed - sizePos);
                    in.get(sizeBytes, sizePos, n);
                    sizePos += n;
                    if (sizePos == sizeNeed) {
                        long size = 0;
                        for (int i = 0; i < 8; i++) {
                            size = (size << 8) | (sizeBytes[i] & 0xFF);
                        }
                        if (size < 0 || size > Integer.MAX_VALUE - 8) {
                            throw new ZmtpException(ZmtpException.Code.MESSAGE_TOO_LARGE,
                                    "frame of " + Long.toUnsignedString(size) + " bytes is larger than Java can hold");
                        }
                        if (!startBody(size, in, h)) {
                            return false;
                        }
                    }
                    break;
                }
                case BODY: {
                    if (pooledBody != null) {
                        int n = Math.min(in.remaining(), pooledBody.remaining());
                        int pos = in.position();
                        pooledBody.put(pooledBody.position(), in, pos, n).position(pooledBody.position() + n);
                        in.position(pos + n);
                        if (!pooledBody.hasRemaining() && !finishPooled(h)) {
                            return false;
                        }
                        break;
                    }
                    if (bodyPos == body.length) {
                        long grown = Math.max((long) body.length * 2, (long) bodyPos + in.remaining());
                        body = java.util.Arrays.copyOf(body, (int) Math.min(bodyLength, grown));
                    }
                    int n = Math.min(in.remaining(), body.length - bodyPos);
                    in.get(body, bodyPos, n);
                    bodyPos += n;
                    if (bodyPos == bodyLength && !finishBody(h)) {
                        return false;
                    }
                    break;
                }
                case V1_LENGTH: {
                    // ZMTP 1.0: the length counts the flags octet that follows it
                    int length = in.get() & 0xFF;
                    if (length == 0xFF) {
                        sizePos = 0;
                        state = State.V1_LONG;
                    } else {
                        v1Length(length);
                    }
                    break;
                }
                case V1_LONG: {
                    int n = Math.min(in.remaining(), 8 - sizePos);
                    in.get(sizeBytes, sizePos, n);
                    sizePos += n;
                    if (sizePos == 8) {
                        long length = 0;
                        for (int i = 0; i < 8; i++) {
                            length = (length << 8) | (sizeBytes[i] & 0xFF);
                        }
                        v1Length(length);
                    }
                    break;
                }
                case V1_FLAGS: {
                    // only MORE means anything; libzmq ignores the reserved bits (the spec says
                    // SHOULD be zero), and an identity frame's flags are not to be validated
                    flags = in.get() & FLAG_MORE;
                    if (!startBody(v1Size, in, h)) {
                        return false;
                    }
                    break;
                }
                default:
                    throw new IllegalStateException();
            }
        }
        return true;
    }

    /** A ZMTP 1.0 length (flags octet included) is known: the flags come next. */
    private void v1Length(long length) throws ZmtpException {
        if (length == 0) {
            // the spec says discard silently, but libzmq closes the connection: so do we
            throw new ZmtpException(ZmtpException.Code.MALFORMED_MESSAGE,
                    "ZMTP 1.0 frame with a length of 0 (the length counts the flags octet)");
        }
        if (length < 0 || length - 1 > Integer.MAX_VALUE - 8) {
            throw new ZmtpException(ZmtpException.Code.MESSAGE_TOO_LARGE,
                    "frame of " + Long.toUnsignedString(length - 1) + " bytes is larger than Java can hold");
        }
        v1Size = length - 1;
        state = State.V1_FLAGS;
    }

    private boolean startBody(long size, ByteBuffer in, ZmtpDecoder.Handler h) throws ZmtpException {
        if ((flags & FLAG_COMMAND) == 0 && maxMsgSize >= 0 && size > maxMsgSize) {
            throw new ZmtpException(ZmtpException.Code.MESSAGE_TOO_LARGE,
                    "frame of " + size + " bytes exceeds the maximum message size of " + maxMsgSize);
        }
        // Commands count too (libzmq checks every frame), but never below what a handshake
        // needs, so a tiny limit on messages cannot break READY, HELLO or INITIATE.
        if ((flags & FLAG_COMMAND) != 0 && maxMsgSize >= 0 && size > Math.max(maxMsgSize, COMMAND_FLOOR)) {
            throw new ZmtpException(ZmtpException.Code.MESSAGE_TOO_LARGE,
                    "command of " + size + " bytes exceeds the maximum message size of " + maxMsgSize);
        }
        // A frame header alone must not make us allocate gigabytes: big bodies grow as their
        // bytes actually arrive.
        bodyLength = (int) size;
        if (pooledBodies && (flags & FLAG_COMMAND) == 0 && size >= BufferPool.MIN_SIZE) {
            lease = BufferPool.take((int) size);
            if (lease != null) {
                pooledBody = lease.buffer((int) size);
                state = State.BODY;
                return true;
            }
        }
        body = size == 0 ? EMPTY : new byte[(int) Math.min(size, Math.max(HEADER_SLACK, in.remaining()))];
        bodyPos = 0;
        state = State.BODY;
        if (size == 0) {
            return finishBody(h);
        }
        return true;
    }

    private static final byte[] EMPTY = new byte[0];

    /** Heap bytes held for the frame being received (tests bound it by what has arrived). */
    int heldBytes() {
        return body == null ? 0 : body.length;
    }

    private boolean finishPooled(Handler h) throws ZmtpException {
        BufferFrame b = BufferFrame.pooled(pooledBody.flip(), lease);
        pooledBody = null;
        lease = null;
        state = frameStart;
        return h.frame(b, (flags & FLAG_MORE) != 0);
    }

    private boolean finishBody(Handler h) throws ZmtpException {
        byte[] b = body;
        body = null;
        state = frameStart;
        if ((flags & FLAG_COMMAND) != 0) {
            return h.command(b);
        }
        return h.frame(b, (flags & FLAG_MORE) != 0);
    }
}
