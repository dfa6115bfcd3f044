package io.zmq4j.internal.zmtp;

import java.nio.ByteBuffer;

/**
 * Seals and opens frames after the handshake of a mechanism that encrypts them (CURVE's MESSAGE
 * boxes). Each frame travels as its own final data frame whose body is the box; the frame's
 * real MORE (1) and COMMAND (2) flags travel inside it. One thread at a time opens (the
 * connection's I/O thread) and one at a time seals: whoever owns the connection's output, the
 * I/O thread or a socket thread in a direct write, with the hand-over ordered between them.
 */
public interface FrameBox {
    /** The length of the box of a frame of {@code frameLength} bytes. */
    int boxLength(int frameLength);

    /**
     * Seals {@code src[off..off+len)} with {@code flags} into {@code dst[dstOff..]} and returns the
     * box's length. The frame may already lie where its ciphertext goes, at
     * {@code dstOff + boxLength(0)} in {@code dst} itself.
     */
    int seal(byte[] src, int off, int len, int flags, byte[] dst, int dstOff);

    /** Opens the box {@code body[off..off+len)}: the frame's payload in a new array; flags in {@link #openedFlags}. */
    byte[] open(byte[] body, int off, int len) throws ZmtpException;

    /** Opens the box of {@code len} bytes at {@code body}'s position and moves past it. */
    byte[] open(ByteBuffer body, int len) throws ZmtpException;

    /** The flags of the frame the last {@code open} returned. */
    int openedFlags();
}
