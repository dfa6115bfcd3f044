package io.zmq4j.proto;

import java.util.Arrays;
import java.util.List;

/**
 * Equality, hashing and printing for the field values generated messages hold that Java does
 * not compare by content on its own: byte arrays and lists of frames.
 *
 * <pre>{@code
 * Values.hex(new byte[] {1, (byte) 0xab})            // "01ab"
 * Values.framesEqual(List.of(a), List.of(a.clone())) // true
 * }</pre>
 */
public final class Values {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Values() {}

    /** Lower-case hex of {@code b}, two digits a byte. */
    public static String hex(byte[] b) {
        char[] out = new char[b.length * 2];
        for (int i = 0; i < b.length; i++) {
            out[2 * i] = HEX[(b[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[b[i] & 0xF];
        }
        return new String(out);
    }

    /**
     * The bytes of a hex string (either case, even length).
     *
     * @throws IllegalArgumentException if {@code s} is not hex
     */
    public static byte[] unhex(String s) {
        if ((s.length() & 1) != 0) {
            throw new IllegalArgumentException("hex string has an odd number of digits");
        }
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(s.charAt(2 * i), 16);
            int lo = Character.digit(s.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("not a hex digit near index " + (2 * i));
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    /** True when both lists hold the same frames, by content. */
    public static boolean framesEqual(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0, n = a.size(); i < n; i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** A hash of the frames' content, consistent with {@link #framesEqual}. */
    public static int framesHash(List<byte[]> frames) {
        int h = 1;
        for (int i = 0, n = frames.size(); i < n; i++) {
            h = 31 * h + Arrays.hashCode(frames.get(i));
        }
        return h;
    }

    /** The frames as {@code [hex, hex]}. */
    public static String framesToString(List<byte[]> frames) {
        StringBuilder sb = new StringBuilder().append('[');
        for (int i = 0, n = frames.size(); i < n; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(hex(frames.get(i)));
        }
        return sb.append(']').toString();
    }
}
