package io.zmq4j.internal.zmtp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The 64-byte ZMTP 3.x greeting (RFC 23): signature, version, mechanism, as-server, filler.
 */
public final class Greeting {
    public static final int SIZE = 64;
    public static final int SIGNATURE_SIZE = 10;
    public static final int MAJOR = 3;
    public static final int MINOR = 1;

    public final int major;
    public final int minor;
    public final String mechanism;
    public final boolean asServer;

    public Greeting(int major, int minor, String mechanism, boolean asServer) {
        this.major = major;
        this.minor = minor;
        this.mechanism = mechanism;
        this.asServer = asServer;
    }

    /** Writes our 3.1 greeting. */
    public static void write(ByteBuffer out, String mechanism, boolean asServer) {
        out.put((byte) 0xFF);
        for (int i = 0; i < 8; i++) {
            out.put((byte) 0);
        }
        out.put((byte) 0x7F);
        out.put((byte) MAJOR).put((byte) MINOR);
        byte[] mech = mechanism.getBytes(StandardCharsets.US_ASCII);
        out.put(mech);
        for (int i = mech.length; i < 20; i++) {
            out.put((byte) 0);
        }
        out.put((byte) (asServer ? 1 : 0));
        for (int i = 0; i < 31; i++) {
            out.put((byte) 0);
        }
    }

    /** Checks the first ten bytes; throws for a peer that is not ZMTP 3.x-capable. */
    static void checkSignature(byte[] sig) throws ZmtpException {
        if ((sig[0] & 0xFF) != 0xFF || (sig[9] & 1) != 1) {
            throw new ZmtpException(ZmtpException.Code.UNSUPPORTED_VERSION,
                    "peer is not speaking ZMTP 2.0 or later (bad signature 0x"
                            + Integer.toHexString(sig[0] & 0xFF) + "...)");
        }
    }

    /** Parses the whole 64 bytes (signature already checked). */
    static Greeting parse(byte[] g) throws ZmtpException {
        int major = g[10] & 0xFF;
        int minor = g[11] & 0xFF;
        if (major < 3) {
            throw new ZmtpException(ZmtpException.Code.UNSUPPORTED_VERSION,
                    "peer speaks ZMTP " + (major < 1 ? "1.0" : "2.0") + "; zmq4j needs 3.0 or later");
        }
        int end = 12;
        while (end < 32 && g[end] != 0) {
            end++;
        }
        String mech = new String(g, 12, end - 12, StandardCharsets.US_ASCII);
        return new Greeting(major, minor, mech, g[32] != 0);
    }

    @Override
    public String toString() {
        return "ZMTP " + major + "." + minor + " " + mechanism + (asServer ? " as-server" : "");
    }
}
