package io.zmq4j.examples.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zmq4j.Context;
import io.zmq4j.proto.Actor;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The generated greeting server and client against libzmq 4.3 (pyzmq under Debian's
 * {@code /usr/bin/python3}, as the core interop tests use it): a libzmq DEALER sends the
 * codec's bytes to the generated server, and the generated client talks to a libzmq ROUTER
 * that answers by hand. {@code -Dzmq4j.interop=skip} skips them where pyzmq is not installed.
 */
class GreetLibzmqInteropTest {
    private static final String PYTHON = System.getProperty("zmq4j.interop.python", "/usr/bin/python3");

    private static String python(String script, String... args) throws Exception {
        assumeTrue(!"skip".equals(System.getProperty("zmq4j.interop")), "interop tests skipped by -Dzmq4j.interop=skip");
        List<String> cmd = new java.util.ArrayList<>(List.of(PYTHON, "-c", script));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("python peer did not finish within 20 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.exitValue(), "python peer failed (is python3-zmq installed?): " + out);
        return out;
    }

    @Test
    void libzmqDealerSendingCodecBytesIsAnsweredByTheGeneratedServer() throws Exception {
        try (Context ctx = Context.create(); Actor server = Actor.start(ctx, "greet", new GreetServer())) {
            server.send("BIND", "tcp://127.0.0.1:*");
            server.send("PORT");
            String port = server.recv(Duration.ofSeconds(5)).string(1);
            String out = python(String.join("\n",
                    "import sys, zmq",
                    "s = zmq.Context().socket(zmq.DEALER)",
                    "s.setsockopt(zmq.RCVTIMEO, 5000); s.setsockopt(zmq.LINGER, 0)",
                    "s.connect('tcp://127.0.0.1:' + sys.argv[1])",
                    "s.send(bytes([0xAA, 0xA5, 1, 3]) + b'lib')",      // HELLO "lib"
                    "print(s.recv().hex())",
                    "s.send(bytes([0xAA, 0xA5, 7]))",                  // GOODBYE
                    "print(s.recv().hex())"), port);
            assertEquals(List.of("aaa5" + "02" + "0a" + hex("Hello, lib"), "aaa508"), out.lines().toList());
        }
    }

    @Test
    void generatedClientTalksToALibzmqRouterAnsweringByHand() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String script = String.join("\n",
                "import sys, zmq",
                "s = zmq.Context().socket(zmq.ROUTER)",
                "s.setsockopt(zmq.RCVTIMEO, 10000); s.setsockopt(zmq.LINGER, 1000)",
                "s.bind('tcp://127.0.0.1:' + sys.argv[1])",
                "print('bound', flush=True)",
                "rid, body = s.recv_multipart()",
                "assert body == bytes([0xAA, 0xA5, 1, 3]) + b'zed', body.hex()",   // HELLO "zed"
                "s.send_multipart([rid, bytes([0xAA, 0xA5, 2, 5]) + b'hi zd'])",     // WORLD "hi zd"
                "while True:",
                "    rid, body = s.recv_multipart()",
                "    if body == bytes([0xAA, 0xA5, 3]):",                               // the client's heartbeat PING
                "        s.send_multipart([rid, bytes([0xAA, 0xA5, 4])])",              // PONG
                "        continue",
                "    assert body[:3] == bytes([0xAA, 0xA5, 5]), body.hex()",            // WORK
                "    s.send_multipart([rid, bytes([0xAA, 0xA5, 6, 0, 0, 0, 42])])",     // DONE 42
                "    break",
                "print('served')");
        Thread peer = new Thread(() -> {
            try {
                result = python(script, Integer.toString(port));
            } catch (Exception e) {
                failure = e;
            }
        });
        peer.start();
        try (Context ctx = Context.create();
             GreetClient client = new GreetClient(ctx, "tcp://127.0.0.1:" + port, "zed")) {
            assertEquals(new GreetClient.Connected("hi zd"), client.constructorReply());
            assertEquals(new GreetClient.Done(42), client.work(Duration.ofSeconds(10), 5));
        }
        peer.join(TimeUnit.SECONDS.toMillis(30));
        if (failure != null) {
            throw failure;
        }
        assertTrue(result.endsWith("served"), result);
    }

    private volatile String result;
    private volatile Exception failure;

    private static String hex(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }
}
