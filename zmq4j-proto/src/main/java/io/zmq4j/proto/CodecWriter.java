package io.zmq4j.proto;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes zproto field encodings into one frame: numbers in network byte order, {@code string}
 * with a 1-byte length, {@code longstr} and {@code chunk} with a 4-byte length, {@code strings}
 * and {@code hash} with a 4-byte count, {@code uuid} as 16 raw bytes.
 *
 * <p>Generated encoders first add up the exact frame size with the {@code *Size} helpers, so
 * the one array allocated here is the frame itself and is handed out without a copy. Text is
 * written as UTF-8 straight from the {@code String}, with no intermediate byte array.
 *
 * <pre>{@code
 * CodecWriter w = new CodecWriter(3 + CodecWriter.stringSize(host));
 * w.putNumber2(0xAAA0 | signature);
 * w.putNumber1(id);
 * w.putString(host);
 * byte[] frame = w.array();
 * }</pre>
 */
public final class CodecWriter {
    private byte[] buf;
    private int pos;

    /** A writer for a frame of {@code size} bytes; it grows if more is written. */
    public CodecWriter(int size) {
        this.buf = new byte[size];
    }

    /** The bytes written: the backing array itself when the size given was exact. */
    public byte[] array() {
        return pos == buf.length ? buf : Arrays.copyOf(buf, pos);
    }

    /** Bytes written so far. */
    public int position() {
        return pos;
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(pos + n, buf.length * 2 + 16));
        }
    }

    public void putNumber1(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
    }

    public void putNumber2(int v) {
        ensure(2);
        buf[pos] = (byte) (v >>> 8);
        buf[pos + 1] = (byte) v;
        pos += 2;
    }

    public void putNumber4(long v) {
        ensure(4);
        buf[pos] = (byte) (v >>> 24);
        buf[pos + 1] = (byte) (v >>> 16);
        buf[pos + 2] = (byte) (v >>> 8);
        buf[pos + 3] = (byte) v;
        pos += 4;
    }

    /** Writes all 64 bits; zproto numbers are unsigned, so a negative long is a value past 2^63. */
    public void putNumber8(long v) {
        ensure(8);
        for (int shift = 56, i = 0; i < 8; shift -= 8, i++) {
            buf[pos + i] = (byte) (v >>> shift);
        }
        pos += 8;
    }

    /** A fixed-size block: {@code octets} fields; the length is the model's, not written. */
    public void putOctets(byte[] v) {
        ensure(v.length);
        System.arraycopy(v, 0, buf, pos, v.length);
        pos += v.length;
    }

    /** A short string: 1-byte length then UTF-8; the caller checked it fits in 255 bytes. */
    public void putString(String v) {
        int len = utf8Length(v);
        if (len > 255) {
            throw new IllegalArgumentException("string of " + len + " UTF-8 bytes does not fit a 1-byte length");
        }
        putNumber1(len);
        putUtf8(v, len);
    }

    /** A long string: 4-byte length then UTF-8. */
    public void putLongstr(String v) {
        int len = utf8Length(v);
        putNumber4(len);
        putUtf8(v, len);
    }

    /** A list of strings: 4-byte count, then each as a long string. */
    public void putStrings(List<String> v) {
        putNumber4(v.size());
        for (int i = 0, n = v.size(); i < n; i++) {
            putLongstr(v.get(i));
        }
    }

    /** A hash: 4-byte count, then each key as a string and each value as a long string. */
    public void putHash(Map<String, String> v) {
        putNumber4(v.size());
        for (Map.Entry<String, String> e : v.entrySet()) {
            putString(e.getKey());
            putLongstr(e.getValue());
        }
    }

    /** A chunk: 4-byte length, then the bytes. */
    public void putChunk(byte[] v) {
        putNumber4(v.length);
        putOctets(v);
    }

    /** A uuid: its 16 bytes, most significant first, as zuuid_export writes them. */
    public void putUuid(UUID v) {
        putNumber8(v.getMostSignificantBits());
        putNumber8(v.getLeastSignificantBits());
    }

    private void putUtf8(String s, int len) {
        ensure(len);
        byte[] b = buf;
        int p = pos;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c)) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[p++] = (byte) (0xF0 | (cp >> 18));
                b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        pos = p;
    }

    /**
     * Bytes of the UTF-8 encoding of {@code s}, counted without encoding it.
     *
     * @throws IllegalArgumentException on an unpaired surrogate, which has no UTF-8 encoding
     */
    public static int utf8Length(CharSequence s) {
        int len = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                len++;
            } else if (c < 0x800) {
                len += 2;
            } else if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 >= n || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    throw new IllegalArgumentException("unpaired surrogate at index " + i + " has no UTF-8 encoding");
                }
                len += 4;
                i++;
            } else {
                len += 3;
            }
        }
        return len;
    }

    /** Encoded size of a {@code string} field. */
    public static int stringSize(String v) {
        return 1 + utf8Length(v);
    }

    /** Encoded size of a {@code longstr} field. */
    public static int longstrSize(String v) {
        return 4 + utf8Length(v);
    }

    /** Encoded size of a {@code strings} field. */
    public static int stringsSize(List<String> v) {
        int size = 4;
        for (int i = 0, n = v.size(); i < n; i++) {
            size += 4 + utf8Length(v.get(i));
        }
        return size;
    }

    /** Encoded size of a {@code hash} field. */
    public static int hashSize(Map<String, String> v) {
        int size = 4;
        for (Map.Entry<String, String> e : v.entrySet()) {
            size += 1 + utf8Length(e.getKey()) + 4 + utf8Length(e.getValue());
        }
        return size;
    }

    /** Encoded size of a {@code chunk} field. */
    public static int chunkSize(byte[] v) {
        return 4 + v.length;
    }
}
