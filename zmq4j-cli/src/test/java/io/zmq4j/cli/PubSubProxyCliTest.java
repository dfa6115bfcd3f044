package io.zmq4j.cli;

import static io.zmq4j.cli.CliTest.WAIT;
import static io.zmq4j.cli.CliTest.assertOk;
import static io.zmq4j.cli.CliTest.assertUsage;
import static io.zmq4j.cli.CliTest.await;
import static io.zmq4j.cli.CliTest.run;
import static io.zmq4j.cli.CliTest.start;
import static io.zmq4j.cli.CliTest.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Context;
import io.zmq4j.Event;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** recv -t SUB --subscribe, and zmq4j proxy stopped through a stand-in for Ctrl-C. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PubSubProxyCliTest {
    /** Publishes topics A, B and C every few milliseconds until {@code until} completes. */
    private static void publishUntil(Socket pub, CompletableFuture<?> until) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (int i = 0; !until.isDone() && System.nanoTime() < deadline; i++) {
            pub.send(Msg.of("C-skip", "" + i));
            pub.send(Msg.of("A-news", "" + i));
            pub.send(Msg.of("B-sport", "" + i));
            try {
                until.get(5, TimeUnit.MILLISECONDS); // paces the loop; returns once the receiver is done
            } catch (TimeoutException notYet) {
                // publish again until the subscription has landed and enough arrived
            }
        }
    }

    @Test
    void subWithSubscribeReceivesOnlyMatchingTopics() throws Exception {
        String ep = tcp();
        try (Context ctx = Context.create(); Socket pub = ctx.socket(SocketType.PUB)) {
            pub.setLinger(Duration.ZERO);
            pub.bind(ep);
            CompletableFuture<CliTest.Result> recv = start("recv", "-t", "sub", "-c", ep, "--subscribe", "A",
                    "--subscribe", "B-", "-n", "6", "--timeout", WAIT, "--linger", "0");
            publishUntil(pub, recv);
            CliTest.Result r = await(recv);
            assertOk(r);
            String[] lines = r.out().split("\n");
            assertEquals(6, lines.length, r.out());
            boolean sawA = false;
            boolean sawB = false;
            for (String line : lines) {
                assertTrue(line.startsWith("A-news\t") || line.startsWith("B-sport\t"), line);
                sawA |= line.startsWith("A-news\t");
                sawB |= line.startsWith("B-sport\t");
            }
            assertTrue(sawA && sawB, r.out());
        }
    }

    @Test
    void subWithoutSubscribeReceivesEverything() throws Exception {
        String ep = tcp();
        try (Context ctx = Context.create(); Socket pub = ctx.socket(SocketType.PUB)) {
            pub.setLinger(Duration.ZERO);
            pub.bind(ep);
            CompletableFuture<CliTest.Result> recv = start("recv", "-t", "SUB", "-c", ep, "-n", "3", "--timeout", WAIT, "--linger", "0");
            publishUntil(pub, recv);
            CliTest.Result r = await(recv);
            assertOk(r);
            assertEquals(3, r.out().split("\n").length, r.out());
            assertTrue(r.out().contains("C-skip\t"), "the first of each round is C-skip: " + r.out());
        }
    }

    @Test
    void subscribeIsOnlyForSubAndXsub() throws Exception {
        String ep = tcp();
        assertUsage(run("recv", "-c", ep, "--subscribe", "A"), "--subscribe");
        assertUsage(run("recv", "-t", "dealer", "-c", ep, "--subscribe", "A"), "SUB");
        // XSUB is accepted (times out with nobody publishing)
        CliTest.Result x = run("recv", "-t", "xsub", "-c", ep, "--subscribe", "A", "--timeout", "100", "--linger", "0");
        assertEquals(1, x.status(), x.err());
        assertTrue(x.err().contains("timed out"), x.err());
    }

    /** Stands in for the JVM shutdown hook: the test fires the action instead of sending SIGINT. */
    static final class TestStop implements Zmq4jCli.StopHook {
        final CountDownLatch installed = new CountDownLatch(1);
        final CountDownLatch undone = new CountDownLatch(1);
        volatile Runnable action;

        @Override
        public Runnable install(Runnable a) {
            action = a;
            installed.countDown();
            return undone::countDown;
        }

        /** Runs the stop action on its own thread, as the JVM runs a shutdown hook. */
        Thread fire() {
            Thread t = new Thread(action, "test-stop");
            t.start();
            return t;
        }
    }

    private static CompletableFuture<CliTest.Result> startProxy(TestStop stop, String... args) {
        return CompletableFuture.supplyAsync(() -> {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int status = Zmq4jCli.run(args, new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true),
                    new PrintWriter(err, true), stop);
            return new CliTest.Result(status, out.toString(), err.toString());
        });
    }

    /**
     * Waits until the proxy has opened its sockets (it installs its stop hook then). A proxy that
     * ends first fails with what it printed, rather than as a proxy that never started.
     */
    private static void awaitStarted(TestStop stop, CompletableFuture<CliTest.Result> proxy) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!stop.installed.await(20, TimeUnit.MILLISECONDS)) {
            if (proxy.isDone()) {
                CliTest.Result r = proxy.get();
                throw new AssertionError("the proxy ended before it started: status " + r.status() + ", stderr: " + r.err());
            }
            assertTrue(System.nanoTime() - deadline < 0, "the proxy did not start within 30 s");
        }
    }

    @Test
    void proxyForwardsPullToPushWithACaptureAndStopsCleanly() throws Exception {
        String in = tcp();
        String outEp = tcp();
        String cap = tcp();
        TestStop stop = new TestStop();
        CompletableFuture<CliTest.Result> proxy = startProxy(stop, "proxy", "--frontend", "PULL@" + in,
                "--backend", "push@" + outEp, "--capture", "PUSH@" + cap);
        awaitStarted(stop, proxy);
        try (Context ctx = Context.create();
             Socket push = ctx.socket(SocketType.PUSH);
             Socket pull = ctx.socket(SocketType.PULL);
             Socket copies = ctx.socket(SocketType.PULL)) {
            for (Socket s : new Socket[] {push, pull, copies}) {
                s.setLinger(Duration.ZERO);
            }
            // the capture copy is sent without blocking: wait for its connection first
            CountDownLatch captureUp = new CountDownLatch(1);
            try (Socket.Registration r = copies.onEvent(EnumSet.of(Event.HANDSHAKE_SUCCEEDED), e -> captureUp.countDown())) {
                copies.connect(cap);
                assertTrue(captureUp.await(10, TimeUnit.SECONDS), "capture connection");
            }
            pull.connect(outEp);
            push.connect(in);
            for (int i = 1; i <= 3; i++) {
                push.send(Msg.of("job", "" + i));
            }
            for (int i = 1; i <= 3; i++) {
                Msg m = pull.recv(Duration.ofSeconds(10));
                assertNotNull(m, "message " + i + " through the proxy");
                assertEquals("job", m.string(0));
                assertEquals("" + i, m.string(1));
                Msg c = copies.recv(Duration.ofSeconds(10));
                assertNotNull(c, "capture copy " + i);
                assertEquals("" + i, c.string(1));
            }
        }
        assertFalse(proxy.isDone(), "the proxy runs until interrupted");
        stop.fire().join(10_000);
        CliTest.Result r = await(proxy);
        assertOk(r);
        assertEquals("", r.err());
        assertTrue(stop.undone.await(1, TimeUnit.SECONDS), "the stop hook is removed when the proxy ends");
    }

    @Test
    void proxyConnectsWithGreaterThan() throws Exception {
        String front = tcp();
        String back = tcp();
        try (Context ctx = Context.create();
             Socket push = ctx.socket(SocketType.PUSH);
             Socket pull = ctx.socket(SocketType.PULL)) {
            push.setLinger(Duration.ZERO);
            pull.setLinger(Duration.ZERO);
            push.bind(front);
            pull.bind(back);
            TestStop stop = new TestStop();
            CompletableFuture<CliTest.Result> proxy = startProxy(stop, "proxy", "--frontend", "pull>" + front, "--backend", "PUSH>" + back);
            awaitStarted(stop, proxy);
            assertTrue(push.send(Msg.of("connected both ways"), Duration.ofSeconds(10)));
            Msg m = pull.recv(Duration.ofSeconds(10));
            assertNotNull(m);
            assertEquals("connected both ways", m.string(0));
            stop.fire().join(10_000);
            assertOk(await(proxy));
        }
    }

    @Test
    void badProxySpecsAreUsageErrors() throws Exception {
        String ep = tcp();
        assertUsage(run("proxy", "--frontend", "PULL" + ep, "--backend", "PUSH@" + tcp()), "TYPE@ENDPOINT");
        assertUsage(run("proxy", "--frontend", "NOPE@" + ep, "--backend", "PUSH@" + tcp()), "NOPE");
        assertUsage(run("proxy", "--frontend", "PULL@bogus", "--backend", "PUSH@" + tcp()), "bogus");
        assertUsage(run("proxy", "--frontend", "PULL@" + ep, "--backend", "PUSH>carrier-pigeon://x"), "carrier-pigeon");
        assertUsage(run("proxy", "--frontend", "PULL@" + ep, "--backend", "PUSH@"), "no endpoint");
        assertUsage(run("proxy", "--frontend", "PULL@" + ep), "--backend");
    }
}
