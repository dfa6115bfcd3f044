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
    private boolean separate; // each frame final, no MORE (CURVE MESSAGE boxes)
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
        this.separate = false;
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
     * Starts writing frames that each stand alone, none with MORE set: CURVE's MESSAGE boxes,
     * which carry the real MORE flag inside the box.
     */
    public void startSeparate(byte[][] frames) {
        start(frames);
        this.separate = true;
    }

    /** Starts encoding one command frame. */
    public void startCommand(byte[] body) {
        start(new byte[][] {body});
        this.command = true;
    }

    /** Starts writing bytes with no framing at all (STREAM sockets). */
    public void startRaw(byte[] data) {
        start(new byte[][] {data});
        this.offset = 0;
    }

    /** Writes as much as fits; true when the whole message is in {@code out}. */
    public boolean fill(ByteBuffer out) {
        if (pendingBody != null) {
            return false;
        }
        while (frame < count) {
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
        return !separate && frame < count - 1 ? ZmtpDecoder.FLAG_MORE : 0;
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
