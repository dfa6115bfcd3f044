package io.zmq4j.internal.zmtp;

import io.zmq4j.internal.io.BufferFrame;
import java.nio.ByteBuffer;

/**
 * Writes frames into an output buffer. A message larger than the buffer is written in pieces:
 * {@link #fill} resumes where it stopped, so many messages share one buffer (and one syscall)
 * and a huge frame streams through without a second copy of itself.
 *
 * <p>A large frame held in a ByteBuffer is not copied at all: {@link #fill} stops at its body
 * and hands it out as {@link #pendingBody}, which the caller writes to the channel after the
 * buffer (a gathering write), then calls {@link #bodyWritten}.
 *
 * <p>Once {@link #sealWith} is given a {@link FrameBox} (CURVE, after the handshake), every frame
 * and command is sealed as the encoder reaches it, into one array kept for the purpose, and goes
 * out as a final data frame holding the box: no per-frame allocation below
 * {@link #SEALED_KEEP} bytes, and a multi-frame message needs no array of boxes.
 */
public class ZmtpEncoder {
    /** Bodies from this size up go to the channel from their own buffer. */
    public static final int GATHER_MIN = 8 * 1024;
    private byte[][] frames;
    private BufferFrame[] buffers;
    private ByteBuffer pendingBody;
    private int count;
    private int frame;
    private int offset; // within the current frame's body; -1 while the header is pending
    private boolean command;
    private boolean raw;
    /** Seals frames once the handshake is done, or null. */
    private FrameBox box;
    /**
     * Boxes up to this size are sealed into {@link #scratch}, kept; a larger one gets its own
     * array. A 64 KiB message's box fits: with a new 64 KiB array per box (zeroed, then
     * collected) a CURVE sender of 64 KiB messages ran at 10.4k msg/s, with this 12.2-12.5k
     * (FINDINGS §30).
     */
    static final int SEALED_KEEP = 64 * 1024 + 64;
    /** What {@link #scratch} shrinks back to when the connection has nothing left to send ({@link #drained}). */
    static final int SEALED_IDLE_KEEP = 16 * 1024 + 64;
    private byte[] scratch;
    /** The current frame's box while it is written out, and its length. */
    private byte[] sealed;
    private int sealedLength;
    /** Holds a one-frame message's frame, so starting one allocates nothing. */
    private final byte[][] one = new byte[1][];

    /** Whether a message is still partly unwritten. */
    public boolean busy() {
        return frames != null;
    }

    /** Starts encoding a message's frames. */
    public void start(byte[][] frames) {
        this.frames = frames;
        this.count = frames.length;
        this.buffers = null;
        this.frame = 0;
        this.offset = -1;
        this.command = false;
        this.raw = false;
    }

    /**
     * Starts encoding a message whose frame i is {@code buffers[i]} where that is not null (the
     * array frame is null there). The buffers' pooled memory is released once written.
     */
    public void start(byte[][] frames, BufferFrame[] buffers) {
        start(frames);
        this.buffers = buffers;
    }

    /** Starts encoding a one-frame message. */
    public void start(byte[] frame) {
        one[0] = frame;
        start(one);
    }

    /**
     * From now on every frame and command is sealed by {@code box} and written as a final data
     * frame holding the box (CURVE's MESSAGE), the real MORE and COMMAND flags inside it.
     */
    public void sealWith(FrameBox box) {
        this.box = box;
    }

    /** Starts encoding one command frame. */
    public void startCommand(byte[] body) {
        start(body);
        this.command = true;
    }

    /** Starts writing bytes with no framing at all (STREAM sockets). */
    public void startRaw(byte[] data) {
        start(data);
        this.offset = 0;
        this.raw = true;
    }

    /** Writes as much as fits; true when the whole message is in {@code out}. */
    public boolean fill(ByteBuffer out) {
        if (pendingBody != null) {
            return false;
        }
        while (frame < count) {
            if (box != null && !raw) {
                if (!fillSealed(out)) {
                    return false;
                }
                continue;
            }
            BufferFrame b = buffers == null ? null : buffers[frame];
            if (b != null) {
                if (!fillBuffer(out, b)) {
                    return false;
                }
                continue;
            }
            byte[] f = frames[frame];
            if (offset < 0) {
                if (!frameHeader(out, f.length)) {
                    return false;
                }
                offset = 0;
            }
            int n = Math.min(out.remaining(), f.length - offset);
            out.put(f, offset, n);
            offset += n;
            if (offset < f.length) {
                return false;
            }
            frame++;
            offset = -1;
        }
        finish();
        return true;
    }

    /**
     * The current frame's header, if it fits. ZMTP 1.0's header is {@link Zmtp1Encoder}'s: a
     * connection picks its encoder at the handshake, so the 3.x path has no branch for it.
     */
    boolean frameHeader(ByteBuffer out, int length) {
        if (out.remaining() < (length > 255 ? 9 : 2)) {
            return false;
        }
        putHeader(out, command ? ZmtpDecoder.FLAG_COMMAND : moreFlag(), length);
        return true;
    }

    /** MORE when the current frame is not the message's last. */
    final int moreFlag() {
        return frame < count - 1 ? ZmtpDecoder.FLAG_MORE : 0;
    }

    /**
     * The current frame as a box: sealed when its header fits (a nonce is spent only on a box
     * that is then written), then copied out as room allows.
     */
    private boolean fillSealed(ByteBuffer out) {
        if (offset < 0) {
            BufferFrame b = buffers == null ? null : buffers[frame];
            int length = b != null ? b.length() : frames[frame].length;
            int boxLength = box.boxLength(length);
            if (out.remaining() < (boxLength > 255 ? 9 : 2)) {
                return false;
            }
            byte[] dst = boxArray(boxLength);
            int flags = (command ? 2 : 0) | (frame < count - 1 ? 1 : 0);
            if (b != null) {
                // the frame where its ciphertext goes, then sealed in place
                int at = boxLength - length;
                ByteBuffer v = b.writeView();
                v.get(v.position(), dst, at, length);
                box.seal(dst, at, length, flags, dst, 0);
            } else {
                box.seal(frames[frame], 0, length, flags, dst, 0);
            }
            putHeader(out, 0, boxLength);
            sealed = dst;
            sealedLength = boxLength;
            offset = 0;
        }
        int n = Math.min(out.remaining(), sealedLength - offset);
        out.put(sealed, offset, n);
        offset += n;
        if (offset < sealedLength) {
            return false;
        }
        sealed = null;
        frame++;
        offset = -1;
        return true;
    }

    /**
     * Everything queued was written: a box array kept for large messages goes, so a connection
     * that sent one large message once does not hold 64 KiB for the rest of its life.
     */
    public void drained() {
        if (scratch != null && scratch.length > SEALED_IDLE_KEEP && sealed == null) {
            scratch = null;
        }
    }

    /** The length of the box array kept between frames, 0 for none (tests). */
    public int keptBoxBytes() {
        return scratch == null ? 0 : scratch.length;
    }

    /** Where a box of {@code length} bytes is sealed: the kept array, or its own for a large one. */
    private byte[] boxArray(int length) {
        if (length > SEALED_KEEP) {
            return new byte[length];
        }
        if (scratch == null || scratch.length < length) {
            // grows to the largest box seen, up to SEALED_KEEP: small-message connections keep little
            scratch = new byte[Math.min(SEALED_KEEP, Math.max(length, scratch == null ? 256 : 2 * scratch.length))];
        }
        return scratch;
    }

    /** A buffer frame: small ones are copied like arrays, large ones left for a gathering write. */
    private boolean fillBuffer(ByteBuffer out, BufferFrame b) {
        int length = b.length();
        if (offset < 0) {
            if (!frameHeader(out, length)) {
                return false;
            }
            if (length >= GATHER_MIN) {
                pendingBody = b.writeView();
                return false;
            }
            offset = 0;
        }
        int n = Math.min(out.remaining(), length - offset);
        out.put(out.position(), b.writeView(), offset, n).position(out.position() + n);
        offset += n;
        if (offset < length) {
            return false;
        }
        frame++;
        offset = -1;
        return true;
    }

    /**
     * The body to write after the buffer's bytes, or null. Write it with the buffer in one
     * gathering write; when nothing of it remains, call {@link #bodyWritten}.
     */
    public ByteBuffer pendingBody() {
        return pendingBody;
    }

    /** The pending body is all written: carry on with the next frame. */
    public void bodyWritten() {
        pendingBody = null;
        frame++;
        offset = -1;
        if (frame == count) {
            finish();
        }
    }

    private void finish() {
        if (buffers != null) {
            for (BufferFrame b : buffers) {
                if (b != null) {
                    b.written(); // the message is consumed
                }
            }
            buffers = null;
        }
        frames = null;
        one[0] = null; // a sent message must not stay reachable from the connection
    }

    /** A frame header: flags then a 1-byte or 8-byte size. */
    public static void putHeader(ByteBuffer out, int flags, long size) {
        if (size > 255) {
            out.put((byte) (flags | ZmtpDecoder.FLAG_LONG)).putLong(size);
        } else {
            out.put((byte) flags).put((byte) size);
        }
    }

    /** A whole command frame; the caller makes sure it fits. */
    public static void putCommand(ByteBuffer out, byte[] body) {
        putHeader(out, ZmtpDecoder.FLAG_COMMAND, body.length);
        out.put(body);
    }
}
