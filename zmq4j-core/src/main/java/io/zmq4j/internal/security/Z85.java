package io.zmq4j.internal.security;

import java.nio.charset.StandardCharsets;

/** Z85 (RFC 32): 4 bytes to 5 printable characters, as libzmq's zmq_z85_encode/decode. */
public final class Z85 {
    private static final char[] ENCODER =
            "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#".toCharArray();
    private static final byte[] DECODER = new byte[128];

    static {
        java.util.Arrays.fill(DECODER, (byte) -1);
        for (int i = 0; i < ENCODER.length; i++) {
            DECODER[ENCODER[i]] = (byte) i;
        }
    }

    private Z85() {}

    /** Encodes {@code data}, whose length must be a multiple of 4. */
    public static String encode(byte[] data) {
        if (data.length % 4 != 0) {
            throw new IllegalArgumentException("Z85 encodes a multiple of 4 bytes, not " + data.length);
        }
        char[] out = new char[data.length / 4 * 5];
        int o = 0;
        for (int i = 0; i < data.length; i += 4) {
            long v = ((data[i] & 0xFFL) << 24) | ((data[i + 1] & 0xFF) << 16) | ((data[i + 2] & 0xFF) << 8) | (data[i + 3] & 0xFF);
            for (int k = 4; k >= 0; k--) {
                out[o + k] = ENCODER[(int) (v % 85)];
                v /= 85;
            }
            o += 5;
        }
        return new String(out);
    }

    /** Decodes {@code text}, whose length must be a multiple of 5, all of it Z85 characters. */
    public static byte[] decode(String text) {
        if (text.length() % 5 != 0) {
            throw new IllegalArgumentException("Z85 decodes a multiple of 5 characters, not " + text.length());
        }
        byte[] out = new byte[text.length() / 5 * 4];
        int o = 0;
        for (int i = 0; i < text.length(); i += 5) {
            long v = 0;
            for (int k = 0; k < 5; k++) {
                char c = text.charAt(i + k);
                int d = c < 128 ? DECODER[c] : -1;
                if (d < 0) {
                    throw new IllegalArgumentException("'" + c + "' at " + (i + k) + " is not a Z85 character");
                }
                v = v * 85 + d;
            }
            if (v > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("Z85 group at " + i + " exceeds 32 bits");
            }
            out[o++] = (byte) (v >>> 24);
            out[o++] = (byte) (v >>> 16);
            out[o++] = (byte) (v >>> 8);
            out[o++] = (byte) v;
        }
        return out;
    }

    /** A 32-byte key given either as 32 raw bytes or as 40 Z85 characters (ASCII bytes). */
    public static byte[] key(byte[] rawOrZ85, String option) {
        if (rawOrZ85 != null && rawOrZ85.length == 32) {
            return rawOrZ85.clone();
        }
        if (rawOrZ85 != null && (rawOrZ85.length == 40 || rawOrZ85.length == 41)) {
            return decode(new String(rawOrZ85, 0, 40, StandardCharsets.US_ASCII));
        }
        throw new IllegalArgumentException(option + " must be 32 bytes or 40 Z85 characters");
    }
}
