package io.zmq4j.cli;

import static io.zmq4j.cli.CliTest.WAIT;
import static io.zmq4j.cli.CliTest.assertOk;
import static io.zmq4j.cli.CliTest.assertUsage;
import static io.zmq4j.cli.CliTest.await;
import static io.zmq4j.cli.CliTest.run;
import static io.zmq4j.cli.CliTest.start;
import static io.zmq4j.cli.CliTest.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** --monitor and --heartbeat on the socket commands. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SocketEventsCliTest {
    private static boolean hasLine(CliTest.Result r, String start) {
        return Arrays.stream(r.errLines()).anyMatch(l -> l.startsWith(start));
    }

    @Test
    void monitorPrintsListeningAndAcceptedOnStderr() throws Exception {
        String ep = tcp();
        CompletableFuture<CliTest.Result> recv = start("recv", "-b", ep, "-n", "1", "--monitor", "--timeout", WAIT, "--linger", "0");
        try (Context ctx = Context.create(); Socket push = ctx.socket(SocketType.PUSH)) {
            push.setLinger(Duration.ofSeconds(10));
            push.connect(ep);
            push.send(Msg.of("watched"));
            CliTest.Result r = await(recv);
            assertOk(r);
            assertEquals("watched\n", r.out());
            assertTrue(hasLine(r, "LISTENING " + ep), r.err());
            assertTrue(hasLine(r, "ACCEPTED " + ep), r.err());
            assertTrue(hasLine(r, "HANDSHAKE_SUCCEEDED "), r.err());
            for (String line : r.errLines()) {
                assertTrue(line.matches("[A-Z_]+ .*"), "each line begins with an event name: " + line);
            }
        }
    }

    @Test
    void monitorOnAConnectingSendShowsConnected() throws Exception {
        String ep = tcp();
        try (Context ctx = Context.create(); Socket pull = ctx.socket(SocketType.PULL)) {
            pull.setLinger(Duration.ZERO);
            pull.bind(ep);
            CliTest.Result r = run("send", "-c", ep, "--monitor", "--timeout", WAIT, "--linger", WAIT, "hi");
            assertOk(r);
            assertTrue(hasLine(r, "CONNECTED " + ep), r.err());
            assertEquals("hi", pull.recv(Duration.ofSeconds(10)).string(0));
        }
    }

    @Test
    void heartbeatValuesAreAccepted() throws Exception {
        for (String hb : new String[] {"100", "100,300", "100,300,1000"}) {
            String ep = tcp();
            CompletableFuture<CliTest.Result> echo = start("echo", "-t", "rep", "-b", ep, "-n", "1", "--heartbeat", hb,
                    "--timeout", WAIT, "--linger", "0");
            CliTest.Result req = run("send", "-t", "req", "-c", ep, "--heartbeat", hb, "--timeout", WAIT, "--linger", "0", "beat");
            assertOk(req);
            assertEquals("beat\n", req.out());
            assertOk(await(echo));
        }
    }

    @Test
    void heartbeatKeepsAQuietConnectionAlive() throws Exception {
        // PINGs every 100 ms with a 400 ms timeout: the peer (zmq4j) answers with PONGs, so the
        // connection survives for three timeouts and no DISCONNECTED event is printed
        String ep = tcp();
        CompletableFuture<CliTest.Result> recv = start("recv", "-b", ep, "-n", "1", "--heartbeat", "100,400", "--monitor",
                "--timeout", WAIT, "--linger", "0");
        try (Context ctx = Context.create(); Socket push = ctx.socket(SocketType.PUSH)) {
            push.setLinger(Duration.ofSeconds(10));
            push.connect(ep);
            long quietUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1200);
            while (System.nanoTime() < quietUntil) {
                assertTrue(!recv.isDone(), "recv ended early");
                Thread.sleep(20); // nothing to wait for: the point is a quiet connection
            }
            push.send(Msg.of("still here"));
            CliTest.Result r = await(recv);
            assertOk(r);
            assertEquals("still here\n", r.out());
            assertEquals(1, Arrays.stream(r.errLines()).filter(l -> l.startsWith("ACCEPTED ")).count(), r.err());
            assertTrue(!hasLine(r, "DISCONNECTED "), r.err());
        }
    }

    @Test
    void badHeartbeatIsAUsageError() throws Exception {
        String ep = tcp();
        assertUsage(run("recv", "-c", ep, "--heartbeat", "soon"), "--heartbeat");
        assertUsage(run("send", "-c", ep, "--heartbeat", "100,x", "m"), "--heartbeat");
        assertUsage(run("echo", "-c", ep, "--heartbeat", "1,2,3,4"), "--heartbeat");
        assertUsage(run("recv", "-c", ep, "--heartbeat", "-5"), "--heartbeat");
        assertUsage(run("recv", "-c", ep, "--heartbeat", ""), "--heartbeat");
        // a TTL past ZMTP's 16-bit tenths of a second is refused by the socket: still a usage error
        assertUsage(run("recv", "-c", ep, "--heartbeat", "100,100,7000000"), "HEARTBEAT_TTL");
    }
}
