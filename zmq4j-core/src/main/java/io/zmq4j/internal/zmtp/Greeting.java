package io.zmq4j.internal.zmtp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The 64-byte ZMTP 3.x greeting (RFC 23): signature, version, mechanism, as-server, filler.
 *
 * <p>It goes out in three stages, as libzmq sends it, so that ZMTP 1.0 and 2.0 peers can be
 * detected (RFC 23, "Detecting ZMTP 1.0 and 2.0 Peers"): the 10-byte signature at once, the major
 * version once the peer's signature shows it is versioned, and the rest once the peer's own major
 * version shows it speaks 3.x. The signature's padding carries our identity's length plus one, so
 * a ZMTP 1.0 peer reads it as the header of our identity frame.
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

    /** Writes our whole 3.1 greeting at once (tests; the engine stages it). */
    public static void write(ByteBuffer out, String mechanism, boolean asServer) {
        out.put((byte) 0xFF);
        for (int i = 0; i < 8; i++) {
            out.put((byte) 0);
        }
        out.put((byte) 0x7F);
        out.put((byte) MAJOR);
        writeRest(out, mechanism, asServer);
    }

    /**
     * The first stage: %xFF, our identity's length plus one in 8 octets, %x7F. To a ZMTP 1.0
     * peer this is the long-form header of our identity frame; to anyone later, a signature.
     */
    public static void writeSignature(ByteBuffer out, int identityLength) {
        out.put((byte) 0xFF).putLong(identityLength + 1L).put((byte) 0x7F);
    }

    /** The last stage, after the major version: minor version, mechanism, as-server, filler. */
    public static void writeRest(ByteBuffer out, String mechanism, boolean asServer) {
        out.put((byte) MINOR);
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

    /**
     * Parses the whole 64 bytes of a peer whose major version is 2 or more (0 and 1 are ZMTP 1.0
     * and 2.0, handled before this). libzmq reads a major version of 2 as a 3.x greeting too.
     */
    static Greeting parse(byte[] g) {
        int major = g[10] & 0xFF;
        int minor = g[11] & 0xFF;
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
