package io.zmq4j.proto;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks done when a field is set, so that every built message can be encoded: a number fits
 * its size, a {@code string} fits its 1-byte length, text has a UTF-8 form without zero bytes
 * (the C codec measures strings with strlen), {@code octets} have the model's size.
 *
 * <pre>{@code
 * this.host = FieldCheck.string("host", host);
 * this.node = FieldCheck.number("node", 2, node);
 * }</pre>
 */
public final class FieldCheck {
    private FieldCheck() {}

    /** Checks {@code value} is an unsigned number of {@code size} bytes (8: any long). */
    public static long number(String field, int size, long value) {
        if (size < 8 && (value < 0 || value >>> (size * 8) != 0)) {
            throw new IllegalArgumentException("field '" + field + "': " + value + " does not fit an unsigned "
                    + size + "-byte number");
        }
        return value;
    }

    /** Checks {@code value} is an unsigned number of {@code size} bytes, for int-typed fields. */
    public static int number(String field, int size, int value) {
        number(field, size, (long) value);
        return value;
    }

    /** A {@code string}: at most 255 bytes of UTF-8, no zero character. */
    public static String string(String field, String value) {
        int len = text(field, value);
        if (len > 255) {
            throw new IllegalArgumentException("field '" + field + "': " + len
                    + " bytes of UTF-8 do not fit a string (at most 255; use longstr)");
        }
        return value;
    }

    /** A {@code longstr}: any length of UTF-8, no zero character. */
    public static String longstr(String field, String value) {
        text(field, value);
        return value;
    }

    /** A {@code strings} list: each entry a longstr; the list is copied and made immutable. */
    public static List<String> strings(String field, List<String> value) {
        Objects.requireNonNull(value, field);
        List<String> copy = List.copyOf(value);
        for (String s : copy) {
            text(field, s);
        }
        return copy;
    }

    /** A {@code hash}: string keys, longstr values; copied, keeping the iteration order. */
    public static Map<String, String> hash(String field, Map<String, String> value) {
        Objects.requireNonNull(value, field);
        Map<String, String> copy = new java.util.LinkedHashMap<>(value);
        for (Map.Entry<String, String> e : copy.entrySet()) {
            string(field, Objects.requireNonNull(e.getKey(), field + " key"));
            longstr(field, Objects.requireNonNull(e.getValue(), field + " value"));
        }
        return java.util.Collections.unmodifiableMap(copy);
    }

    /** {@code octets}: exactly {@code size} bytes; copied. */
    public static byte[] octets(String field, int size, byte[] value) {
        Objects.requireNonNull(value, field);
        if (value.length != size) {
            throw new IllegalArgumentException("field '" + field + "': octets must be " + size + " bytes, not "
                    + value.length);
        }
        return value.clone();
    }

    /** {@code chunk} or {@code frame}: any bytes; copied. */
    public static byte[] bytes(String field, byte[] value) {
        return Objects.requireNonNull(value, field).clone();
    }

    /** {@code msg}: zero or more frames; the list and each frame are copied. */
    public static List<byte[]> frames(String field, List<byte[]> value) {
        Objects.requireNonNull(value, field);
        byte[][] copy = new byte[value.size()][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = Objects.requireNonNull(value.get(i), field + " frame").clone();
        }
        return List.of(copy);
    }

    private static int text(String field, String value) {
        Objects.requireNonNull(value, field);
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("field '" + field + "': text must not contain a zero character");
        }
        try {
            return CodecWriter.utf8Length(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field '" + field + "': " + e.getMessage(), e);
        }
    }
}
