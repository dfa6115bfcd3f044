package io.zmq4j.interop;

import static io.zmq4j.ZmtpBytes.greeting;
import static io.zmq4j.ZmtpBytes.ready;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bad input from one peer closes that one connection and nothing else: a zmq4j PULL keeps
 * serving a well-behaved zmq4j PUSH (already connected, and a new one) while a raw TCP peer
 * writes hand-made ZMTP bytes at it. No pyzmq needed.
 */
@Timeout(30)
class BadPeerTest {
    private static final long MAX_MSG_SIZE = 1024;
    private final Context ctx = Context.create();
    private final List<java.net.Socket> raw = new ArrayList<>();
    private Socket pull;
    private Socket good;
    private String endpoint;
    private int goodSeq;

    @BeforeEach
    void serveAGoodPeer() {
        pull = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO).setMaxMsgSize(MAX_MSG_SIZE);
        endpoint = pull.bind("tcp://127.0.0.1:*");
        good = ctx.socket(SocketType.PUSH).setLinger(Duration.ZERO).setSendTimeout(Interop.WAIT);
        good.connect(endpoint);
        assertGoodPeerServed(good);
    }

    @AfterEach
    void cleanup() throws IOException {
        for (java.net.Socket s : raw) {
            s.close();
        }
        ctx.close();
    }

    /** The well-behaved peer's next message arrives (nothing else in between). */
    private void assertGoodPeerServed(Socket push) {
        String body = "good " + goodSeq++;
        push.send(Msg.of(body));
        Msg m = pull.recv(Interop.WAIT);
        assertNotNull(m, "the PULL stopped serving the good peer");
        assertEquals(body, m.string(0), "unexpected message " + m);
    }

    /** After a bad peer: the connected good peer and a brand-new one are both served, and nothing else arrived. */
    private void assertSocketStillServes() {
        assertGoodPeerServed(good);
        Socket fresh = ctx.socket(SocketType.PUSH).setLinger(Duration.ZERO).setSendTimeout(Interop.WAIT);
        fresh.connect(endpoint);
        assertGoodPeerServed(fresh);
        assertNull(pull.tryRecv(), "a stray message");
    }

    private java.net.Socket badPeer() throws IOException {
        URI u = URI.create(endpoint);
        java.net.Socket s = new java.net.Socket();
        raw.add(s);
        s.connect(new InetSocketAddress(u.getHost(), u.getPort()), (int) Interop.WAIT.toMillis());
        s.setSoTimeout((int) Interop.WAIT.toMillis());
        return s;
    }

    /** Reads until EOF; fails if zmq4j keeps the connection open for {@link Interop#WAIT}. */
    private static void assertClosedByZmq4j(java.net.Socket s) throws IOException {
        try {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            while (in.read(buf) >= 0) {
                // zmq4j's greeting (and READY, ERROR) may come first
            }
        } catch (SocketTimeoutException e) {
            fail("zmq4j kept the bad connection open for " + Interop.WAIT);
        } catch (java.net.SocketException e) {
            // reset counts as closed
        }
    }

    // ---- hand-made ZMTP 3.1 ----

    /** A whole last frame (short or long form). */
    static byte[] frame(byte[] body) {
        ByteBuffer f = ByteBuffer.allocate(9 + body.length);
        if (body.length > 255) {
            f.put((byte) 0x02).putLong(body.length);
        } else {
            f.put((byte) 0x00).put((byte) body.length);
        }
        f.put(body);
        return java.util.Arrays.copyOf(f.array(), f.position());
    }

    /** A well-behaved PUSH handshake, written in one go. */
    private static void handshakeAsPush(OutputStream out) throws IOException {
        out.write(greeting("NULL"));
        out.write(ready("PUSH"));
        out.flush();
    }

    // ---- the control: the hand-made bytes are right when they are meant to be ----

    @Test
    void handWrittenZmtpFromAWellBehavedRawPeerIsDeliveredAndTheConnectionStaysOpen() throws IOException {
        java.net.Socket rawPush = badPeer();
        OutputStream out = rawPush.getOutputStream();
        handshakeAsPush(out);
        out.write(frame("short".getBytes(StandardCharsets.US_ASCII)));
        out.write(frame(new byte[300])); // long form
        out.flush();
        assertEquals("short", pull.recv(Interop.WAIT).string(0));
        Msg longOne = pull.recv(Interop.WAIT);
        assertNotNull(longOne);
        assertEquals(300, longOne.frame(0).length);
        // zmq4j sent its greeting and READY and keeps the connection open
        InputStream in = rawPush.getInputStream();
        byte[] greeting = in.readNBytes(64);
        assertEquals((byte) 0xFF, greeting[0]);
        assertEquals(3, greeting[10]);
        rawPush.setSoTimeout(300);
        try {
            byte[] buf = new byte[256];
            while (true) {
                if (in.read(buf) < 0) {
                    fail("zmq4j closed a well-behaved connection");
                }
            }
        } catch (SocketTimeoutException expected) {
            // still open
        }
        assertSocketStillServes();
    }

    // ---- the bad peers ----

    @Test
    void garbageInsteadOfAGreetingClosesOnlyThatConnection() throws IOException {
        // As libzmq, a first octet other than %xFF starts a ZMTP 1.0 identity frame ('G': 70
        // octets): this one never ends, so the handshake interval closes the connection
        Socket strict = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO).setHandshakeInterval(Duration.ofMillis(500));
        URI u = URI.create(strict.bind("tcp://127.0.0.1:*"));
        java.net.Socket bad = new java.net.Socket();
        raw.add(bad);
        bad.connect(new InetSocketAddress(u.getHost(), u.getPort()), (int) Interop.WAIT.toMillis());
        bad.setSoTimeout((int) Interop.WAIT.toMillis());
        bad.getOutputStream().write("GET / HTTP/1.1\r\nHost: example\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertClosedByZmq4j(bad);
        assertSocketStillServes();
    }

    @Test
    void garbageThatEndsAZmtp10IdentityAndThenBreaksItsFramingClosesOnlyThatConnection() throws IOException {
        java.net.Socket bad = badPeer();
        // a ZMTP 1.0 identity frame (length 3: flags and "xy"), then a frame of length 0,
        // which libzmq refuses too
        bad.getOutputStream().write(new byte[] {3, 0, 'x', 'y', 0});
        assertClosedByZmq4j(bad);
        assertSocketStillServes();
    }

    @Test
    void greetingWithAnUnknownMechanismClosesOnlyThatConnection() throws IOException {
        java.net.Socket bad = badPeer();
        bad.getOutputStream().write(greeting("BOGUS"));
        assertClosedByZmq4j(bad);
        assertSocketStillServes();
    }

    @Test
    void frameOverMaxMsgSizeClosesOnlyThatConnectionAndIsNotDelivered() throws IOException {
        java.net.Socket bad = badPeer();
        OutputStream out = bad.getOutputStream();
        handshakeAsPush(out);
        out.write(frame("fits".getBytes(StandardCharsets.US_ASCII)));
        out.write(frame(new byte[(int) MAX_MSG_SIZE + 1]));
        out.flush();
        // the message before the oversize one is whole and legal: it is delivered
        Msg first = pull.recv(Interop.WAIT);
        assertNotNull(first, "the legal message before the oversize frame was lost");
        assertEquals("fits", first.string(0));
        assertClosedByZmq4j(bad);
        assertSocketStillServes();
    }

    @Test
    void oversizeFrameHeaderAloneClosesTheConnection() throws IOException {
        // the size in the header is enough to refuse: zmq4j must not wait for (or allocate) 2^40 bytes
        java.net.Socket bad = badPeer();
        OutputStream out = bad.getOutputStream();
        handshakeAsPush(out);
        out.write(ByteBuffer.allocate(9).put((byte) 0x02).putLong(1L << 40).array());
        out.flush();
        assertClosedByZmq4j(bad);
        assertSocketStillServes();
    }

    @Test
    void truncatedFrameThenCloseDeliversNothingPartial() throws IOException {
        java.net.Socket bad = badPeer();
        OutputStream out = bad.getOutputStream();
        handshakeAsPush(out);
        out.write(frame("whole".getBytes(StandardCharsets.US_ASCII)));
        out.write(new byte[] {0x00, 100}); // says 100 bytes...
        out.write(new byte[10]); // ...and sends 10
        out.flush();
        Msg whole = pull.recv(Interop.WAIT);
        assertNotNull(whole, "the whole message before the truncated one was lost");
        assertEquals("whole", whole.string(0));
        bad.close();
        assertSocketStillServes(); // includes: no partial message shows up
    }

    @Test
    void truncatedMultipartMessageThenCloseDeliversNoneOfItsFrames() throws IOException {
        java.net.Socket bad = badPeer();
        OutputStream out = bad.getOutputStream();
        handshakeAsPush(out);
        out.write(new byte[] {0x01, 4, 'p', 'a', 'r', 't'}); // MORE: a first frame of a message never finished
        out.flush();
        bad.close();
        assertSocketStillServes();
    }

    @Test
    void wrongSocketTypeClosesOnlyThatConnection() throws IOException {
        java.net.Socket bad = badPeer();
        OutputStream out = bad.getOutputStream();
        out.write(greeting("NULL"));
        out.write(ready("PUB")); // PUB cannot talk to PULL
        out.write(frame("must not arrive".getBytes(StandardCharsets.US_ASCII)));
        out.flush();
        assertClosedByZmq4j(bad);
        assertSocketStillServes(); // includes: the PUB's message did not arrive
    }

    @Test
    void messageFrameBeforeReadyClosesOnlyThatConnection() throws IOException {
        java.net.Socket bad = badPeer();
        OutputStream out = bad.getOutputStream();
        out.write(greeting("NULL"));
        out.write(frame("too early".getBytes(StandardCharsets.US_ASCII)));
        out.flush();
        assertClosedByZmq4j(bad);
        assertSocketStillServes();
    }

    @Test
    void peerThatStallsInTheHandshakeIsDroppedAfterTheHandshakeInterval() throws IOException {
        Socket strict = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO).setHandshakeInterval(Duration.ofMillis(300));
        String ep = strict.bind("tcp://127.0.0.1:*");
        URI u = URI.create(ep);
        java.net.Socket bad = new java.net.Socket();
        raw.add(bad);
        bad.connect(new InetSocketAddress(u.getHost(), u.getPort()), (int) Interop.WAIT.toMillis());
        bad.setSoTimeout((int) Interop.WAIT.toMillis());
        bad.getOutputStream().write(new byte[] {(byte) 0xFF, 0, 0}); // three bytes of a signature, then nothing
        assertClosedByZmq4j(bad);
        assertSocketStillServes();
    }
}
