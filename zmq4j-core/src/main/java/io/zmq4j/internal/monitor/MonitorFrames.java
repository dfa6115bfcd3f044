package io.zmq4j.internal.monitor;

import io.zmq4j.Msg;
import io.zmq4j.SocketEvent;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * libzmq's monitor message layouts, in host byte order (little-endian on the platforms libzmq
 * runs on in practice), so code ported from libzmq parses our monitor sockets unchanged.
 */
public final class MonitorFrames {
    private MonitorFrames() {}

    /** Version 1: [uint16 event, uint32 value] then the endpoint. */
    public static Msg v1(SocketEvent e) {
        byte[] head = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) e.event().value()).putInt((int) e.value()).array();
        return Msg.of(head, e.endpoint().getBytes(StandardCharsets.UTF_8));
    }

    /** Version 2: uint64 event, uint64 value count, the values, local address, remote address. */
    public static Msg v2(SocketEvent e) {
        return Msg.of(u64(e.event().value()), u64(1), u64(e.value()),
                e.endpoint().getBytes(StandardCharsets.UTF_8), e.remoteAddress().getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] u64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }
}
