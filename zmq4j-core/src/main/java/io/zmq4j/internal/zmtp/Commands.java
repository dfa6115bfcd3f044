package io.zmq4j.internal.zmtp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds and parses ZMTP command bodies (READY, ERROR, PING, PONG, SUBSCRIBE, CANCEL). */
public final class Commands {
    public static final String READY = "READY";
    public static final String ERROR = "ERROR";
    public static final String PING = "PING";
    public static final String PONG = "PONG";
    public static final String SUBSCRIBE = "SUBSCRIBE";
    public static final String CANCEL = "CANCEL";

    private Commands() {}

    /** The command's name, the first length-prefixed string of its body. */
    public static String name(byte[] body) throws ZmtpException {
        if (body.length < 1 || body.length < 1 + (body[0] & 0xFF)) {
            throw new ZmtpException(ZmtpException.Code.MALFORMED_COMMAND, "command too short for its name");
        }
        return new String(body, 1, body[0] & 0xFF, StandardCharsets.US_ASCII);
    }

    /** Offset of the data after the name. */
    public static int dataOffset(byte[] body) {
        return 1 + (body[0] & 0xFF);
    }

    /** A command body: name then data. */
    public static byte[] command(String name, byte[] data) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[1 + n.length + data.length];
        out[0] = (byte) n.length;
        System.arraycopy(n, 0, out, 1, n.length);
        System.arraycopy(data, 0, out, 1 + n.length, data.length);
        return out;
    }

    /** Encodes metadata properties: name-length, name, 4-byte value-length, value. */
    public static byte[] properties(Map<String, byte[]> props) {
        int size = 0;
        for (Map.Entry<String, byte[]> e : props.entrySet()) {
            size += 1 + e.getKey().length() + 4 + e.getValue().length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        for (Map.Entry<String, byte[]> e : props.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.US_ASCII);
            b.put((byte) name.length).put(name).putInt(e.getValue().length).put(e.getValue());
        }
        return b.array();
    }

    /** Parses metadata properties from {@code body[offset..]}; names keep their case. */
    public static Map<String, byte[]> parseProperties(byte[] body, int offset) throws ZmtpException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        int p = offset;
        while (p < body.length) {
            int nameLen = body[p] & 0xFF;
            if (nameLen == 0 || p + 1 + nameLen + 4 > body.length) {
                throw new ZmtpException(ZmtpException.Code.MALFORMED_COMMAND, "malformed metadata property");
            }
            String name = new String(body, p + 1, nameLen, StandardCharsets.US_ASCII);
            p += 1 + nameLen;
            long valueLen = ((body[p] & 0xFFL) << 24) | ((body[p + 1] & 0xFF) << 16) | ((body[p + 2] & 0xFF) << 8) | (body[p + 3] & 0xFF);
            p += 4;
            if (valueLen > body.length - p) {
                throw new ZmtpException(ZmtpException.Code.MALFORMED_COMMAND,
                        "metadata property '" + name + "' is longer than the command");
            }
            byte[] v = new byte[(int) valueLen];
            System.arraycopy(body, p, v, 0, v.length);
            p += v.length;
            out.put(name, v);
        }
        return out;
    }

    /** Finds a property case-insensitively, as RFC 23 says names are. */
    public static byte[] property(Map<String, byte[]> props, String name) {
        for (Map.Entry<String, byte[]> e : props.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    public static byte[] error(String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        int len = Math.min(r.length, 255);
        byte[] data = new byte[1 + len];
        data[0] = (byte) len;
        System.arraycopy(r, 0, data, 1, len);
        return command(ERROR, data);
    }

    public static String errorReason(byte[] body) {
        int off = dataOffset(body);
        if (off >= body.length) {
            return "";
        }
        int len = Math.min(body[off] & 0xFF, body.length - off - 1);
        return new String(body, off + 1, len, StandardCharsets.UTF_8);
    }

    /** PING with a TTL in tenths of a second and a context of up to 16 bytes. */
    public static byte[] ping(int ttlDeciseconds, byte[] context) {
        byte[] data = new byte[2 + context.length];
        data[0] = (byte) (ttlDeciseconds >> 8);
        data[1] = (byte) ttlDeciseconds;
        System.arraycopy(context, 0, data, 2, context.length);
        return command(PING, data);
    }

    /** The PONG answering a PING body: echoes the PING's context. */
    public static byte[] pongFor(byte[] pingBody) throws ZmtpException {
        int off = dataOffset(pingBody);
        if (pingBody.length < off + 2) {
            throw new ZmtpException(ZmtpException.Code.MALFORMED_COMMAND, "PING without a TTL");
        }
        int ctxLen = Math.min(16, pingBody.length - off - 2);
        byte[] ctx = new byte[ctxLen];
        System.arraycopy(pingBody, off + 2, ctx, 0, ctxLen);
        return command(PONG, ctx);
    }

    /** The TTL of a PING in tenths of a second. */
    public static int pingTtl(byte[] pingBody) {
        int off = dataOffset(pingBody);
        return ((pingBody[off] & 0xFF) << 8) | (pingBody[off + 1] & 0xFF);
    }
}
