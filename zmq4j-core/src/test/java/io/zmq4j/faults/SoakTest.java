package io.zmq4j.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import io.zmq4j.ZmqException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Peers that die: child JVMs sending multipart messages of up to 128 KiB through many
 * connections, and a REP server, each killed (SIGKILL) at random moments, mid-message as often
 * as not, and started again, for {@code zmq4j.soak.seconds} (two minutes in the build,
 * {@code bench/soak MINUTES} for longer). The zmq4j side must deliver no torn, repeated or
 * skipped message within a sender's life, answer every REQ exactly with its own reply, and
 * hold no file descriptor, thread, connection or pooled buffer afterwards.
 */
@Tag("faults") // own JVM: its leak counts are per process (see the core pom)
class SoakTest {
    private static final int SECONDS = Integer.getInteger("zmq4j.soak.seconds", 20);
    private static final int PUSHERS = 3;
    private static final int SOCKETS_PER_PUSHER = 8;
    private static final int CLIENTS = 12;
    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(1500);

    private final AtomicReference<String> problem = new AtomicReference<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong deliveredBytes = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private volatile boolean running = true;
    /** Set once the kills stop: from then on every client and every sender's last life must get through. */
    private volatile boolean settled;
    private final java.util.concurrent.atomic.AtomicLongArray answeredSinceSettled = new java.util.concurrent.atomic.AtomicLongArray(CLIENTS);
    private final java.util.Set<String> streamsSinceSettled = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private void fail(String what) {
        problem.compareAndSet(null, what);
    }

    @Test // no @Timeout: its length is a property; every wait in it has a deadline
    void killedPeersLoseNoAcknowledgedMessageAndLeaveNothingBehind() throws Exception {
        Leaks.warmUp();
        Leaks before = Leaks.count();
        soak();
        Leaks.assertNoneSince(before);
    }

    /**
     * The soak itself, in a method of its own so that its closed context and sockets are
     * unreachable when the leaks are counted: a local of the test method's frame would keep the
     * closed PULL alive, and with it what the I/O thread delivered in the moment after its close
     * (the close gives back what had arrived; later arrivals go with the socket, bench/FINDINGS.md §32).
     */
    private void soak() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int kills = 0;
        List<Thread> threads = new ArrayList<>();
        String[] names = new String[PUSHERS + 1];
        LineProcess[] children = new LineProcess[PUSHERS + 1];
        try (Context ctx = Context.create(); Socket pull = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO).setReceiveHwm(100)) {
            String pushTo = pull.bind("tcp://127.0.0.1:*");
            String repAt = "tcp://127.0.0.1:" + freePort();
            threads.add(start("soak receiver", () -> receive(pull)));
            for (int c = 0; c < CLIENTS; c++) {
                int id = c;
                threads.add(start("soak client " + c, () -> request(ctx, repAt, id)));
            }
            int[] incarnation = new int[PUSHERS + 1];
            for (int i = 0; i <= PUSHERS; i++) {
                children[i] = launch(i, incarnation[i], pushTo, repAt);
            }
            long end = System.nanoTime() + SECONDS * 1_000_000_000L;
            while (System.nanoTime() < end && problem.get() == null) {
                Thread.sleep(200 + random.nextInt(1300));
                int victim = random.nextInt(PUSHERS + 1);
                children[victim].kill();
                kills++;
                children[victim] = launch(victim, ++incarnation[victim], pushTo, repAt);
            }
            // recovery: after the last kill, every client is answered again and every sender's
            // current life delivers; this is what fails if reconnection is broken
            settled = true;
            long recovery = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < recovery && problem.get() == null && !recovered(incarnation)) {
                Thread.sleep(50);
            }
            if (!recovered(incarnation)) {
                fail("no recovery within 30 s of the last kill: clients answered since " + answeredSinceSettled
                        + ", streams delivering since " + streamsSinceSettled.size() + " of " + PUSHERS * SOCKETS_PER_PUSHER);
            }
            // the senders go first: a PULL nobody reads would queue up to its HWM of 128 KiB
            // messages on each of the 24 connections
            for (LineProcess child : children) {
                child.kill();
            }
            running = false;
            long joinBy = System.nanoTime() + 10_000_000_000L;
            for (Thread t : threads) {
                t.join(Math.max(1, (joinBy - System.nanoTime()) / 1_000_000));
                if (t.isAlive()) {
                    fail(t.getName() + " still running 10 s after the end");
                }
            }
        } finally {
            running = false;
            for (LineProcess child : children) {
                if (child != null) {
                    child.kill();
                }
            }
        }
        String summary = "seed " + seed + ", " + SECONDS + " s, " + kills + " kills, " + delivered + " messages (" + deliveredBytes.get() / (1 << 20) + " MiB) delivered, "
                + answered + " requests answered, " + retried + " retried";
        System.out.println("soak: " + summary);
        assertNull(problem.get(), summary);
        assertTrue(kills >= SECONDS / 3, "too few kills to prove anything: " + summary);
        assertTrue(delivered.get() > 0 && answered.get() > 0, summary);
        assertTrue(retried.get() > 0, "no request was ever caught by a kill: " + summary);
    }

    private boolean recovered(int[] incarnation) {
        for (int c = 0; c < CLIENTS; c++) {
            if (answeredSinceSettled.get(c) == 0) {
                return false;
            }
        }
        for (int p = 0; p < PUSHERS; p++) {
            for (int i = 0; i < SOCKETS_PER_PUSHER; i++) {
                if (!streamsSinceSettled.contains("p" + p + "." + incarnation[p] + "/" + i)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static LineProcess launch(int i, int incarnation, String pushTo, String repAt) {
        LineProcess p = i < PUSHERS
                ? NetPeer.start(null, "soak-push", pushTo, "p" + i + "." + incarnation, String.valueOf(SOCKETS_PER_PUSHER))
                : NetPeer.start(null, "echo", "REP", repAt);
        p.expect("READY", Duration.ofSeconds(30));
        return p;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Thread start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Every stream (one sender socket in one life) must arrive whole, in order, with no gap. */
    private void receive(Socket pull) {
        Map<String, Long> next = new HashMap<>();
        while (running) {
            Msg m = pull.recv(Duration.ofMillis(200));
            if (m == null) {
                continue;
            }
            try (m) {
                String stream = m.string(0);
                long due = next.getOrDefault(stream, 0L);
                String wrong = NetPeer.checkSoakMessage(m, due);
                if (wrong != null) {
                    fail("stream " + stream + ": " + wrong);
                    return;
                }
                next.put(stream, due + 1);
                delivered.incrementAndGet();
                if (settled) {
                    streamsSinceSettled.add(stream);
                }
                deliveredBytes.addAndGet(m.buffer(2).remaining());
            }
        }
    }

    /**
     * A lazy-pirate client: a request unanswered in time is sent again (relaxed), and only its
     * own reply may answer it (correlated), however many servers died in between.
     */
    private void request(Context ctx, String endpoint, int id) {
        try (Socket req = ctx.socket(SocketType.REQ).setLinger(Duration.ZERO)) {
            req.setReqRelaxed(true).setReqCorrelate(true).setReconnectInterval(Duration.ofMillis(50));
            req.connect(endpoint);
            for (long k = 0; running; k++) {
                String request = id + ":" + k;
                Msg reply = null;
                for (boolean first = true; running && reply == null; first = false) {
                    if (!first) {
                        retried.incrementAndGet();
                    }
                    // with a timeout: a REQ with no peer at all (reconnection broken) blocks in send
                    if (req.send(Msg.of(request), REQUEST_TIMEOUT)) {
                        reply = req.recv(REQUEST_TIMEOUT);
                    }
                }
                if (reply != null) {
                    if (!request.equals(reply.string(0))) {
                        fail("request " + request + " answered with " + reply.string(0));
                        return;
                    }
                    answered.incrementAndGet();
                    if (settled) {
                        answeredSinceSettled.incrementAndGet(id);
                    }
                }
            }
        } catch (ZmqException e) {
            if (e.kind() != ZmqException.Kind.ETERM) {
                fail("client " + id + ": " + e);
            }
        }
    }
}
