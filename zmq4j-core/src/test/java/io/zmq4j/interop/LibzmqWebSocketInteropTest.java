package io.zmq4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ws:// against libzmq's own WebSocket transport, both directions and both bind sides. Debian's
 * libzmq has no ws (it is a draft feature), so the peer, {@code src/test/resources/interop/ws_peer.c},
 * is compiled here with gcc against libzmq 4.3 built with drafts and ENABLE_WS by
 * {@code bench/draft-libzmq} (folder from {@code -Dzmq4j.interop.draftLibzmq}, default the
 * repository's {@code target/draft-libzmq}). Skipped, saying why, when that build or gcc is absent.
 */
@Timeout(30)
class LibzmqWebSocketInteropTest {
    static final Path HOME = Paths.get(System.getProperty("zmq4j.interop.draftLibzmq", "../target/draft-libzmq"))
            .toAbsolutePath().normalize();
    static final Path SOURCE = Paths.get("src/test/resources/interop/ws_peer.c").toAbsolutePath();
    static final Path BINARY = Paths.get("target/ws-peer/ws_peer").toAbsolutePath();
    static final Duration WAIT = Duration.ofSeconds(10);

    private final Context ctx = Context.create();
    private final List<Peer> peers = new ArrayList<>();

    /** Why the tests cannot run here, or null once the peer is built. */
    private static String skipReason;

    @BeforeAll
    static void buildPeer() throws Exception {
        if ("skip".equals(System.getProperty("zmq4j.interop"))) {
            skipReason = "interop tests skipped by -Dzmq4j.interop=skip";
            return;
        }
        if (!Files.exists(HOME.resolve("lib/libzmq.so")) || !Files.exists(HOME.resolve("include/zmq.h"))) {
            skipReason = "libzmq with drafts and ws is not built at " + HOME + ": run `bash bench/draft-libzmq` from the "
                    + "repository root, or pass -Dzmq4j.interop.draftLibzmq=DIR; libzmq ws interop tests skipped";
            return;
        }
        if (Files.isExecutable(BINARY) && Files.getLastModifiedTime(BINARY).compareTo(Files.getLastModifiedTime(SOURCE)) > 0) {
            return;
        }
        Files.createDirectories(BINARY.getParent());
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-O2", "-Wall", "-Werror", "-o", BINARY.toString(), SOURCE.toString(),
                    "-I" + HOME.resolve("include"), "-L" + HOME.resolve("lib"), "-lzmq", "-Wl,-rpath," + HOME.resolve("lib"), "-lpthread")
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            skipReason = "gcc is not installed (" + e.getMessage() + "): libzmq ws interop tests skipped";
            return;
        }
        String out = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(gcc.waitFor(60, TimeUnit.SECONDS) && gcc.exitValue() == 0, "gcc failed on ws_peer.c:\n" + out);
    }

    @BeforeEach
    void needPeer() {
        assumeTrue(skipReason == null, skipReason);
    }

    @AfterEach
    void cleanup() {
        for (Peer p : peers) {
            p.close();
        }
        ctx.close();
    }

    /** The libzmq side: {@code ws_peer TYPE bind|connect ENDPOINT ROLE [N]}, read line by line. */
    final class Peer implements AutoCloseable {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final StringBuffer stderr = new StringBuffer();
        final String endpoint;

        Peer(List<String> env, String... args) {
            List<String> cmd = new ArrayList<>();
            cmd.add(BINARY.toString());
            cmd.addAll(Arrays.asList(args));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            for (String kv : env) {
                int eq = kv.indexOf('=');
                pb.environment().put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            try {
                process = pb.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            peers.add(this);
            pump(process.getInputStream(), lines, null);
            pump(process.getErrorStream(), null, stderr);
            String first = line();
            if (first == null || !first.startsWith("READY ")) {
                fail("ws_peer " + String.join(" ", args) + " did not start: " + first + "; stderr: " + stderr);
            }
            endpoint = first.substring("READY ".length());
        }

        private void pump(java.io.InputStream in, BlockingQueue<String> to, StringBuffer buf) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String l;
                    while ((l = r.readLine()) != null) {
                        if (to != null) {
                            to.add(l);
                        } else {
                            buf.append(l).append('\n');
                        }
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "ws_peer output");
            t.setDaemon(true);
            t.start();
        }

        String line() {
            try {
                return lines.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        String expectLine(String what) {
            String l = line();
            assertNotNull(l, "libzmq peer printed no " + what + " within " + WAIT + "; stderr: " + stderr);
            return l;
        }

        @Override
        public void close() {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Socket socket(SocketType t) {
        return ctx.socket(t).setLinger(Duration.ZERO).setReceiveTimeout(WAIT).setSendTimeout(WAIT);
    }

    /** Joins {@code z} and a libzmq peer: libzmq binds when {@code libzmqBinds}, else zmq4j does. */
    private Peer join(Socket z, boolean libzmqBinds, List<String> env, String type, String role, int n) {
        if (libzmqBinds) {
            Peer p = new Peer(env, type, "bind", "ws://127.0.0.1:*/zmq", role, Integer.toString(n));
            z.connect(p.endpoint);
            return p;
        }
        String ep = z.bind("ws://127.0.0.1:*/zmq");
        return new Peer(env, type, "connect", ep, role, Integer.toString(n));
    }

    private Peer join(Socket z, boolean libzmqBinds, String type, String role, int n) {
        return join(z, libzmqBinds, List.of(), type, role, n);
    }

    @ParameterizedTest(name = "libzmq binds: {0}")
    @ValueSource(booleans = {true, false})
    void pushToLibzmqPull(boolean libzmqBinds) {
        Socket push = socket(SocketType.PUSH);
        Peer p = join(push, libzmqBinds, "PULL", "recv", 3);
        for (int i = 0; i < 3; i++) {
            push.send(Msg.of("part", "m-" + i));
        }
        for (int i = 0; i < 3; i++) {
            assertEquals("GOT part|m-" + i, p.expectLine("message " + i));
        }
    }

    @ParameterizedTest(name = "libzmq binds: {0}")
    @ValueSource(booleans = {true, false})
    void pullFromLibzmqPush(boolean libzmqBinds) {
        Socket pull = socket(SocketType.PULL);
        join(pull, libzmqBinds, "PUSH", "emit", 0);
        for (int i = 0; i < 3; i++) {
            assertEquals("hello-" + i, pull.recv().string(0));
        }
    }

    @ParameterizedTest(name = "libzmq binds: {0}")
    @ValueSource(booleans = {true, false})
    void reqToLibzmqRep(boolean libzmqBinds) {
        Socket req = socket(SocketType.REQ);
        join(req, libzmqBinds, "REP", "echo", 3);
        for (int i = 0; i < 3; i++) {
            req.send(Msg.of("q-" + i));
            assertEquals("q-" + i, req.recv().string(0));
        }
    }

    @ParameterizedTest(name = "libzmq binds: {0}")
    @ValueSource(booleans = {true, false})
    void repAnswersLibzmqReq(boolean libzmqBinds) {
        Socket rep = socket(SocketType.REP);
        Peer p = join(rep, libzmqBinds, "REQ", "ask", 3);
        for (int i = 0; i < 3; i++) {
            Msg m = rep.recv();
            assertEquals("ping-" + i, m.string(0));
            rep.send(Msg.of("pong-" + i));
            assertEquals("REPLY pong-" + i, p.expectLine("reply " + i));
        }
    }

    @ParameterizedTest(name = "libzmq binds: {0}")
    @ValueSource(booleans = {true, false})
    void dealerToLibzmqRouter(boolean libzmqBinds) {
        Socket dealer = socket(SocketType.DEALER);
        Peer p = join(dealer, libzmqBinds, "ROUTER", "echo", 2);
        dealer.send(Msg.of("", "one"));
        assertEquals("GOT |one", p.expectLine("the dealer's message"));
        Msg back = dealer.recv();
        assertEquals(2, back.size());
        assertEquals("one", back.string(1));
        byte[] big = new byte[100_000];
        Arrays.fill(big, (byte) 'z');
        dealer.send(Msg.of(big));
        assertEquals(100_004, p.expectLine("the large message").length());
        assertEquals(100_000, dealer.recv().frame(0).length);
    }

    @ParameterizedTest(name = "libzmq binds: {0}")
    @ValueSource(booleans = {true, false})
    void routerAnswersLibzmqDealer(boolean libzmqBinds) {
        Socket router = socket(SocketType.ROUTER);
        Peer p = join(router, libzmqBinds, "DEALER", "ask", 2);
        for (int i = 0; i < 2; i++) {
            Msg m = router.recv();
            assertEquals("ping-" + i, m.string(1));
            router.send(Msg.of(m.routingId(), ("pong-" + i).getBytes(StandardCharsets.UTF_8)));
            assertEquals("REPLY pong-" + i, p.expectLine("reply " + i));
        }
    }

    @ParameterizedTest(name = "libzmq binds: {0}")
    @ValueSource(booleans = {true, false})
    void subFromLibzmqPub(boolean libzmqBinds) {
        Socket sub = socket(SocketType.SUB);
        sub.subscribe("news");
        join(sub, libzmqBinds, "PUB", "emit", 0);
        Msg m = sub.recv();
        assertEquals("news", m.string(0));
        assertTrue(m.string(1).startsWith("hello-"), m.string(1));
    }

    @ParameterizedTest(name = "libzmq binds: {0}")
    @ValueSource(booleans = {true, false})
    void pubToLibzmqSubFiltersByItsSubscription(boolean libzmqBinds) {
        Socket pub = socket(SocketType.PUB);
        Peer p = join(pub, libzmqBinds, "SUB", "recv", 1);
        String got = null;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (got == null && System.nanoTime() < deadline) {
            pub.send(Msg.of("sport", "goal"));
            pub.send(Msg.of("news", "rain"));
            got = pollLine(p, 20);
        }
        assertEquals("GOT news|rain", got, "libzmq's subscription to 'news' reached zmq4j's PUB");
    }

    private static String pollLine(Peer p, long ms) {
        try {
            return p.lines.poll(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @ParameterizedTest(name = "libzmq binds: {0}")
    @ValueSource(booleans = {true, false})
    void pairTalksToLibzmqPair(boolean libzmqBinds) {
        Socket pair = socket(SocketType.PAIR);
        join(pair, libzmqBinds, "PAIR", "echo", 2);
        pair.send(Msg.of("a", "b"));
        Msg m = pair.recv();
        assertEquals("b", m.string(1));
        pair.send(Msg.of(""));
        assertEquals(0, pair.recv().frame(0).length);
    }

    @ParameterizedTest(name = "libzmq binds: {0}")
    @ValueSource(booleans = {true, false})
    void clientToLibzmqServer(boolean libzmqBinds) {
        Socket client = socket(SocketType.CLIENT);
        Peer p = join(client, libzmqBinds, "SERVER", "echo", 2);
        client.send(Msg.of("hello"));
        assertEquals("GOT hello", p.expectLine("the client's message"));
        assertEquals("hello", client.recv().string(0));
    }

    @ParameterizedTest(name = "libzmq binds: {0}")
    @ValueSource(booleans = {true, false})
    void serverAnswersLibzmqClient(boolean libzmqBinds) {
        Socket server = socket(SocketType.SERVER);
        Peer p = join(server, libzmqBinds, "CLIENT", "ask", 2);
        for (int i = 0; i < 2; i++) {
            Msg m = server.recv();
            assertEquals("ping-" + i, m.string(1));
            server.send(Msg.of(m.routingId(), ("pong-" + i).getBytes(StandardCharsets.UTF_8)));
            assertEquals("REPLY pong-" + i, p.expectLine("reply " + i));
        }
    }

    @ParameterizedTest(name = "libzmq binds: {0}")
    @ValueSource(booleans = {true, false})
    void dishFromLibzmqRadio(boolean libzmqBinds) {
        Socket dish = socket(SocketType.DISH);
        dish.join("news");
        join(dish, libzmqBinds, "RADIO", "emit", 0);
        Msg m = dish.recv();
        assertEquals("news", m.group());
        assertTrue(m.string(0).startsWith("hello-"), m.string(0));
    }

    @ParameterizedTest(name = "libzmq binds: {0}")
    @ValueSource(booleans = {true, false})
    void radioToLibzmqDishFiltersByItsJoin(boolean libzmqBinds) {
        Socket radio = socket(SocketType.RADIO);
        Peer p = join(radio, libzmqBinds, "DISH", "recv", 1);
        String got = null;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (got == null && System.nanoTime() < deadline) {
            radio.send(Msg.of("goal").withGroup("sport"));
            radio.send(Msg.of("rain").withGroup("news"));
            got = pollLine(p, 20);
        }
        assertEquals("GOT news:rain", got, "libzmq's JOIN reached zmq4j's RADIO");
    }

    @ParameterizedTest(name = "libzmq binds: {0}")
    @ValueSource(booleans = {true, false})
    void gatherFromLibzmqScatter(boolean libzmqBinds) {
        Socket gather = socket(SocketType.GATHER);
        join(gather, libzmqBinds, "SCATTER", "emit", 0);
        assertEquals("hello-0", gather.recv().string(0));
    }

    @ParameterizedTest(name = "libzmq binds: {0}")
    @ValueSource(booleans = {true, false})
    void scatterToLibzmqGather(boolean libzmqBinds) {
        Socket scatter = socket(SocketType.SCATTER);
        Peer p = join(scatter, libzmqBinds, "GATHER", "recv", 2);
        scatter.send(Msg.of("w-0"));
        scatter.send(Msg.of("w-1"));
        assertEquals("GOT w-0", p.expectLine("work 0"));
        assertEquals("GOT w-1", p.expectLine("work 1"));
    }

    @ParameterizedTest(name = "libzmq binds: {0}")
    @ValueSource(booleans = {true, false})
    void plainClientToLibzmqPlainServer(boolean libzmqBinds) {
        Socket push = socket(SocketType.PUSH).setPlainCredentials("admin", "secret");
        Peer p = join(push, libzmqBinds, List.of("WS_PEER_PLAIN_SERVER=1"), "PULL", "recv", 1);
        push.send(Msg.of("authenticated"));
        assertEquals("GOT authenticated", p.expectLine("the message"));
    }

    @Test
    void aWrongPlainPasswordNeverReachesLibzmq() {
        Socket push = socket(SocketType.PUSH).setPlainCredentials("admin", "wrong");
        Peer p = join(push, true, List.of("WS_PEER_PLAIN_SERVER=1"), "PULL", "recv", 1);
        push.trySend(Msg.of("intruder"));
        assertEquals(null, pollLine(p, 500));
    }

    @ParameterizedTest(name = "libzmq binds: {0}")
    @ValueSource(booleans = {true, false})
    void plainServerTakesLibzmqPlainClient(boolean libzmqBinds) {
        Socket pull = socket(SocketType.PULL).setPlainServer(true);
        join(pull, libzmqBinds, List.of("WS_PEER_PLAIN_USER=admin", "WS_PEER_PLAIN_PASSWORD=secret"), "PUSH", "emit", 0);
        assertEquals("hello-0", pull.recv().string(0));
    }

    /** DISCONNECTED events on {@code s}: a heartbeat timeout on either side ends in one. */
    private static BlockingQueue<io.zmq4j.SocketEvent> disconnects(Socket s) {
        BlockingQueue<io.zmq4j.SocketEvent> q = new LinkedBlockingQueue<>();
        s.onEvent(java.util.EnumSet.of(io.zmq4j.Event.DISCONNECTED), q::add);
        return q;
    }

    @Test
    void zmq4jPingsAreAnsweredByLibzmq() throws Exception {
        // zmq4j pings every 50 ms and drops the peer 150 ms after an unanswered one
        Socket pair = socket(SocketType.PAIR).setHeartbeat(Duration.ofMillis(50), Duration.ofMillis(150));
        BlockingQueue<io.zmq4j.SocketEvent> lost = disconnects(pair);
        join(pair, true, "PAIR", "echo", 2);
        pair.send(Msg.of("before"));
        assertEquals("before", pair.recv().string(0));
        assertEquals(null, lost.poll(1, TimeUnit.SECONDS), "libzmq did not answer zmq4j's WebSocket pings");
        pair.send(Msg.of("after an idle second"));
        assertEquals("after an idle second", pair.recv().string(0));
    }

    @Test
    void libzmqPingsAreAnsweredByZmq4j() throws Exception {
        // libzmq pings every 50 ms and drops the peer 150 ms after an unanswered one; its close
        // would be a DISCONNECTED here
        Socket pair = socket(SocketType.PAIR);
        BlockingQueue<io.zmq4j.SocketEvent> lost = disconnects(pair);
        join(pair, true, List.of("WS_PEER_HEARTBEAT_MS=50"), "PAIR", "echo", 2);
        pair.send(Msg.of("before"));
        assertEquals("before", pair.recv().string(0));
        assertEquals(null, lost.poll(1, TimeUnit.SECONDS), "zmq4j did not answer libzmq's WebSocket pings");
        pair.send(Msg.of("after an idle second"));
        assertEquals("after an idle second", pair.recv().string(0));
    }

    @Test
    void aLibzmqSocketOfTheWrongTypeNeverDelivers() {
        Socket pull = socket(SocketType.PULL);
        Peer p = join(pull, false, "PULL", "recv", 1);
        assertEquals(null, pull.recv(Duration.ofMillis(500)));
        assertEquals(null, pollLine(p, 100));
    }
}
