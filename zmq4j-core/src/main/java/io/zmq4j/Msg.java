package io.zmq4j;

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
 * change an array after handing it to {@link #of(byte[]...)}. On a ROUTER the first frame of a
 * received message is the sender's routing id, exactly as in libzmq, and the first frame of a
 * sent message names the peer to route to.
 *
 * <pre>{@code
 * Msg request = Msg.of("hello", "world");          // two frames
 * String second = request.string(1);               // "world"
 * Msg reply = Msg.of(router.recv().frame(0), "pong".getBytes(StandardCharsets.UTF_8));
 * }</pre>
 */
public final class Msg {
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
            public byte[][] frames(Msg m) {
                return m.frames != null ? m.frames : new byte[][] {m.first};
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
    /** Frame 0. */
    private final byte[] first;
    /** Every frame when there are two or more; null for a one-frame message. */
    private final byte[][] frames;
    private Map<String, String> properties;
    private String group;
    /** 0 for data; JOIN or LEAVE when a pipe carries a RADIO/DISH group command. */
    private byte command;

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

    /** Frame {@code i}, not copied. */
    public byte[] frame(int i) {
        if (frames != null) {
            return frames[i];
        }
        if (i != 0) {
            throw new IndexOutOfBoundsException("frame " + i + " of a one-frame message");
        }
        return first;
    }

    /** Frame {@code i} decoded as UTF-8. */
    public String string(int i) {
        return new String(frame(i), StandardCharsets.UTF_8);
    }

    /** The first frame: on a message received by a ROUTER, the sender's routing id. */
    public byte[] routingId() {
        return first;
    }

    /** The frames as an unmodifiable list. */
    public List<byte[]> frames() {
        return frames == null ? Collections.singletonList(first) : Collections.unmodifiableList(Arrays.asList(frames));
    }

    /** Total payload bytes over all frames. */
    public long byteSize() {
        if (frames == null) {
            return first.length;
        }
        long n = 0;
        for (byte[] f : frames) {
            n += f.length;
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
        return new Msg(out).withProperties(properties);
    }

    /** A new message with {@code frame} after these frames (and the same {@link #property properties}). */
    public Msg append(byte[] frame) {
        return new Msg(frames == null ? new byte[][] {first, frame} : appended(frames, frame)).withProperties(properties);
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
        return new Msg(Arrays.copyOfRange(frames, n, frames.length)).withProperties(properties);
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

        private Builder() {}

        public Builder add(byte[] frame) {
            frames.add(frame);
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
            return Msg.of(frames);
        }
    }
}
