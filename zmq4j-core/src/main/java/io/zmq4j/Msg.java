package io.zmq4j;

import io.zmq4j.internal.io.BufferFrame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A whole ZeroMQ message: one or more frames, sent and received atomically.
 *
 * <p>Frames are byte arrays owned by the message; a {@code Msg} never copies them, so do not
 * change an array after handing it to {@link #of(byte[]...)}. A frame may also be a {@link
 * ByteBuffer} ({@link #of(ByteBuffer)}; large received frames, see {@link #buffer}), likewise
 * not copied. Once sent, a message belongs to the socket until it is written: do not read it
 * or change its arrays or buffers meanwhile (a socket gives no signal when that is, so refill
 * a buffer only for a later message, or use a new one). A message of arrays or of your own
 * buffers may be sent again; one holding pooled memory once. On a ROUTER the first frame of a
 * received message is the sender's routing id, exactly as in libzmq, and the first frame of a
 * sent message names the peer to route to.
 *
 * <pre>{@code
 * Msg request = Msg.of("hello", "world");          // two frames
 * String second = request.string(1);               // "world"
 * Msg reply = Msg.of(router.recv().frame(0), "pong".getBytes(StandardCharsets.UTF_8));
 * }</pre>
 */
public final class Msg implements AutoCloseable {
    private static final byte[] EMPTY = new byte[0];

    static {
        io.zmq4j.internal.Internals.msgAccess(new io.zmq4j.internal.Internals.MsgAccess() {
            @Override
            public Msg wrap(byte[][] frames) {
                return new Msg(frames);
            }

            @Override
            public Msg wrap(byte[] frame) {
                return new Msg(frame);
            }

            @Override
            public Msg withProperties(Msg m, Map<String, String> props) {
                return m.withProperties(props);
            }

            @Override
            public Msg wrap(byte[][] frames, BufferFrame[] buffers) {
                Msg m = new Msg(frames);
                m.buffers = buffers;
                return m;
            }

            @Override
            public Msg takeOver(Msg m) {
                Msg r = m;
                if (m.handedOff && (m.pooled() || m.recycled != null)) {
                    // the very object a sender handed over inproc, holding pooled memory: the
                    // sender may still close it (a no-op for the sender, by contract), and on
                    // one shared object that close would give back the receiver's memory, so
                    // the receiver gets its own. Without pooled memory close() and frame() give
                    // nothing back, so the object itself goes on (no allocation per message).
                    r = new Msg(m);
                    r.properties = m.properties;
                    r.group = m.group;
                    r.command = m.command;
                }
                r.handedOff = false;
                r.unclaim();
                return r;
            }

            @Override
            public void discard(Msg m) {
                if (!m.handedOff) {
                    m.close();
                    return;
                }
                // as its writer would once the bytes were out (ZmtpEncoder): a frame whose
                // buffer view the sender took stays valid for that view, the GC has it. The
                // sender's own close is a no-op on it (handedOff stays set), so only this
                // touches the array and the frames.
                byte[] a = m.recycled;
                if (a != null) {
                    m.recycled = null;
                    io.zmq4j.internal.io.ArrayPool.give(a);
                }
                if (m.buffers != null) {
                    for (BufferFrame b : m.buffers) {
                        if (b != null) {
                            b.written();
                        }
                    }
                }
            }

            @Override
            public boolean ownedMemory(Msg m) {
                return m.buffers != null || m.recycled != null;
            }

            @Override
            public byte[][] frames(Msg m) {
                m.copyBuffers(true);
                return m.frames != null ? m.frames : new byte[][] {m.first};
            }

            @Override
            public byte[][] arrays(Msg m) {
                return m.frames != null ? m.frames : new byte[][] {m.first};
            }

            @Override
            public BufferFrame[] buffers(Msg m) {
                return m.buffers;
            }

            @Override
            public void claimForSend(Msg m) {
                m.claimForSend();
                m.handedOff = true;
            }

            @Override
            public void unclaim(Msg m) {
                m.handedOff = false;
                m.unclaim();
            }

            @Override
            public byte[] recycled(Msg m) {
                return m.recycled;
            }

            @Override
            public Msg envelope(Msg m, byte[] frame) {
                Msg r = m.prepend(frame);
                r.recycled = m.recycled;
                return r;
            }

            @Override
            public Msg unwrap(Msg m, int n) {
                Msg r = m.drop(n);
                if (m.recycled != null && r.holds(m.recycled)) {
                    r.recycled = m.recycled;
                }
                return r;
            }

            @Override
            public void toArrays(Msg m) {
                m.recycled = null; // several receivers will hold this one array
                m.copyBuffers(true);
            }

            @Override
            public byte command(Msg m) {
                return m.command;
            }

            @Override
            public Msg command(byte[] group, byte command) {
                Msg m = new Msg(group);
                m.command = command;
                return m;
            }
        });
    }

    // A one-frame message (most of them) holds its frame alone: no array around it, which is
    // a third of what receiving a small message allocates.
    /** Frame 0 (null while it is a buffer frame). */
    private byte[] first;
    /** Every frame when there are two or more; null for a one-frame message. */
    private byte[][] frames;
    /**
     * Null unless some frame is held in a ByteBuffer; then, per frame, the buffer (and a null
     * in {@code first}/{@code frames}) or null for an array frame.
     */
    private BufferFrame[] buffers;
    private Map<String, String> properties;
    private String group;
    /** 0 for data; JOIN or LEAVE when a pipe carries a RADIO/DISH group command. */
    private byte command;
    /**
     * Set while a socket owns this message object (sent, or being sent): its pooled memory is
     * then the writer's (or the inproc receiver's) to give back, never {@link #close}'s.
     */
    private boolean handedOff;
    /**
     * The frame from {@link #allocate} that goes back to its pool on close, or null. Held by
     * reference, not index, because a REQ, REP or ROUTER envelope moves it.
     */
    private byte[] recycled;
    /** An allocated message was sent: sending it again could send an array already reused. */
    private boolean spent;

    private Msg(byte[][] frames) {
        if (frames.length == 0) {
            throw new ZmqException(ZmqException.Kind.EINVAL, "a message needs at least one frame");
        }
        this.first = frames[0];
        this.frames = frames.length == 1 ? null : frames;
    }

    private Msg(byte[] frame) {
        this.first = frame;
        this.frames = null;
    }

    private Msg(Msg shared) {
        this.first = shared.first;
        this.frames = shared.frames;
        this.buffers = shared.buffers;
        this.recycled = shared.recycled;
    }

    // Below this a fresh array is cheaper than the pool: its queue is shared by the sending and
    // receiving threads, and on two cores that costs more than the JVM's allocation of a small
    // array (inproc 8 B across cores: 9.5-9.7M msg/s plain, 7.9-8.6M pooled; 128 B 6.0-6.2M
    // against 5.6M; from 256 B the pool wins, 4.1-4.5M against 5.3-5.4M; bench/FINDINGS.md §23).
    private static final int POOLED_FROM = 256;

    /**
     * A single-frame message of {@code size} bytes to fill, whose array is reused: when the
     * message that carries it is received and {@link #close closed} (inproc), or once a tcp or
     * ipc connection has copied it out to send, the array goes back to a pool that the next
     * {@code allocate} of the same size takes from, as malloc gives back the block just freed.
     * A stream of such messages then stays in the CPU's cache instead of walking through fresh
     * memory (inproc 1 KiB on one core: 1.76M to 2.38M msg/s, 1,080 to 80 bytes allocated per
     * message; tcp 1 KiB: 1.29-1.31M to 1.41-1.46M; bench/FINDINGS.md §20, §25).
     *
     * <p>The rules that make reuse safe: the bytes are not zeroed (fill all of them); a message
     * from {@code allocate} is sent once (again is EINVAL) and not read after it is sent, as
     * libzmq's {@code zmq_msg_send} empties its message; a received one, once closed, is
     * empty, and an array taken from it with {@link #frame} must not be used after its
     * {@code close()}. A message that is never closed is simply collected. Below 256 bytes and
     * above 64 KiB the array is a plain new one, never reused (small arrays the JVM allocates
     * faster than a pool shared between threads hands them out), and such a message may be sent
     * again like any other; use {@link #of(ByteBuffer)} for large payloads.
     *
     * <pre>{@code
     * Msg m = Msg.allocate(1024);
     * fill(m.frame(0));
     * push.send(m);
     * ...
     * try (Msg got = pull.recv()) {
     *     use(got.frame(0));
     * } // its array is reused by a later allocate
     * }</pre>
     */
    public static Msg allocate(int size) {
        if (size < 0) {
            throw new ZmqException(ZmqException.Kind.EINVAL, "invalid message size " + size);
        }
        if (size < POOLED_FROM || size > io.zmq4j.internal.io.ArrayPool.MAX_SIZE) {
            return new Msg(size == 0 ? EMPTY : new byte[size]);
        }
        Msg m = new Msg(io.zmq4j.internal.io.ArrayPool.take(size));
        m.recycled = m.first;
        return m;
    }

    /** A single-frame message (the array is not copied). */
    public static Msg of(byte[] frame) {
        if (frame == null) {
            throw new ZmqException(ZmqException.Kind.EINVAL, "a frame must not be null");
        }
        return new Msg(frame);
    }

    /** A message whose frames are the given arrays, in order (not copied). */
    public static Msg of(byte[]... frames) {
        for (byte[] f : frames) {
            if (f == null) {
                throw new ZmqException(ZmqException.Kind.EINVAL, "a frame must not be null");
            }
        }
        return frames.length == 1 ? new Msg(frames[0]) : new Msg(frames.clone());
    }

    /**
     * A single-frame message of the buffer's remaining bytes, not copied: a socket writes them
     * to the connection straight from the buffer (a direct buffer goes to the kernel without
     * any copy in Java). The buffer's position and limit are not changed; do not change its
     * contents until the message is sent.
     *
     * <pre>{@code
     * ByteBuffer image = ByteBuffer.allocateDirect(1 << 20);
     * ... fill, then image.flip()
     * push.send(Msg.of(image));
     * }</pre>
     */
    public static Msg of(ByteBuffer frame) {
        if (frame == null) {
            throw new ZmqException(ZmqException.Kind.EINVAL, "a frame must not be null");
        }
        Msg m = new Msg((byte[]) null);
        m.buffers = new BufferFrame[] {BufferFrame.of(frame)};
        return m;
    }

    /** A message whose frames are the UTF-8 encodings of the given strings. */
    public static Msg of(String... frames) {
        byte[][] bytes = new byte[frames.length][];
        for (int i = 0; i < frames.length; i++) {
            bytes[i] = frames[i].getBytes(StandardCharsets.UTF_8);
        }
        return new Msg(bytes);
    }

    /** A message of the given frames (not copied). */
    public static Msg of(List<byte[]> frames) {
        return of(frames.toArray(new byte[0][]));
    }

    /** Number of frames, at least one. */
    public int size() {
        return frames == null ? 1 : frames.length;
    }

    private int length(int i) {
        if (buffers != null && buffers[i] != null) {
            return buffers[i].length();
        }
        return frames == null ? first.length : frames[i].length;
    }

    /**
     * Frame {@code i}, not copied. A frame held in a buffer (see {@link #buffer}) is copied into
     * an array the first time, and that array is returned from then on.
     */
    public byte[] frame(int i) {
        if (frames != null) {
            byte[] f = frames[i];
            return f != null ? f : (frames[i] = copyOut(i, false));
        }
        if (i != 0) {
            throw new IndexOutOfBoundsException("frame " + i + " of a one-frame message");
        }
        return first != null ? first : (first = copyOut(0, false));
    }

    /**
     * Copies buffer frame i out; its pooled memory goes back at once only if this message still
     * owns it ({@code writer}: the caller is the one writing it), not once a socket took it.
     */
    private byte[] copyOut(int i, boolean writer) {
        BufferFrame b = buffers[i];
        return b.array(writer || (!handedOff && !b.claimed()));
    }

    /**
     * Frame {@code i} as a read-only buffer, without copying. Large frames received over tcp or
     * ipc (32 KiB and up) arrive in pooled off-heap memory, which this reads in place: {@link
     * #close()} the message when done to give that memory back (the view is invalid after).
     *
     * <pre>{@code
     * try (Msg m = pull.recv()) {
     *     channel.write(m.buffer(0));   // e.g. to a file, with no copy in Java
     * }
     * }</pre>
     */
    public ByteBuffer buffer(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException("frame " + i + " of a " + size() + "-frame message");
        }
        if (buffers != null && buffers[i] != null) {
            return buffers[i].view();
        }
        return ByteBuffer.wrap(frame(i)).asReadOnlyBuffer();
    }

    /**
     * Gives back the pooled memory of large received frames, at once rather than when the GC
     * finds the message. Frames already copied out with {@link #frame} stay readable; a buffer
     * from {@link #buffer} does not. Harmless on any other message, and when called again.
     * Sending a message gives its memory back by itself once the bytes are written (unless a
     * {@link #buffer} view of it was taken: that view stays valid and the GC has the memory),
     * so closing a message after sending it does nothing: {@code try (Msg m = in.recv()) {
     * out.send(m); }} forwards without a copy.
     */
    @Override
    public void close() {
        if (recycled != null && !handedOff) {
            byte[] a = recycled;
            recycled = null;
            // a use after close reads nothing rather than another message
            if (first == a) {
                first = EMPTY;
            }
            if (frames != null) {
                for (int i = 0; i < frames.length; i++) {
                    if (frames[i] == a) {
                        frames[i] = EMPTY;
                    }
                }
            }
            io.zmq4j.internal.io.ArrayPool.give(a);
        }
        if (buffers != null && !handedOff) {
            for (BufferFrame b : buffers) {
                if (b != null && !b.claimed()) { // a queued frame is its writer's to give back
                    b.release();
                }
            }
        }
    }

    /** Copies every buffer frame into an array (for code that needs arrays). */
    private void copyBuffers(boolean writer) {
        if (buffers != null) {
            for (int i = 0; i < buffers.length; i++) {
                if (buffers[i] != null) {
                    byte[] a = copyOut(i, writer);
                    if (frames != null) {
                        frames[i] = a;
                    } else {
                        first = a;
                    }
                }
            }
        }
    }

    /** Whether {@code a} is one of the frames (by identity). */
    private boolean holds(byte[] a) {
        if (frames == null) {
            return first == a;
        }
        for (byte[] f : frames) {
            if (f == a) {
                return true;
            }
        }
        return false;
    }

    private void claimForSend() {
        if (recycled != null) {
            if (spent) {
                throw new ZmqException(ZmqException.Kind.EINVAL,
                        "a message from Msg.allocate is sent once: its array may already be reused (send a received message on, or allocate another)");
            }
            spent = true;
        }
        if (buffers != null) {
            for (int i = 0; i < buffers.length; i++) {
                if (buffers[i] != null && !buffers[i].claimForSend()) {
                    unclaim(); // all or nothing: the message stays sendable
                    throw new ZmqException(ZmqException.Kind.EINVAL,
                            "this message's pooled memory is already queued or given back: send a received large message once, or frame(i) it first");
                }
            }
        }
    }

    /** Whether a frame holds pooled memory not yet given back. */
    private boolean pooled() {
        if (buffers == null) {
            return false;
        }
        for (BufferFrame b : buffers) {
            if (b != null && b.pooled()) {
                return true;
            }
        }
        return false;
    }

    /** Its pooled frames may be sent (again). */
    private void unclaim() {
        spent = false;
        if (buffers != null) {
            for (BufferFrame b : buffers) {
                if (b != null) {
                    b.received();
                }
            }
        }
    }

    /** Frame {@code i} decoded as UTF-8. */
    public String string(int i) {
        return new String(frame(i), StandardCharsets.UTF_8);
    }

    /** The first frame: on a message received by a ROUTER, the sender's routing id. */
    public byte[] routingId() {
        return frame(0);
    }

    /** The frames as an unmodifiable list (buffer frames are copied into arrays, as by {@link #frame}). */
    public List<byte[]> frames() {
        copyBuffers(false);
        return frames == null ? Collections.singletonList(first) : Collections.unmodifiableList(Arrays.asList(frames));
    }

    /** Total payload bytes over all frames. */
    public long byteSize() {
        if (frames == null && buffers == null) {
            return first.length;
        }
        long n = 0;
        for (int i = 0; i < size(); i++) {
            n += length(i);
        }
        return n;
    }

    /** A new message with {@code frame} in front of these frames (and the same {@link #property properties}). */
    public Msg prepend(byte[] frame) {
        int n = size();
        byte[][] out = new byte[n + 1][];
        out[0] = frame;
        if (frames == null) {
            out[1] = first;
        } else {
            System.arraycopy(frames, 0, out, 1, n);
        }
        Msg m = new Msg(out).withProperties(properties);
        if (buffers != null) {
            m.buffers = new BufferFrame[n + 1];
            System.arraycopy(buffers, 0, m.buffers, 1, n);
        }
        return m;
    }

    /** A new message with {@code frame} after these frames (and the same {@link #property properties}). */
    public Msg append(byte[] frame) {
        Msg m = new Msg(frames == null ? new byte[][] {first, frame} : appended(frames, frame)).withProperties(properties);
        if (buffers != null) {
            m.buffers = Arrays.copyOf(buffers, buffers.length + 1);
        }
        return m;
    }

    private static byte[][] appended(byte[][] frames, byte[] frame) {
        byte[][] out = Arrays.copyOf(frames, frames.length + 1);
        out[frames.length] = frame;
        return out;
    }

    /**
     * A new message without the first {@code n} frames (and the same {@link #property
     * properties}); at least one frame must remain.
     */
    public Msg drop(int n) {
        if (n == 0) {
            return new Msg(this).withProperties(properties);
        }
        if (frames == null || n >= frames.length) {
            throw new ZmqException(ZmqException.Kind.EINVAL, "cannot drop " + n + " of " + size() + " frames: a message needs at least one");
        }
        Msg m = new Msg(Arrays.copyOfRange(frames, n, frames.length)).withProperties(properties);
        if (buffers != null) {
            m.buffers = Arrays.copyOfRange(buffers, n, buffers.length);
        }
        return m;
    }

    /**
     * A connection property of the message, as libzmq's {@code zmq_msg_gets}: {@code
     * Socket-Type}, {@code Identity}, {@code Peer-Address}, {@code User-Id} and any metadata
     * the peer sent in its handshake. Null when not known.
     */
    public String property(String name) {
        return properties == null ? null : properties.get(name);
    }

    /** Attaches the connection's properties; the map is shared, not copied. */
    Msg withProperties(Map<String, String> props) {
        this.properties = props;
        return this;
    }

    /** The RADIO/DISH group of this message, or null when it has none. */
    public String group() {
        return group;
    }

    /**
     * This message addressed to a RADIO/DISH group (1 to 255 bytes of UTF-8 without NUL); the
     * frames are shared, not copied.
     */
    public Msg withGroup(String group) {
        byte[] g = group.getBytes(StandardCharsets.UTF_8);
        if (g.length > 255 || group.indexOf('\0') >= 0) {
            throw new ZmqException(ZmqException.Kind.EINVAL, "invalid group '" + group + "': at most 255 bytes, no NUL");
        }
        Msg m = new Msg(this);
        m.properties = properties;
        m.group = group;
        return m;
    }

    /** Builds a message frame by frame. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Msg[");
        for (int i = 0; i < size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(printable(frame(i)));
        }
        return sb.append(']').toString();
    }

    /** The frame as text if it is printable UTF-8, otherwise as {@code 0x} and lower-case hex. */
    public static String printable(byte[] frame) {
        boolean text = true;
        for (byte b : frame) {
            if ((b >= 0 && b < 0x20 && b != '\t') || b == 0x7f) {
                text = false;
                break;
            }
        }
        if (text) {
            String s = new String(frame, StandardCharsets.UTF_8);
            if (Arrays.equals(s.getBytes(StandardCharsets.UTF_8), frame) && s.indexOf('\uFFFD') < 0) {
                return s;
            }
        }
        StringBuilder sb = new StringBuilder(2 + frame.length * 2).append("0x");
        for (byte b : frame) {
            sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.toString();
    }

    /** Accumulates frames for {@link Msg#builder()}. */
    public static final class Builder {
        private final List<byte[]> frames = new ArrayList<>(4);
        private BufferFrame[] buffers;

        private Builder() {}

        public Builder add(byte[] frame) {
            if (frame == null) {
                throw new ZmqException(ZmqException.Kind.EINVAL, "a frame must not be null");
            }
            frames.add(frame);
            return this;
        }

        /** Adds the buffer's remaining bytes as a frame, not copied (see {@link Msg#of(ByteBuffer)}). */
        public Builder add(ByteBuffer frame) {
            if (frame == null) {
                throw new ZmqException(ZmqException.Kind.EINVAL, "a frame must not be null");
            }
            int i = frames.size();
            if (buffers == null || buffers.length <= i) {
                buffers = Arrays.copyOf(buffers == null ? new BufferFrame[4] : buffers, Math.max(4, i * 2));
            }
            buffers[i] = BufferFrame.of(frame);
            frames.add(null);
            return this;
        }

        public Builder add(String frame) {
            frames.add(frame.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        public Builder addEmpty() {
            frames.add(EMPTY);
            return this;
        }

        public Msg build() {
            if (buffers == null) {
                return Msg.of(frames);
            }
            Msg m = new Msg(frames.toArray(new byte[0][]));
            m.buffers = Arrays.copyOf(buffers, frames.size());
            return m;
        }
    }
}
