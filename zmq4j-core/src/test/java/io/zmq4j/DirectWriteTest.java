package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A socket's thread writes a message straight to the connection when the engine's output is
 * idle, while the I/O thread may at the same moment want the output for a PING, a PONG, the
 * rest of a partial write or a close. These tests make the two race and check that nothing is
 * lost, reordered, interleaved mid-frame or left hanging.
 */
@Timeout(60)
class DirectWriteTest {
    private final Context ctx = newContext();

    /** The context the races run in; {@link DirectWriteWithSpinningIoTest} makes its I/O thread poll. */
    Context newContext() {
        return Context.create();
    }

    @AfterEach
    void close() {
        ctx.close();
    }

    private static byte[] payload(Random rnd, int i) {
        // mostly small (the direct path), now and then larger than the engine's 16 KiB buffer
        // (a direct write that hands the rest of its message to the I/O thread)
        int size = i % 50 == 0 ? 16 * 1024 + rnd.nextInt(48 * 1024) : rnd.nextInt(300);
        byte[] b = new byte[size + 4];
        rnd.nextBytes(b);
        b[0] = (byte) (i >>> 24);
        b[1] = (byte) (i >>> 16);
        b[2] = (byte) (i >>> 8);
        b[3] = (byte) i;
        return b;
    }

    @ParameterizedTest
    @ValueSource(strings = {"NULL", "PLAIN", "CURVE"})
    void repliesStayIntactAndInOrderWhileHeartbeatsRaceTheDirectWrites(String mechanism) {
        Socket rep = ctx.socket(SocketType.REP).setLinger(Duration.ZERO)
                .setHeartbeat(Duration.ofMillis(1), Duration.ofSeconds(10));
        Socket req = ctx.socket(SocketType.REQ).setLinger(Duration.ZERO).setReceiveTimeout(Duration.ofSeconds(10))
                .setHeartbeat(Duration.ofMillis(1), Duration.ofSeconds(10));
        if (mechanism.equals("PLAIN")) {
            rep.setPlainServer(true);
            req.setPlainCredentials("admin", "secret");
        } else if (mechanism.equals("CURVE")) {
            CurveKeyPair server = CurveKeyPair.generate();
            CurveKeyPair client = CurveKeyPair.generate();
            rep.setCurveServer(true).setCurveSecretKey(server.secretKey());
            req.setCurveServerKey(server.publicKey()).setCurvePublicKey(client.publicKey()).setCurveSecretKey(client.secretKey());
        }
        String ep = rep.bind("tcp://127.0.0.1:*");
        req.connect(ep);
        AtomicReference<Throwable> echoFailed = new AtomicReference<>();
        Thread echo = new Thread(() -> {
            try {
                while (true) {
                    Msg m = rep.recv();
                    rep.send(m);
                }
            } catch (ZmqException e) {
                // the context closed under us: the test is over
            } catch (Throwable t) {
                echoFailed.set(t);
            }
        });
        echo.start();
        Random rnd = new Random(42);
        int roundTrips = mechanism.equals("CURVE") ? 2_000 : 10_000;
        for (int i = 0; i < roundTrips; i++) {
            byte[] sent = payload(rnd, i);
            req.send(Msg.of(sent));
            Msg back = req.recv();
            assertNotNull(back, "no reply to round trip " + i);
            assertArrayEquals(sent, back.frame(0), "reply to round trip " + i);
        }
        assertEquals(null, echoFailed.get());
    }

    @Test
    void aStreamThatFillsThePeersWindowArrivesComplete() throws Exception {
        // The PULL does not read at first: the connection's window fills, direct writes end in
        // partial writes and the I/O thread has to finish them.
        Socket pull = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO).setReceiveHwm(10)
                .setReceiveTimeout(Duration.ofSeconds(10));
        Socket push = ctx.socket(SocketType.PUSH).setLinger(Duration.ZERO).setSendHwm(10)
                .setHeartbeat(Duration.ofMillis(1), Duration.ofSeconds(10));
        String ep = pull.bind("tcp://127.0.0.1:*");
        push.connect(ep);
        Random rnd = new Random(7);
        int sent = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        // fill until a send would block: socket queues and both kernel buffers are full
        while (push.send(Msg.of(payload(rnd, sent)), Duration.ofMillis(200))) {
            sent++;
            assertTrue(System.nanoTime() < deadline, "the PUSH never filled up");
        }
        assertTrue(sent > 20, "only " + sent + " sent before the PUSH blocked");
        Random check = new Random(7);
        for (int i = 0; i < sent; i++) {
            Msg m = pull.recv();
            assertNotNull(m, "message " + i + " of " + sent + " never arrived");
            assertArrayEquals(payload(check, i), m.frame(0), "message " + i);
        }
        // and the connection still works both ways round after the backlog
        for (int i = 0; i < 100; i++) {
            push.send(Msg.of(new byte[] {(byte) i}));
            assertArrayEquals(new byte[] {(byte) i}, pull.recv().frame(0));
        }
    }

    @Test
    void aPeerThatClosesMidStreamEndsTheConnectionWithoutHangingTheSender() throws Exception {
        for (int round = 0; round < 20; round++) {
            Socket router = ctx.socket(SocketType.ROUTER).setLinger(Duration.ZERO);
            String ep = router.bind("tcp://127.0.0.1:*");
            Socket dealer = ctx.socket(SocketType.DEALER).setLinger(Duration.ZERO)
                    .setSendTimeout(Duration.ofMillis(50)).setReconnectInterval(Duration.ofMillis(-1))
                    .setHeartbeat(Duration.ofMillis(1), Duration.ofSeconds(10));
            CountDownLatch disconnected = new CountDownLatch(1);
            Socket.Registration reg = dealer.onEvent(EnumSet.of(Event.DISCONNECTED), e -> disconnected.countDown());
            dealer.connect(ep);
            dealer.send(Msg.of("hello"));
            assertNotNull(router.recv(Duration.ofSeconds(5)));
            CountDownLatch sending = new CountDownLatch(1);
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread sender = new Thread(() -> {
                try {
                    byte[] b = new byte[64];
                    for (int i = 0; ; i++) {
                        if (i == 100) {
                            sending.countDown();
                        }
                        if (!dealer.send(Msg.of(b), Duration.ofMillis(50)) && disconnected.getCount() == 0) {
                            return; // the peer is gone and its pipe with it
                        }
                        if (i % 8 == 0) {
                            dealer.recv(Duration.ZERO); // a reader's pause now and then re-arms direct writes
                        }
                    }
                } catch (Throwable t) {
                    failed.set(t);
                }
            });
            sender.start();
            assertTrue(sending.await(10, TimeUnit.SECONDS));
            router.close();
            assertTrue(disconnected.await(10, TimeUnit.SECONDS), "round " + round + ": no DISCONNECTED");
            sender.join(10_000);
            assertFalse(sender.isAlive(), "round " + round + ": the sender hangs");
            assertEquals(null, failed.get());
            reg.close();
            dealer.close();
        }
    }

    @Test
    void closingWithMessagesQueuedAfterADirectWriteStillLingers() {
        Socket pull = ctx.socket(SocketType.PULL).setReceiveTimeout(Duration.ofSeconds(10));
        String ep = pull.bind("tcp://127.0.0.1:*");
        try (Context other = Context.create()) {
            Socket push = other.socket(SocketType.PUSH).setLinger(Duration.ofSeconds(10));
            push.connect(ep);
            for (int i = 0; i < 1000; i++) {
                byte[] b = new byte[i % 100 == 0 ? 40_000 : 10];
                Arrays.fill(b, (byte) i);
                push.send(Msg.of(b));
            }
            push.close();
        } // the context's close waits for the linger
        for (int i = 0; i < 1000; i++) {
            Msg m = pull.recv();
            assertNotNull(m, "message " + i + " lost at close");
            assertEquals(i % 100 == 0 ? 40_000 : 10, m.frame(0).length);
            assertEquals((byte) i, m.frame(0)[0]);
        }
    }
}
