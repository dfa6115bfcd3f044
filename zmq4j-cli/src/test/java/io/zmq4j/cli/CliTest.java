package io.zmq4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Drives the zmq4j commands in this process, with captured output and a supplied stdin. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CliTest {
    /** Long enough for a loaded CI machine, short enough to fail fast. */
    static final String WAIT = "10000";

    record Result(int status, String out, String err) {
        String[] errLines() {
            return err.isEmpty() ? new String[0] : err.split("\n");
        }
    }

    static Result runWithInput(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        int status = Zmq4jCli.run(args, in, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(status, out.toString(), err.toString());
    }

    static Result run(String... args) {
        return runWithInput("", args);
    }

    static CompletableFuture<Result> start(String... args) {
        return CompletableFuture.supplyAsync(() -> run(args));
    }

    static Result await(CompletableFuture<Result> f) throws Exception {
        return f.get(20, TimeUnit.SECONDS);
    }

    static String tcp() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return "tcp://127.0.0.1:" + s.getLocalPort();
        }
    }

    static void assertOk(Result r) {
        assertEquals(0, r.status, () -> "status 0 expected; stderr: " + r.err);
    }

    static void assertUsage(Result r, String mentions) {
        assertEquals(2, r.status, () -> "usage error expected; stderr: " + r.err);
        assertEquals(1, r.errLines().length, () -> "one stderr line expected, got: " + r.err);
        assertTrue(r.err.contains(mentions), () -> "stderr should name '" + mentions + "': " + r.err);
        assertEquals("", r.out);
    }

    @Test
    void sendToRecvOverTcp() throws Exception {
        String ep = tcp();
        CompletableFuture<Result> recv = start("recv", "-t", "pull", "-b", ep, "-n", "2", "--timeout", WAIT, "--linger", "0");
        Result send = run("send", "-t", "PUSH", "-c", ep, "-n", "2", "--timeout", WAIT, "--linger", WAIT, "hello", "world");
        assertOk(send);
        assertEquals("", send.out);
        Result r = await(recv);
        assertOk(r);
        assertEquals("hello\tworld\nhello\tworld\n", r.out);
    }

    @Test
    void sendStartedBeforeTheReceiverWaitsForIt() throws Exception {
        String ep = tcp();
        CompletableFuture<Result> send = start("send", "-c", ep, "--timeout", WAIT, "early");
        try (Context ctx = Context.create(); Socket pull = ctx.socket(SocketType.PULL)) {
            pull.setLinger(Duration.ZERO);
            Thread.sleep(300); // let the sender start connecting to nothing first
            pull.bind(ep);
            Msg m = pull.recv(Duration.ofSeconds(10));
            assertNotNull(m);
            assertEquals("early", m.string(0));
        }
        assertOk(await(send));
    }

    @Test
    void reqSendToEchoRepPrintsTheReply() throws Exception {
        String ep = tcp();
        CompletableFuture<Result> echo = start("echo", "-t", "rep", "-b", ep, "-n", "2", "--timeout", WAIT, "--linger", "0");
        Result req = run("send", "-t", "req", "-c", ep, "-n", "2", "--timeout", WAIT, "--linger", "0", "ping", "");
        assertOk(req);
        assertEquals("ping\t\nping\t\n", req.out);
        assertOk(await(echo));
    }

    @Test
    void stdinLinesAreMessagesWithTabSeparatedFrames() throws Exception {
        String ep = tcp();
        CompletableFuture<Result> recv = start("recv", "-b", ep, "-n", "3", "--timeout", WAIT, "--linger", "0");
        Result send = runWithInput("a\t\tb\nsolo\n\tend\n", "send", "-c", ep, "--timeout", WAIT, "--linger", WAIT);
        assertOk(send);
        Result r = await(recv);
        assertOk(r);
        assertEquals("a\t\tb\nsolo\n\tend\n", r.out);
    }

    @Test
    void emptyFramesArriveAsEmptyFrames() throws Exception {
        String ep = tcp();
        try (Context ctx = Context.create(); Socket pull = ctx.socket(SocketType.PULL)) {
            pull.setLinger(Duration.ZERO);
            pull.bind(ep);
            assertOk(runWithInput("x\t\t\n", "send", "-c", ep, "--timeout", WAIT, "--linger", WAIT));
            Msg m = pull.recv(Duration.ofSeconds(10));
            assertNotNull(m);
            assertEquals(3, m.size());
            assertEquals("x", m.string(0));
            assertEquals(0, m.frame(1).length);
            assertEquals(0, m.frame(2).length);
        }
    }

    @Test
    void binaryFramesPrintAsLowerCaseHex() throws Exception {
        String ep = tcp();
        CompletableFuture<Result> recv = start("recv", "-b", ep, "-n", "1", "--timeout", WAIT, "--linger", "0");
        try (Context ctx = Context.create(); Socket push = ctx.socket(SocketType.PUSH)) {
            push.setLinger(Duration.ofSeconds(10));
            push.connect(ep);
            push.send(Msg.of(new byte[] {0, 1, (byte) 0xAB, (byte) 0xff}, "text".getBytes(StandardCharsets.UTF_8),
                    "tab\there".getBytes(StandardCharsets.UTF_8)));
            Result r = await(recv);
            assertOk(r);
            assertEquals("0x0001abff\ttext\t0x7461620968657265\n", r.out);
        }
    }

    @Test
    void countStopsTheReceiver() throws Exception {
        String ep = tcp();
        CompletableFuture<Result> recv = start("recv", "-b", ep, "-n", "3", "--timeout", WAIT, "--linger", "0");
        try (Context ctx = Context.create(); Socket push = ctx.socket(SocketType.PUSH)) {
            push.setLinger(Duration.ZERO);
            push.connect(ep);
            for (int i = 1; i <= 5; i++) {
                push.send(Msg.of("m" + i));
            }
            Result r = await(recv);
            assertOk(r);
            assertEquals("m1\nm2\nm3\n", r.out);
        }
    }

    @Test
    void routerEchoAnswersTheSender() throws Exception {
        String ep = tcp();
        CompletableFuture<Result> echo = start("echo", "-t", "ROUTER", "-b", ep, "-n", "1", "--timeout", WAIT, "--linger", "0");
        try (Context ctx = Context.create(); Socket dealer = ctx.socket(SocketType.DEALER)) {
            dealer.setLinger(Duration.ZERO);
            dealer.setRoutingId("me".getBytes(StandardCharsets.UTF_8));
            dealer.connect(ep);
            dealer.send(Msg.of("", "hi"));
            Msg back = dealer.recv(Duration.ofSeconds(10));
            assertNotNull(back);
            assertEquals(2, back.size());
            assertEquals("hi", back.string(1));
            assertOk(await(echo));
        }
    }

    @Test
    void timeoutExitsOneWithAMessage() throws Exception {
        Result r = run("recv", "-b", tcp(), "--timeout", "200", "--linger", "0");
        assertEquals(1, r.status);
        assertEquals("", r.out);
        assertEquals(1, r.errLines().length, r.err);
        assertTrue(r.err.contains("timed out after 200 ms"), r.err);
    }

    @Test
    void sendWithoutPeerTimesOut() throws Exception {
        Result r = run("send", "-t", "req", "-c", tcp(), "--timeout", "200", "--linger", "0", "x");
        assertEquals(1, r.status);
        assertTrue(r.err.contains("timed out"), r.err);
    }

    @Test
    void pushSendWithNoPeerWithinTheTimeoutExitsOne() throws Exception {
        // send sets immediate: queued to a connection still being made, the message would count
        // as sent (status 0) and be dropped when the linger (the timeout) ran out at exit
        Result r = run("send", "-c", tcp(), "--timeout", "300", "x");
        assertEquals(1, r.status, r.err);
        assertTrue(r.err.contains("timed out after 300 ms sending message 1"), r.err);
    }

    @Test
    void unknownTypeIsAUsageError() throws Exception {
        assertUsage(run("recv", "-t", "FOO", "-b", tcp()), "FOO");
    }

    @Test
    void malformedEndpointIsAUsageError() {
        assertUsage(run("recv", "-c", "tcp://nohostport", "--timeout", "200"), "tcp://nohostport");
        assertUsage(run("send", "-b", "bogus", "x"), "bogus");
        assertUsage(run("send", "-c", "carrier-pigeon://x", "x"), "carrier-pigeon");
    }

    @Test
    void badNumbersAreUsageErrors() throws Exception {
        String ep = tcp();
        assertUsage(run("recv", "-c", ep, "-n", "three"), "--count");
        assertUsage(run("recv", "-c", ep, "--timeout", "soon"), "--timeout");
        assertUsage(run("recv", "-c", ep, "--hwm", "-5"), "--hwm");
        assertUsage(run("send", "-c", ep, "--delay", "1.5", "x"), "--delay");
        assertUsage(run("echo", "-c", ep, "--linger", "x"), "--linger");
    }

    @Test
    void otherUsageErrorsAreOneLine() {
        assertUsage(run(), "missing command");
        assertUsage(run("bogus"), "bogus");
        assertUsage(run("recv", "--nope"), "--nope");
        assertUsage(run("recv", "-t", "pull"), "endpoint");
    }

    @Test
    void versionAndHelp() {
        Result v = run("--version");
        assertOk(v);
        assertTrue(v.out.startsWith("zmq4j "), v.out);
        Result h = run("send", "--help");
        assertOk(h);
        assertTrue(h.out.contains("--connect"), h.out);
    }
}
