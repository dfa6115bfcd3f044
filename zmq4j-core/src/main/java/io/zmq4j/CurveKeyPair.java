package io.zmq4j;

import io.zmq4j.internal.security.CryptoBox;
import io.zmq4j.internal.security.Z85;
import java.util.Arrays;

/**
 * A CURVE (X25519) keypair: 32-byte public and secret keys, and their Z85 text forms (40
 * characters), as libzmq's {@code zmq_curve_keypair} and {@code zmq_curve_public}.
 *
 * <pre>{@code
 * CurveKeyPair server = CurveKeyPair.generate();
 * System.out.println("public: " + server.publicZ85());
 * CurveKeyPair same = CurveKeyPair.fromSecret(server.secretZ85());   // derives the public key
 * }</pre>
 */
public final class CurveKeyPair {
    private final byte[] publicKey;
    private final byte[] secretKey;

    private CurveKeyPair(byte[] publicKey, byte[] secretKey) {
        this.publicKey = publicKey;
        this.secretKey = secretKey;
    }

    /** A fresh random keypair. */
    public static CurveKeyPair generate() {
        byte[][] kp = CryptoBox.keyPair();
        return new CurveKeyPair(kp[0], kp[1]);
    }

    /** The keypair of a secret key (32 bytes); the public key is derived from it. */
    public static CurveKeyPair fromSecret(byte[] secretKey) {
        check(secretKey, "secret key");
        byte[] s = secretKey.clone();
        return new CurveKeyPair(CryptoBox.publicKey(s), s);
    }

    /** The keypair of a secret key in Z85 (40 characters). */
    public static CurveKeyPair fromSecret(String secretZ85) {
        return fromSecret(decodeKey(secretZ85));
    }

    /** The public key of a secret key, as {@code zmq_curve_public}. */
    public static byte[] publicKeyOf(byte[] secretKey) {
        check(secretKey, "secret key");
        return CryptoBox.publicKey(secretKey);
    }

    /** Z85 text of a 32-byte key (or any multiple of 4 bytes). */
    public static String z85Encode(byte[] data) {
        try {
            return Z85.encode(data);
        } catch (IllegalArgumentException e) {
            throw new ZmqException(ZmqException.Kind.EINVAL, e.getMessage());
        }
    }

    /** Bytes of Z85 text (length a multiple of 5). */
    public static byte[] z85Decode(String text) {
        try {
            return Z85.decode(text);
        } catch (IllegalArgumentException e) {
            throw new ZmqException(ZmqException.Kind.EINVAL, e.getMessage());
        }
    }

    /** A 32-byte key from its 40-character Z85 text. */
    public static byte[] decodeKey(String z85) {
        if (z85 == null || z85.length() != 40) {
            throw new ZmqException(ZmqException.Kind.EINVAL, "a CURVE key in Z85 is 40 characters, not " + (z85 == null ? "null" : z85.length()));
        }
        return z85Decode(z85);
    }

    private static void check(byte[] key, String what) {
        if (key == null || key.length != 32) {
            throw new ZmqException(ZmqException.Kind.EINVAL, "a CURVE " + what + " is 32 bytes, not " + (key == null ? "null" : key.length));
        }
    }

    /** A copy of the public key. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** A copy of the secret key. */
    public byte[] secretKey() {
        return secretKey.clone();
    }

    public String publicZ85() {
        return Z85.encode(publicKey);
    }

    public String secretZ85() {
        return Z85.encode(secretKey);
    }

    /** Overwrites this object's secret key with zeros (copies handed out are the caller's). */
    public void erase() {
        Arrays.fill(secretKey, (byte) 0);
    }

    @Override
    public String toString() {
        return "CurveKeyPair[public " + publicZ85() + "]";
    }
}
