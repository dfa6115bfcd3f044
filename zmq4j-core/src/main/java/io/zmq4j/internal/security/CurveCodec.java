package io.zmq4j.internal.security;

import io.zmq4j.internal.zmtp.ZmtpException;
import java.util.Arrays;

/**
 * CURVE's MESSAGE boxes after the handshake (RFC 26), as libzmq 4.3: body is
 * {@code [7]"MESSAGE"}, an 8-byte big-endian short nonce, then Box[flags + payload] under the
 * connection key; the inner flags byte carries MORE (1) and COMMAND (2). Short nonces must
 * strictly increase: a replayed or reordered box closes the connection.
 */
public final class CurveCodec {
    private static final byte[] MESSAGE = {7, 'M', 'E', 'S', 'S', 'A', 'G', 'E'};
    private static final int HEADER = 16;

    private final String sendPrefix;
    private final String recvPrefix;
    private byte[] key;
    private long nonce;
    private long peerNonce;

    /** What a box adds to a frame: "MESSAGE", the short nonce, the tag and the flags byte. */
    public static final int OVERHEAD = HEADER + CryptoBox.MAC_BYTES + 1;
    private int openedFlags;

    /** A codec whose boxes carry {@code sendPrefix} and whose peer's carry {@code recvPrefix} (CurveZMQMESSAGEC/S). */
    public CurveCodec(String sendPrefix, String recvPrefix) {
        this.sendPrefix = sendPrefix;
        this.recvPrefix = recvPrefix;
    }

    /** Starts with the connection key; {@code nextNonce} is our next short nonce, {@code peerNonce} the last seen. */
    public void start(byte[] precomputed, long nextNonce, long lastPeerNonce) {
        this.key = precomputed;
        this.nonce = nextNonce;
        this.peerNonce = lastPeerNonce;
    }

    byte[] encode(byte[] frame, int flags) {
        long n = nonce++;
        byte[] plain = new byte[1 + frame.length];
        plain[0] = (byte) flags;
        System.arraycopy(frame, 0, plain, 1, frame.length);
        byte[] out = new byte[HEADER + CryptoBox.MAC_BYTES + plain.length];
        System.arraycopy(MESSAGE, 0, out, 0, 8);
        for (int i = 0; i < 8; i++) {
            out[8 + i] = (byte) (n >>> (56 - 8 * i));
        }
        CryptoBox.sealInto(plain, 0, plain.length, CryptoBox.nonce(sendPrefix, n), key, out, HEADER);
        return out;
    }

    byte[] decode(byte[] body) throws ZmtpException {
        if (body.length < 8 || !Arrays.equals(body, 0, 8, MESSAGE, 0, 8)) {
            throw new ZmtpException(ZmtpException.Code.UNEXPECTED_COMMAND, "CURVE peer sent something other than MESSAGE after the handshake");
        }
        if (body.length < HEADER + CryptoBox.MAC_BYTES + 1) {
            throw new ZmtpException(ZmtpException.Code.MALFORMED_COMMAND, "CURVE MESSAGE of " + body.length + " bytes is too short");
        }
        long n = 0;
        for (int i = 0; i < 8; i++) {
            n = (n << 8) | (body[8 + i] & 0xFF);
        }
        if (Long.compareUnsigned(n, peerNonce) <= 0) {
            throw new ZmtpException(ZmtpException.Code.INVALID_SEQUENCE,
                    "CURVE MESSAGE nonce " + Long.toUnsignedString(n) + " does not follow " + Long.toUnsignedString(peerNonce) + " (replayed or reordered)");
        }
        byte[] plain = CryptoBox.unseal(body, HEADER, body.length - HEADER, CryptoBox.nonce(recvPrefix, n), key);
        if (plain == null) {
            throw new ZmtpException(ZmtpException.Code.CRYPTOGRAPHIC, "CURVE MESSAGE box does not open (forged or damaged)");
        }
        peerNonce = n;
        return plain;
    }

    /**
     * Seals {@code src[off..off+len)} with {@code flags} (1 MORE, 2 COMMAND) into a MESSAGE body at
     * {@code out[outOff..]}; returns its length, {@link #OVERHEAD} + len.
     */
    public int seal(byte[] src, int off, int len, int flags, byte[] out, int outOff) {
        byte[] frame = java.util.Arrays.copyOfRange(src, off, off + len);
        byte[] box = encode(frame, flags);
        System.arraycopy(box, 0, out, outOff, box.length);
        return box.length;
    }

    /** Opens the MESSAGE body {@code body[off..off+len)}: the frame's payload; its flags in {@link #openedFlags}. */
    public byte[] open(byte[] body, int off, int len) throws ZmtpException {
        byte[] plain = decode(java.util.Arrays.copyOfRange(body, off, off + len));
        openedFlags = plain[0];
        return java.util.Arrays.copyOfRange(plain, 1, plain.length);
    }

    /** The flags byte of the frame {@link #open} returned last. */
    public int openedFlags() {
        return openedFlags;
    }

    void erase() {
        if (key != null) {
            Arrays.fill(key, (byte) 0);
        }
    }
}
