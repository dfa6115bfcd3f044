package io.zmq4j.internal.zmtp;

import java.nio.ByteBuffer;

/**
 * Writes frames in ZMTP 1.0's framing (RFC 13) for a peer that speaks only that: a length that
 * counts the flags octet (one octet up to 254, else %xFF and 8 octets), then the flags, then the
 * body. Everything else (batching, large bodies, release of pooled memory) is {@link ZmtpEncoder}'s.
 * There are no commands in ZMTP 1.0: nothing sends one to such a peer.
 */
public final class Zmtp1Encoder extends ZmtpEncoder {
    @Override
    boolean frameHeader(ByteBuffer out, int length) {
        if (out.remaining() < (length + 1L >= 255 ? 10 : 2)) {
            return false;
        }
        putV1Header(out, moreFlag(), length);
        return true;
    }

    /** A ZMTP 1.0 frame header: the length (body plus the flags octet), then the flags. */
    public static void putV1Header(ByteBuffer out, int flags, long bodyLength) {
        long length = bodyLength + 1;
        if (length >= 255) {
            out.put((byte) 0xFF).putLong(length);
        } else {
            out.put((byte) length);
        }
        out.put((byte) flags);
    }
}
