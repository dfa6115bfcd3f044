package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What zmq4j puts on the wire, read byte by byte by a hand-driven peer. */
@Timeout(30)
class WireTest {
    private final Context ctx = Context.create();

    @AfterEach
    void close() {
        ctx.close();
    }

    @Test
    void subscriptionsGoAsSubscribeAndCancelCommandsToAZmtp31Publisher() throws Exception {
        try (RawZmtpPeer pub = new RawZmtpPeer()) {
            Socket sub = ctx.socket(SocketType.SUB).setLinger(Duration.ZERO);
            sub.subscribe("abc");
            sub.connect(pub.endpoint());
            pub.acceptAndHandshake(1, "PUB");
            RawZmtpPeer.Frame f = pub.readFrame();
            assertTrue(f.command());
            assertEquals("SUBSCRIBE", f.commandName());
            assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), f.commandData());
            sub.unsubscribe("abc");
            RawZmtpPeer.Frame c = pub.readFrame();
            assertEquals("CANCEL", c.commandName());
        }
    }

    @Test
    void subscriptionsGoAsPrefixedMessagesToAZmtp30Publisher() throws Exception {
        try (RawZmtpPeer pub = new RawZmtpPeer()) {
            Socket sub = ctx.socket(SocketType.SUB).setLinger(Duration.ZERO);
            sub.subscribe("abc");
            sub.connect(pub.endpoint());
            pub.acceptAndHandshake(0, "PUB");
            RawZmtpPeer.Frame f = pub.readFrame();
            assertFalse(f.command());
            assertEquals("\u0001abc", new String(f.body, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void pingIsAnsweredWithAPongEchoingTheContext() throws Exception {
        try (RawZmtpPeer peer = new RawZmtpPeer()) {
            Socket dealer = ctx.socket(SocketType.DEALER).setLinger(Duration.ZERO);
            dealer.connect(peer.endpoint());
            peer.acceptAndHandshake(1, "ROUTER");
            peer.writeFrame(4, new byte[] {4, 'P', 'I', 'N', 'G', 0, 10, 'c', 't', 'x'});
            RawZmtpPeer.Frame pong = peer.readFrame();
            assertEquals("PONG", pong.commandName());
            assertArrayEquals("ctx".getBytes(StandardCharsets.US_ASCII), pong.commandData());
        }
    }

    @Test
    void heartbeatsSendPingsCarryingTheTtlInTenthsOfASecond() throws Exception {
        try (RawZmtpPeer peer = new RawZmtpPeer()) {
            Socket dealer = ctx.socket(SocketType.DEALER).setLinger(Duration.ZERO)
                    .setHeartbeat(Duration.ofMillis(50), Duration.ofSeconds(5))
                    .setHeartbeatTtl(Duration.ofMillis(2500));
            dealer.connect(peer.endpoint());
            peer.acceptAndHandshake(1, "ROUTER");
            RawZmtpPeer.Frame ping = peer.readFrame();
            assertEquals("PING", ping.commandName());
            byte[] d = ping.commandData();
            assertEquals(25, ((d[0] & 0xFF) << 8) | (d[1] & 0xFF));
        }
    }

    @Test
    void multipartMessageFramesCarryMoreOnAllButTheLast() throws Exception {
        try (RawZmtpPeer peer = new RawZmtpPeer()) {
            Socket dealer = ctx.socket(SocketType.DEALER).setLinger(Duration.ZERO);
            dealer.connect(peer.endpoint());
            peer.acceptAndHandshake(1, "ROUTER");
            dealer.send(Msg.of(new byte[] {1}, new byte[0], new byte[300]));
            RawZmtpPeer.Frame a = peer.readFrame();
            RawZmtpPeer.Frame b = peer.readFrame();
            RawZmtpPeer.Frame c = peer.readFrame();
            assertEquals(1, a.flags);
            assertEquals(1, b.flags);
            assertEquals(0, b.body.length);
            assertEquals(0, c.flags & 1);
            assertEquals(300, c.body.length);
        }
    }
}
