package io.zmq4j;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A hand-driven ZMTP peer over a plain socket, for tests that need exact bytes: it speaks the
 * greeting with a chosen minor version, a NULL READY, and reads the other side's frames.
 */
final class RawZmtpPeer implements AutoCloseable {
    /** One frame as it came off the wire. */
    static final class Frame {
        final int flags;
        final byte[] body;

        Frame(int flags, byte[] body) {
            this.flags = flags;
            this.body = body;
        }

        boolean command() {
            return (flags & 4) != 0;
        }

        String commandName() {
            return new String(body, 1, body[0], StandardCharsets.US_ASCII);
        }

        byte[] commandData() {
            byte[] d = new byte[body.length - 1 - body[0]];
            System.arraycopy(body, 1 + body[0], d, 0, d.length);
            return d;
        }
    }

    private final ServerSocket server;
    private java.net.Socket socket;
    private DataInputStream in;
    private OutputStream out;

    RawZmtpPeer() throws IOException {
        server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        server.setSoTimeout(5000);
    }

    String endpoint() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    /** Accepts one connection and completes a NULL handshake as {@code socketType}, ZMTP 3.{minor}. */
    RawZmtpPeer acceptAndHandshake(int minor, String socketType) throws IOException {
        socket = server.accept();
        socket.setSoTimeout(5000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        out.write(ZmtpBytes.greeting("NULL", minor));
        byte[] theirs = new byte[64];
        in.readFully(theirs);
        writeFrame(4, ZmtpBytes.readyBody(socketType));
        Frame theirReady = readFrame();
        if (!theirReady.command() || !theirReady.commandName().equals("READY")) {
            throw new IOException("expected READY, got flags " + theirReady.flags);
        }
        return this;
    }

    void writeFrame(int flags, byte[] body) throws IOException {
        if (body.length > 255) {
            out.write(flags | 2);
            out.write(ByteBuffer.allocate(8).putLong(body.length).array());
        } else {
            out.write(flags);
            out.write(body.length);
        }
        out.write(body);
        out.flush();
    }

    /** A frame into a buffer that {@link #flush} writes: for floods of small frames. */
    void writeFrameBuffered(int flags, byte[] body) throws IOException {
        if (buffered == null) {
            buffered = new java.io.BufferedOutputStream(out, 1 << 16);
        }
        buffered.write(flags);
        buffered.write(body.length);
        buffered.write(body);
    }

    void flush() throws IOException {
        if (buffered != null) {
            buffered.flush();
        }
    }

    private java.io.OutputStream buffered;

    Frame readFrame() throws IOException {
        int flags = in.readUnsignedByte();
        long size = (flags & 2) != 0 ? in.readLong() : in.readUnsignedByte();
        byte[] body = new byte[(int) size];
        in.readFully(body);
        return new Frame(flags, body);
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
        }
        server.close();
    }
}
