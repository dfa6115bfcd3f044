package io.zmq4j.internal.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zmq4j.SocketType;
import io.zmq4j.internal.socket.Options;
import io.zmq4j.internal.zmtp.Greeting;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket layer's input however TCP cuts it: the upgrade with the first frames behind it
 * in one read, frames split at every byte, many frames in one read, and reads into buffers too
 * small for what is decoded. Driven as the engine drives it: reads until a read leaves room in
 * its buffer and {@link WsWire#hasBufferedInput} is false, then waits for the selector, which
 * reports only bytes that arrive later. Every ZMTP byte must come out before that wait: one
 * held back would be a message delivered only when the peer next sends, or never.
 */
class WsWireReadSplitTest {
    private static final byte[] MASK = {0x12, 0x34, 0x56, 0x78};

    /** A link whose bytes arrive when the test says, as a socket's would. */
    static final class FakeLink implements WsWire.Link {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        ByteBuffer available = ByteBuffer.allocate(0);

        void arrive(byte[] b, int from, int to) {
            ByteBuffer next = ByteBuffer.allocate(available.remaining() + (to - from));
            next.put(available).put(b, from, to - from).flip();
            available = next;
        }

        @Override
        public int read(ByteBuffer dst) {
            int k = Math.min(dst.remaining(), available.remaining());
            int lim = available.limit();
            available.limit(available.position() + k);
            dst.put(available);
            available.limit(lim);
            return k;
        }

        @Override
        public void write(ByteBuffer src) {
            while (src.hasRemaining()) {
                written.write(src.get());
            }
        }

        @Override
        public boolean flush() {
            return true;
        }

        @Override
        public boolean pendingOutput() {
            return false;
        }

        @Override
        public void closeOutput() {
        }
    }

    /** One WebSocket frame; masked as a client's when {@code mask}. */
    static byte[] frame(int b0, byte[] payload, boolean mask) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(b0);
        int m = mask ? 0x80 : 0;
        if (payload.length < 126) {
            f.write(m | payload.length);
        } else if (payload.length <= 0xFFFF) {
            f.write(m | 126);
            f.write(payload.length >> 8);
            f.write(payload.length);
        } else {
            f.write(m | 127);
            f.writeBytes(ByteBuffer.allocate(8).putLong(payload.length).array());
        }
        if (mask) {
            f.writeBytes(MASK);
        }
        for (int i = 0; i < payload.length; i++) {
            f.write(payload[i] ^ (mask ? MASK[i & 3] : 0));
        }
        return f.toByteArray();
    }

    static byte[] zws(int flags, byte[] body) {
        byte[] p = new byte[body.length + 1];
        p[0] = (byte) flags;
        System.arraycopy(body, 0, p, 1, body.length);
        return p;
    }

    static byte[] zmtp(int flags, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(9 + body.length);
        if (body.length > 255) {
            b.put((byte) (flags | 0x02)).putLong(body.length);
        } else {
            b.put((byte) flags).put((byte) body.length);
        }
        return Arrays.copyOf(b.put(body).array(), b.position());
    }

    static byte[] ready() {
        byte[] type = "ROUTER".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(64);
        b.put((byte) 5).put("READY".getBytes(StandardCharsets.US_ASCII));
        b.put((byte) 11).put("Socket-Type".getBytes(StandardCharsets.US_ASCII)).putInt(type.length).put(type);
        return Arrays.copyOf(b.array(), b.position());
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        parts.forEach(o::writeBytes);
        return o.toByteArray();
    }

    /** The frames after the upgrade (masked when they come from a client) and the ZMTP bytes they stand for. */
    static byte[][] traffic(boolean fromClient) {
        byte[] big = new byte[300];
        Arrays.fill(big, (byte) 'z');
        List<byte[]> in = new ArrayList<>();
        List<byte[]> out = new ArrayList<>();
        in.add(frame(0x82, zws(0x02, ready()), fromClient));
        out.add(zmtp(0x04, ready()));
        // a ROUTER's echo: an empty delimiter, then the body
        in.add(frame(0x82, zws(0x01, new byte[0]), fromClient));
        out.add(zmtp(0x01, new byte[0]));
        in.add(frame(0x82, zws(0x00, bytes("one")), fromClient));
        out.add(zmtp(0x00, bytes("one")));
        in.add(frame(0x89, bytes("hb"), fromClient)); // a ping between messages: no ZMTP bytes
        in.add(frame(0x82, zws(0x00, big), fromClient)); // a 16-bit length
        out.add(zmtp(0x00, big));
        // a message in two fragments, with a ping between them
        byte[] whole = zws(0x00, bytes("fragmented!"));
        in.add(frame(0x02, Arrays.copyOfRange(whole, 0, 4), fromClient));
        in.add(frame(0x89, new byte[0], fromClient));
        in.add(frame(0x80, Arrays.copyOfRange(whole, 4, whole.length), fromClient));
        out.add(zmtp(0x00, bytes("fragmented!")));
        in.add(frame(0x82, zws(0x00, bytes("last")), fromClient));
        out.add(zmtp(0x00, bytes("last")));
        return new byte[][] {concat(in), concat(out)};
    }

    static Options options(SocketType type) {
        Options o = new Options(type);
        o.routingId = new byte[0];
        return o;
    }

    static final Endpoint ENDPOINT = Endpoint.parse("ws://127.0.0.1:5555/zmq");

    /**
     * Feeds {@code input} in pieces ending at {@code cuts}, reading as the engine does into
     * buffers of {@code room} bytes after each; returns all ZMTP bytes read.
     */
    static byte[] drive(WsWire wire, FakeLink link, byte[] input, int[] cuts, int room) throws Exception {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        ByteBuffer dst = ByteBuffer.allocate(room);
        int from = 0;
        for (int c = 0; c <= cuts.length; c++) {
            int to = c < cuts.length ? cuts[c] : input.length;
            link.arrive(input, from, to);
            from = to;
            boolean again = true;
            while (again) {
                // as StreamEngine.readable: at most 8 reads while each fills its buffer, then
                // another pass only if the layer says it holds decoded input
                for (int i = 0; i < 8; i++) {
                    dst.clear();
                    long n = wire.read(dst);
                    dst.flip();
                    while (dst.hasRemaining()) {
                        got.write(dst.get());
                    }
                    wire.flushOut(); // the upgrade's answer, as the engine's flush after a read
                    if (n < 0) {
                        throw new IOException("end of stream");
                    }
                    if (n == 0 || dst.limit() < room) {
                        break;
                    }
                }
                again = wire.hasBufferedInput();
            }
            if (link.available.hasRemaining()) {
                throw new AssertionError("bytes left unread in the socket after a read that did not fill its buffer");
            }
        }
        return got.toByteArray();
    }

    static byte[] request() {
        return bytes("GET /zmq HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: ZWS2.0/NULL\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n");
    }

    static byte[] greeting(boolean asServer) {
        ByteBuffer g = ByteBuffer.allocate(Greeting.SIZE);
        Greeting.write(g, "NULL", asServer);
        g.put(11, (byte) 0);
        return g.array();
    }

    private static byte[] serverInput() {
        return concat(List.of(request(), traffic(true)[0]));
    }

    private static byte[] serverExpected() {
        return concat(List.of(greeting(true), traffic(true)[1]));
    }

    private static byte[] serverRun(int[] cuts, int room) throws Exception {
        FakeLink link = new FakeLink();
        WsWire wire = WsWire.server(link, ENDPOINT, options(SocketType.DEALER));
        byte[] got = drive(wire, link, serverInput(), cuts, room);
        String answer = link.written.toString(StandardCharsets.ISO_8859_1);
        assertEquals(true, answer.startsWith("HTTP/1.1 101 "), answer);
        return got;
    }

    @Test
    void theUpgradeAndEveryFrameInOneReadAreAllDecoded() throws Exception {
        for (int room : new int[] {1, 2, 3, 7, 64, 65536}) {
            assertArrayEquals(serverExpected(), serverRun(new int[0], room), "read into " + room + " bytes");
        }
    }

    @Test
    void inputCutAtAnyOneByteIsAllDecoded() throws Exception {
        byte[] input = serverInput();
        byte[] expected = serverExpected();
        for (int room : new int[] {1, 5, 64, 65536}) {
            for (int cut = 1; cut < input.length; cut++) {
                assertArrayEquals(expected, serverRun(new int[] {cut}, room), "cut at byte " + cut + ", read into " + room + " bytes");
            }
        }
    }

    @Test
    void inputArrivingOneByteAtATimeIsAllDecoded() throws Exception {
        byte[] input = serverInput();
        int[] cuts = new int[input.length - 1];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        for (int room : new int[] {1, 3, 65536}) {
            assertArrayEquals(serverExpected(), serverRun(cuts, room), "read into " + room + " bytes");
        }
    }

    @Test
    void aConnectingSideDecodesTheResponseAndFramesHoweverTheyAreCut() throws Exception {
        byte[] frames = traffic(false)[0];
        byte[] expected = concat(List.of(greeting(false), traffic(false)[1]));
        for (int room : new int[] {1, 64, 65536}) {
            for (int cut = -1; cut < 200; cut++) {
                FakeLink link = new FakeLink();
                WsWire wire = WsWire.client(link, ENDPOINT, options(SocketType.DEALER));
                wire.flushOut();
                Matcher m = Pattern.compile("Sec-WebSocket-Key: (\\S+)").matcher(link.written.toString(StandardCharsets.ISO_8859_1));
                m.find();
                byte[] input = concat(List.of(bytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + WsWire.accept(m.group(1)) + "\r\nSec-WebSocket-Protocol: ZWS2.0/NULL\r\n\r\n"), frames));
                int[] cuts = cut < 0 ? new int[0] : new int[] {1 + cut * (input.length - 2) / 199};
                assertArrayEquals(expected, drive(wire, link, input, cuts, room), "cuts " + Arrays.toString(cuts) + ", read into " + room);
            }
        }
    }
}
