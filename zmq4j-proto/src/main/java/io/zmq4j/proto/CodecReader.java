package io.zmq4j.proto;

import io.zmq4j.Msg;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads zproto field encodings from the first frame of a message and the extra frames after
 * it, checking every length against what is left, so a malformed message ends in a
 * {@link ProtocolException} naming the field before any value is built.
 *
 * <p>One reader decodes one message; it is not thread-safe and not reusable.
 *
 * <pre>{@code
 * CodecReader r = new CodecReader("zproto_example", msg.frame(0));
 * r.signature(0xAAA0);
 * int id = r.id();
 * r.message("LOG");
 * int sequence = r.number2("sequence");
 * String host = r.string("host");
 * }</pre>
 */
public final class CodecReader {
    private final String protocol;
    private final byte[] buf;
    private final int limit;
    private int pos;
    private String message;

    /** A reader over all of {@code frame}, for protocol {@code protocol} (used in errors). */
    public CodecReader(String protocol, byte[] frame) {
        this.protocol = protocol;
        this.buf = frame;
        this.limit = frame.length;
    }

    /** Names the message being decoded, for errors from here on. */
    public void message(String name) {
        this.message = name;
    }

    /** Bytes not yet read in the frame. */
    public int remaining() {
        return limit - pos;
    }

    /** A protocol error about {@code field} of the current message. */
    public ProtocolException error(String field, String problem) {
        return new ProtocolException(protocol, message, field, problem);
    }

    private void need(String field, int n) {
        if (limit - pos < n) {
            throw error(field, "truncated: needs " + n + " bytes, " + (limit - pos) + " left in frame");
        }
    }

    /** Reads the 2-byte signature and checks it is {@code expected} ({@code 0xAAA0 | signature}). */
    public void signature(int expected) {
        int got = number2("signature");
        if (got != expected) {
            throw error("signature", String.format("wrong signature 0x%04x, expected 0x%04x", got, expected));
        }
    }

    /** Reads the 1-byte message id. */
    public int id() {
        return number1("id");
    }

    public int number1(String field) {
        need(field, 1);
        return buf[pos++] & 0xFF;
    }

    public int number2(String field) {
        need(field, 2);
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    /** An unsigned 4-byte number, as a non-negative long. */
    public long number4(String field) {
        need(field, 4);
        long v = ((long) (buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16)
                | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    /** An unsigned 8-byte number, in the 64 bits of a long (past 2^63 it reads negative). */
    public long number8(String field) {
        need(field, 8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos + i] & 0xFF);
        }
        pos += 8;
        return v;
    }

    /** A number of {@code size} 1, 2, 4 or 8 bytes, widened to long. */
    public long number(String field, int size) {
        switch (size) {
            case 1: return number1(field);
            case 2: return number2(field);
            case 4: return number4(field);
            case 8: return number8(field);
            default: throw new IllegalArgumentException("number size " + size);
        }
    }

    /** Reads a number and checks it equals the model's constant. */
    public void expectNumber(String field, int size, long expected) {
        long got = number(field, size);
        if (got != expected) {
            throw error(field, "constant is " + Long.toUnsignedString(got) + ", expected "
                    + Long.toUnsignedString(expected));
        }
    }

    /** Reads a string and checks it equals the model's constant. */
    public void expectString(String field, String expected) {
        String got = string(field);
        if (!got.equals(expected)) {
            throw error(field, "constant is \"" + got + "\", expected \"" + expected + '"');
        }
    }

    public byte[] octets(String field, int size) {
        need(field, size);
        byte[] v = Arrays.copyOfRange(buf, pos, pos + size);
        pos += size;
        return v;
    }

    /** A short string: 1-byte length, then UTF-8. */
    public String string(String field) {
        int len = number1(field);
        return utf8(field, len);
    }

    /** A long string: 4-byte length, then UTF-8. */
    public String longstr(String field) {
        long len = number4(field);
        return utf8(field, len);
    }

    /** A list of strings: 4-byte count, then long strings. */
    public List<String> strings(String field) {
        long count = number4(field);
        // Every entry takes at least its 4-byte length: a count past that is a lie, and must not
        // size an allocation.
        if (count > (limit - pos) / 4) {
            throw error(field, "count " + count + " runs past the end of the frame");
        }
        if (count == 0) {
            return List.of();
        }
        List<String> list = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            list.add(longstr(field));
        }
        return Collections.unmodifiableList(list);
    }

    /**
     * A hash: 4-byte count, then string keys and long-string values, in wire order. A repeated
     * key keeps its first value, as czmq's zhash_insert does.
     */
    public Map<String, String> hash(String field) {
        long count = number4(field);
        if (count > (limit - pos) / 5) {
            throw error(field, "count " + count + " runs past the end of the frame");
        }
        if (count == 0) {
            return Map.of();
        }
        Map<String, String> map = new LinkedHashMap<>((int) (count * 4 / 3 + 1));
        for (long i = 0; i < count; i++) {
            String key = string(field);
            String value = longstr(field);
            map.putIfAbsent(key, value);
        }
        return Collections.unmodifiableMap(map);
    }

    /** A chunk: 4-byte length, then the bytes. */
    public byte[] chunk(String field) {
        long len = number4(field);
        if (len > limit - pos) {
            throw error(field, "length " + len + " runs past the end of the frame (" + (limit - pos) + " left)");
        }
        return octets(field, (int) len);
    }

    /** A uuid: 16 bytes. */
    public UUID uuid(String field) {
        need(field, 16);
        return new UUID(number8(field), number8(field));
    }

    private String utf8(String field, long len) {
        if (len > limit - pos) {
            throw error(field, "length " + len + " runs past the end of the frame (" + (limit - pos) + " left)");
        }
        int n = (int) len;
        int start = pos;
        boolean ascii = true;
        for (int i = start, end = start + n; i < end; i++) {
            if (buf[i] < 0) {
                ascii = false;
                break;
            }
        }
        pos += n;
        if (ascii) {
            return new String(buf, start, n, StandardCharsets.ISO_8859_1);
        }
        // new String(..., UTF_8) would silently replace bad sequences; a strict decoder reports them.
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, start, n))
                    .toString();
        } catch (CharacterCodingException e) {
            throw error(field, "not valid UTF-8");
        }
    }

    /** Frame {@code index} of {@code msg}: a {@code frame} field. */
    public byte[] frame(Msg msg, int index, String field) {
        if (index >= msg.size()) {
            throw error(field, "frame missing: message has " + msg.size() + " frames");
        }
        return msg.frame(index);
    }

    /** Frames {@code index} onwards of {@code msg}, zero or more: a {@code msg} field. */
    public List<byte[]> rest(Msg msg, int index) {
        if (index >= msg.size()) {
            return List.of();
        }
        return List.copyOf(msg.frames().subList(index, msg.size()));
    }

    /**
     * Checks nothing follows the last field's frame. Trailing bytes inside the first frame are
     * allowed, as zproto's C codec ignores them; an extra frame never comes from a zproto peer.
     */
    public void end(Msg msg, int next) {
        if (next < msg.size()) {
            throw error(null, (msg.size() - next) + " unexpected frame(s) after the last field");
        }
    }
}
