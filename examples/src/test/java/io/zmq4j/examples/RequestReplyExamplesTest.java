package io.zmq4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Context;
import io.zmq4j.CurveKeyPair;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import io.zmq4j.Event;
import io.zmq4j.ZmqException;
import io.zmq4j.config.ConfigFile;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The libzmq-rs guide's three request-reply examples, in Java. */
@Timeout(60)
class RequestReplyExamplesTest {
    @Test
    void basicServerAnswersEveryPingAndItsLoopEndsWithEtermWhenTheContextShutsDown() throws Exception {
        Captured c = new Captured();
        assertEquals(ZmqException.Kind.ETERM, BasicRequestReply.run(c.out, 5));
        assertEquals(5, c.lines().stream().filter("client: pong"::equals).count(), c::dump);
        assertTrue(c.lines().contains("server: ETERM, stopping"), c::dump);
    }

    @Test
    void reliableServerDropsTheReplyItCannotRouteAndServesTheNextClient() throws Exception {
        Captured c = new Captured();
        ReliableRequestReply.Outcome o = ReliableRequestReply.run(c.out);
        String text = c.dump();
        assertTrue(o.impatientClientGotNothing(), text);
        assertEquals(1, o.dropped(), text);
        assertTrue(text.contains("server: dropped a reply (EHOSTUNREACH), serving on"), text);
        assertEquals("pong", o.patientClientGot(), text);
        assertEquals(1, o.replied(), text);
    }

    @Test
    void reliableServerDropsRepliesToAClientThatDoesNotReadAndServesTheNext() throws Exception {
        // over inproc nothing but the two high-water marks holds replies, so a client that never
        // reads fills its queue and the server's sends time out (EAGAIN) after 300 ms each
        Captured c = new Captured();
        AtomicInteger replied = new AtomicInteger();
        AtomicInteger dropped = new AtomicInteger();
        int requests = 15;
        try (Context ctx = Context.create()) {
            Socket server = ReliableRequestReply.reliable(ctx.socketBuilder(SocketType.SERVER)).sendHwm(2).bind("inproc://reliable").build();
            CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> ReliableRequestReply.serve(server, c.out, replied, dropped));
            try (Socket greedy = ReliableRequestReply.reliable(ctx.socketBuilder(SocketType.CLIENT)).receiveHwm(2).linger(Duration.ZERO)
                    .connect("inproc://reliable").build()) {
                for (int i = 0; i < requests; i++) {
                    greedy.send("ping");
                }
                try (Socket next = ReliableRequestReply.reliable(ctx.socketBuilder(SocketType.CLIENT)).receiveTimeout(Duration.ofSeconds(20))
                        .connect("inproc://reliable").build()) {
                    next.send("ping");
                    assertEquals("pong", next.recvString(), c::dump);
                }
                // the greedy client's queue fills: the server's sends to it time out, one 300 ms each
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (dropped.get() == 0 && System.nanoTime() < deadline) {
                    java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                }
                // and it still serves: another client is answered after the drops
                try (Socket after = ReliableRequestReply.reliable(ctx.socketBuilder(SocketType.CLIENT)).receiveTimeout(Duration.ofSeconds(20))
                        .connect("inproc://reliable").build()) {
                    after.send("ping");
                    assertEquals("pong", after.recvString(), c::dump);
                }
            }
            ctx.close();
            serving.get(10, TimeUnit.SECONDS);
        }
        String text = c.dump();
        assertTrue(text.contains("server: dropped a reply (EAGAIN), serving on"), text);
        assertTrue(dropped.get() > 0, text);
        assertTrue(replied.get() >= 2, text); // at least the two other clients' pongs
    }

    @Test
    void secureClientInTheRegistryGetsItsPong() throws Exception {
        Captured c = new Captured();
        SecureRequestReply.Outcome o = SecureRequestReply.run(c.out, SecureRequestReply.bundled());
        assertEquals(Event.HANDSHAKE_SUCCEEDED, o.handshake(), c::dump);
        assertEquals("pong", o.reply(), c::dump);
    }

    @Test
    void secureClientNotInTheRegistryIsRefusedWithHandshakeFailedAuthAndDeliversNothing() throws Exception {
        String yaml = SecureRequestReply.bundledText();
        ConfigFile good = ConfigFile.parseYaml(yaml, "secure.yml");
        CurveKeyPair registered = good.socket("client").builder(io.zmq4j.SocketType.CLIENT).get(io.zmq4j.SocketOption.MECHANISM).keyPair();
        CurveKeyPair stranger = CurveKeyPair.generate();
        // the same file with only the client's own keys changed: the registry does not know them
        String strangerYaml = yaml.replace("public: \"" + registered.publicZ85() + "\"", "public: \"" + stranger.publicZ85() + "\"")
                .replace("secret: \"" + registered.secretZ85() + "\"", "secret: \"" + stranger.secretZ85() + "\"");
        ConfigFile bad = ConfigFile.parseYaml(strangerYaml, "stranger.yml");
        assertEquals(stranger.publicZ85(),
                bad.socket("client").builder(io.zmq4j.SocketType.CLIENT).get(io.zmq4j.SocketOption.MECHANISM).keyPair().publicZ85());
        Captured c = new Captured();
        SecureRequestReply.Outcome o = SecureRequestReply.run(c.out, bad);
        assertEquals(Event.HANDSHAKE_FAILED_AUTH, o.handshake(), c::dump);
        assertNull(o.delivered(), c::dump);
        assertNull(o.reply(), c::dump);
    }
}
