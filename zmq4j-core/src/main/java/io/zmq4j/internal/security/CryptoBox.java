package io.zmq4j.internal.security;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.engines.Salsa20Engine;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * NaCl's crypto_box (curve25519xsalsa20poly1305) and crypto_secretbox (xsalsa20poly1305),
 * composed from Bouncy Castle's primitives: X25519, the Salsa20 core (for HSalsa20), XSalsa20
 * and Poly1305. Boxes are in the "easy" layout: 16-byte tag, then the ciphertext.
 */
public final class CryptoBox {
    public static final int KEY_BYTES = 32;
    public static final int NONCE_BYTES = 24;
    public static final int MAC_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * X25519 multiplications this thread has done, {base point, any point} (tests: what a
     * handshake costs). Per thread, so that another test's connections cannot count in.
     */
    private static final ThreadLocal<long[]> MULTS = ThreadLocal.withInitial(() -> new long[2]);
    private static final int[] SIGMA = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};

    private CryptoBox() {}

    public static SecureRandom random() {
        return RANDOM;
    }

    public static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** A fresh secret key (clamped as X25519 wants it) and its public key: {public, secret}. */
    public static byte[][] keyPair() {
        byte[] secret = new byte[32];
        X25519.generatePrivateKey(RANDOM, secret);
        return new byte[][] {publicKey(secret), secret};
    }

    /** The public key of a secret key (crypto_scalarmult_base). */
    public static byte[] publicKey(byte[] secret) {
        byte[] pub = new byte[32];
        MULTS.get()[0]++;
        X25519.generatePublicKey(secret, 0, pub, 0);
        return pub;
    }

    /** X25519 multiplications of the base point this thread has done (tests). */
    static long baseMults() {
        return MULTS.get()[0];
    }

    /** X25519 multiplications of another point (crypto_box_beforenm) this thread has done (tests). */
    static long pointMults() {
        return MULTS.get()[1];
    }

    /** crypto_box_beforenm: HSalsa20 of the X25519 shared secret; throws for a degenerate key. */
    public static byte[] beforenm(byte[] peerPublic, byte[] secret) {
        byte[] shared = new byte[32];
        MULTS.get()[1]++;
        X25519.scalarMult(secret, 0, peerPublic, 0, shared, 0);
        int acc = 0;
        for (byte b : shared) {
            acc |= b;
        }
        if (acc == 0) {
            throw new SecurityException("degenerate public key (all-zero shared secret)");
        }
        byte[] k = hsalsa20(shared, new byte[16]);
        Arrays.fill(shared, (byte) 0);
        return k;
    }

    /** HSalsa20 (crypto_core_hsalsa20) through Bouncy Castle's Salsa20 core. */
    static byte[] hsalsa20(byte[] key, byte[] in16) {
        int[] x = new int[16];
        salsa20State(key, x);
        for (int i = 0; i < 4; i++) {
            x[6 + i] = le(in16, 4 * i);
        }
        int[] z = new int[16];
        Salsa20Engine.salsaCore(20, x, z);
        // salsaCore adds the input back in; HSalsa20 wants the rounds' output without it
        int[] pick = {0, 5, 10, 15, 6, 7, 8, 9};
        byte[] out = new byte[32];
        for (int i = 0; i < 8; i++) {
            int w = z[pick[i]] - x[pick[i]];
            out[4 * i] = (byte) w;
            out[4 * i + 1] = (byte) (w >>> 8);
            out[4 * i + 2] = (byte) (w >>> 16);
            out[4 * i + 3] = (byte) (w >>> 24);
        }
        Arrays.fill(x, 0);
        Arrays.fill(z, 0);
        return out;
    }

    /**
     * Lays a 32-byte key into Salsa20's 16-word input as the Salsa20 spec does for 256-bit keys:
     * the "expand 32-byte k" words at 0, 5, 10, 15, the key at 1-4 and 11-14; the nonce (6, 7)
     * and block counter (8, 9) words are left for the caller.
     */
    static void salsa20State(byte[] key, int[] x) {
        x[0] = SIGMA[0];
        x[5] = SIGMA[1];
        x[10] = SIGMA[2];
        x[15] = SIGMA[3];
        for (int i = 0; i < 4; i++) {
            x[1 + i] = le(key, 4 * i);
            x[11 + i] = le(key, 16 + 4 * i);
        }
    }

    private static int le(byte[] b, int o) {
        return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8 | (b[o + 2] & 0xFF) << 16 | (b[o + 3] & 0xFF) << 24;
    }

    /** crypto_box_easy: tag and ciphertext of {@code m} for {@code peerPublic} from {@code secret}. */
    public static byte[] box(byte[] m, byte[] nonce, byte[] peerPublic, byte[] secret) {
        byte[] k = beforenm(peerPublic, secret);
        try {
            return seal(m, 0, m.length, nonce, k);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /** crypto_box_open_easy; null when the box is forged or damaged. */
    public static byte[] open(byte[] c, byte[] nonce, byte[] peerPublic, byte[] secret) {
        byte[] k = beforenm(peerPublic, secret);
        try {
            return unseal(c, 0, c.length, nonce, k);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /** crypto_secretbox_easy (= crypto_box_easy_afternm with a precomputed key). */
    public static byte[] seal(byte[] m, int off, int len, byte[] nonce, byte[] key) {
        byte[] out = new byte[MAC_BYTES + len];
        sealInto(m, off, len, nonce, key, out, 0);
        return out;
    }

    /** Writes tag and ciphertext of {@code m[off..off+len)} to {@code out[outOff..]}. */
    public static void sealInto(byte[] m, int off, int len, byte[] nonce, byte[] key, byte[] out, int outOff) {
        XSalsa20Engine s = new XSalsa20Engine();
        s.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        byte[] polyKey = new byte[32];
        s.processBytes(polyKey, 0, 32, polyKey, 0);
        s.processBytes(m, off, len, out, outOff + MAC_BYTES);
        Poly1305 mac = new Poly1305();
        mac.init(new KeyParameter(polyKey));
        mac.update(out, outOff + MAC_BYTES, len);
        mac.doFinal(out, outOff);
        Arrays.fill(polyKey, (byte) 0);
    }

    /** crypto_secretbox_open_easy over {@code c[off..off+len)}; null when the tag does not verify. */
    public static byte[] unseal(byte[] c, int off, int len, byte[] nonce, byte[] key) {
        if (len < MAC_BYTES) {
            return null;
        }
        XSalsa20Engine s = new XSalsa20Engine();
        s.init(false, new ParametersWithIV(new KeyParameter(key), nonce));
        byte[] polyKey = new byte[32];
        s.processBytes(polyKey, 0, 32, polyKey, 0);
        Poly1305 mac = new Poly1305();
        mac.init(new KeyParameter(polyKey));
        mac.update(c, off + MAC_BYTES, len - MAC_BYTES);
        byte[] tag = new byte[MAC_BYTES];
        mac.doFinal(tag, 0);
        Arrays.fill(polyKey, (byte) 0);
        if (!MessageDigest.isEqual(tag, Arrays.copyOfRange(c, off, off + MAC_BYTES))) {
            return null;
        }
        byte[] m = new byte[len - MAC_BYTES];
        s.processBytes(c, off + MAC_BYTES, m.length, m, 0);
        return m;
    }

    /** A 24-byte nonce: a 16- or 8-byte ASCII prefix then the rest. */
    public static byte[] nonce(String prefix, byte[] rest, int restOff) {
        byte[] n = new byte[NONCE_BYTES];
        for (int i = 0; i < prefix.length(); i++) {
            n[i] = (byte) prefix.charAt(i);
        }
        System.arraycopy(rest, restOff, n, prefix.length(), NONCE_BYTES - prefix.length());
        return n;
    }

    /** A nonce with a 16-byte prefix and a big-endian 8-byte counter, as libzmq's short nonces. */
    public static byte[] nonce(String prefix16, long counter) {
        byte[] n = new byte[NONCE_BYTES];
        for (int i = 0; i < 16; i++) {
            n[i] = (byte) prefix16.charAt(i);
        }
        for (int i = 0; i < 8; i++) {
            n[16 + i] = (byte) (counter >>> (56 - 8 * i));
        }
        return n;
    }
}
