package io.zmq4j;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Hand-made ZMTP 3.x bytes for tests that play the peer over a plain socket. */
public final class ZmtpBytes {
    private ZmtpBytes() {}

    /** A 64-byte greeting: ZMTP 3.{minor}, {@code mechanism}, as-server 0. */
    public static byte[] greeting(String mechanism, int minor) {
        ByteBuffer g = ByteBuffer.allocate(64);
        g.put((byte) 0xFF).put(new byte[8]).put((byte) 0x7F).put((byte) 3).put((byte) minor);
        byte[] mech = mechanism.getBytes(StandardCharsets.US_ASCII);
        g.put(mech).put(new byte[20 - mech.length]);
        g.put((byte) 0).put(new byte[31]);
        return g.array();
    }

    /** A ZMTP 3.1 greeting. */
    public static byte[] greeting(String mechanism) {
        return greeting(mechanism, 1);
    }

    /** The body of a READY command carrying only Socket-Type. */
    public static byte[] readyBody(String socketType) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(5);
        body.writeBytes("READY".getBytes(StandardCharsets.US_ASCII));
        byte[] name = "Socket-Type".getBytes(StandardCharsets.US_ASCII);
        byte[] value = socketType.getBytes(StandardCharsets.US_ASCII);
        body.write(name.length);
        body.writeBytes(name);
        body.writeBytes(ByteBuffer.allocate(4).putInt(value.length).array());
        body.writeBytes(value);
        return body.toByteArray();
    }

    /** That READY as a whole command frame (short form). */
    public static byte[] ready(String socketType) {
        byte[] b = readyBody(socketType);
        ByteArrayOutputStream cmd = new ByteArrayOutputStream();
        cmd.write(0x04); // command, short
        cmd.write(b.length);
        cmd.writeBytes(b);
        return cmd.toByteArray();
    }
}
