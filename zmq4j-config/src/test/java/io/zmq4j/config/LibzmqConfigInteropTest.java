package io.zmq4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zmq4j.Authenticator;
import io.zmq4j.Context;
import io.zmq4j.CurveKeyPair;
import io.zmq4j.Event;
import io.zmq4j.Heartbeat;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketOption;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zmq4j socket built from a config file talks to libzmq 4.3 (pyzmq) set up the same way by
 * hand: CURVE with the file's keys and the file's heartbeat, in both directions. Both sides idle
 * for a second of heartbeats first: if either side did not answer the other's PINGs within the
 * 300 ms timeout, the connection would drop and the monitor would say so.
 */
@Timeout(60)
class LibzmqConfigInteropTest {
    static final String PYTHON = System.getProperty("zmq4j.interop.python", "/usr/bin/python3");
    final CurveKeyPair server = CurveKeyPair.generate();
    final CurveKeyPair client = CurveKeyPair.generate();
    final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void needPyzmq() throws Exception {
        assumeTrue(!"skip".equals(System.getProperty("zmq4j.interop")), "interop tests skipped by -Dzmq4j.interop=skip");
        Process p = new ProcessBuilder(PYTHON, "-c", "import zmq").redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0,
                PYTHON + " cannot import zmq: install Debian's python3-zmq, or run with -Dzmq4j.interop=skip");
    }

    @AfterEach
    void kill() {
        processes.forEach(Process::destroyForcibly);
    }

    private String file() {
        return String.join("\n",
                "auth:",
                "  curve_registry: [\"" + client.publicZ85() + "\"]",
                "server:",
                "  type: router",
                "  bind: [{tcp: \"127.0.0.1:*\"}]",
                "  heartbeat: {interval: 100ms, timeout: 300ms, ttl: 1s}",
                "  linger: 0s",
                "  mechanism:",
                "    curve_server: {secret: \"" + server.secretZ85() + "\"}",
                "client:",
                "  type: dealer",
                "  heartbeat: {interval: 100ms, timeout: 300ms, ttl: 1s}",
                "  recv_timeout: 10s",
                "  linger: 0s",
                "  mechanism:",
                "    curve_client:",
                "      client: {public: \"" + client.publicZ85() + "\", secret: \"" + client.secretZ85() + "\"}",
                "      server: \"" + server.publicZ85() + "\"",
                "");
    }

    private BlockingQueue<String> peer(String mode, String endpoint) throws Exception {
        Path script = Path.of(getClass().getResource("/interop/curve_peer.py").toURI());
        Process p = new ProcessBuilder(PYTHON, "-u", script.toString(), mode, endpoint, server.publicZ85(), server.secretZ85(),
                client.publicZ85(), client.secretZ85(), "100", "300", "1000").redirectErrorStream(true).start();
        processes.add(p);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null;) {
                    lines.add(l);
                }
            } catch (java.io.IOException e) {
                // the process was killed
            }
        }, "curve_peer.py output");
        t.setDaemon(true);
        t.start();
        return lines;
    }

    private static String next(BlockingQueue<String> lines) throws InterruptedException {
        String l = lines.poll(15, TimeUnit.SECONDS);
        assertNotNull(l, "curve_peer.py said nothing for 15 s");
        return l;
    }

    @Test
    void libzmqCurveClientWithHeartbeatsIsServedByASocketAndRegistryFromTheFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("interop.yml");
        Files.writeString(f, file());
        ConfigFile config = ConfigFile.read(f);
        try (Context ctx = Context.create();
             Authenticator auth = config.auth().start(ctx);
             Socket router = config.socket("server").build(ctx)) {
            assertEquals(Heartbeat.of(Duration.ofMillis(100)).timeout(Duration.ofMillis(300)).ttl(Duration.ofSeconds(1)),
                    router.get(SocketOption.HEARTBEAT));
            CountDownLatch dropped = new CountDownLatch(1);
            CountDownLatch handshakes = new CountDownLatch(1);
            router.onEvent(EnumSet.of(Event.DISCONNECTED, Event.HANDSHAKE_SUCCEEDED), e -> {
                (e.event() == Event.DISCONNECTED ? dropped : handshakes).countDown();
            });
            BlockingQueue<String> out = peer("connect", router.lastEndpoint());
            assertEquals("READY " + router.lastEndpoint(), next(out));
            for (int i = 0; i < 2; i++) {
                Msg request = router.recv(Duration.ofSeconds(15));
                assertNotNull(request, "no ping from libzmq");
                assertEquals("ping", request.string(1));
                assertEquals(client.publicZ85(), request.property("User-Id")); // the registry let it in by its key
                if (i == 0) { // the peer idled a second before this: heartbeats alone kept the connection
                    assertEquals(1, dropped.getCount(), "the connection dropped during the heartbeat idle second");
                }
                router.send(Msg.of(request.routingId(), "pong".getBytes(StandardCharsets.UTF_8)));
                assertEquals("GOT pong", next(out));
            }
            assertTrue(handshakes.await(1, TimeUnit.SECONDS));
        }
    }

    @Test
    void socketFromTheFileTalksToALibzmqCurveServerWithHeartbeats(@TempDir Path dir) throws Exception {
        BlockingQueue<String> out = peer("bind", "tcp://127.0.0.1:*");
        String ready = next(out);
        assertTrue(ready.startsWith("READY tcp://"), ready);
        String endpoint = ready.substring("READY ".length());
        Path f = dir.resolve("interop.zpl");
        ConfigFile.parseYaml(file(), "interop.yml").write(f); // the same file as ZPL this time
        ConfigFile config = ConfigFile.read(f);
        try (Context ctx = Context.create();
             Socket dealer = config.socket("client").builder().connect(endpoint).build(ctx)) {
            CountDownLatch dropped = new CountDownLatch(1);
            CountDownLatch handshake = new CountDownLatch(1);
            dealer.onEvent(EnumSet.of(Event.DISCONNECTED, Event.HANDSHAKE_SUCCEEDED), e -> {
                (e.event() == Event.DISCONNECTED ? dropped : handshake).countDown();
            });
            assertTrue(handshake.await(10, TimeUnit.SECONDS), "no CURVE handshake with libzmq");
            assertFalse(dropped.await(1, TimeUnit.SECONDS), "the connection dropped during a second of heartbeats only");
            for (int i = 0; i < 2; i++) {
                dealer.send("ping");
                assertEquals("pong", dealer.recvString());
            }
        }
    }
}
