package io.zmq4j.internal.zmtp;

import java.nio.ByteBuffer;

/**
 * Writes frames into an output buffer. A message larger than the buffer is written in pieces:
 * {@link #fill} resumes where it stopped, so many messages share one buffer (and one syscall)
 * and a huge frame streams through without a second copy of itself.
 */
public final class ZmtpEncoder {
    private byte[][] frames;
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
        this.frame = 0;
        this.offset = -1;
        this.command = false;
        this.separate = false;
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
        this.frames = new byte[][] {body};
        this.frame = 0;
        this.offset = -1;
        this.command = true;
        this.separate = false;
    }

    /** Starts writing bytes with no framing at all (STREAM sockets). */
    public void startRaw(byte[] data) {
        this.frames = new byte[][] {data};
        this.frame = 0;
        this.offset = 0;
        this.command = false;
        this.separate = false;
    }

    /** Writes as much as fits; true when the whole message is in {@code out}. */
    public boolean fill(ByteBuffer out) {
        while (frame < frames.length) {
            byte[] f = frames[frame];
            if (offset < 0) {
                int need = f.length > 255 ? 9 : 2;
                if (out.remaining() < need) {
                    return false;
                }
                int flags = command ? ZmtpDecoder.FLAG_COMMAND : (!separate && frame < frames.length - 1 ? ZmtpDecoder.FLAG_MORE : 0);
                putHeader(out, flags, f.length);
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
        frames = null;
        one[0] = null; // a sent message must not stay reachable from the connection
        return true;
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
