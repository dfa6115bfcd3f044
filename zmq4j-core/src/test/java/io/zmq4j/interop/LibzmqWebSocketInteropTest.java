package io.zmq4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zmq4j.Context;
import io.zmq4j.Event;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketEvent;
import io.zmq4j.SocketType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ws:// against libzmq's own WebSocket transport, both directions and both bind sides. Debian's
 * libzmq has no ws (it is a draft feature), so the peer, {@code src/test/resources/interop/ws_peer.c},
 * is compiled here with gcc against libzmq 4.3 built with drafts and ENABLE_WS by
 * {@code bench/draft-libzmq} (folder from {@code -Dzmq4j.interop.draftLibzmq}, default the
 * repository's {@code target/draft-libzmq}). Skipped, saying why, when that build or gcc is absent.
 * The wss:// tests need that build made WITH_TLS (GnuTLS; {@code zmq_has("WSS")}) and skip, saying
 * so, on an older one; their keys and certificates are made by the JDK's keytool at test time.
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
    /** Why the wss tests cannot run here (libzmq built without TLS), or null. */
    private static String wssSkipReason;
    /** A key and certificate libzmq and zmq4j are told to trust, and one no one trusts; both name localhost and 127.0.0.1. */
    private static Identity trusted;
    private static Identity stranger;

    @TempDir
    static Path tlsDir;

    /** A private key (PKCS#8) and its self-signed certificate, as PEM text and as files for the C peer. */
    record Identity(String certPem, String keyPem, Path certFile, Path keyFile) {
    }

    @BeforeAll
    static void setUp() throws Exception {
        buildPeer();
        makeIdentities();
    }

    private static void buildPeer() throws Exception {
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

    private static void makeIdentities() throws Exception {
        if (skipReason != null) {
            return;
        }
        Process has = new ProcessBuilder(BINARY.toString(), "HAS", "WSS").redirectErrorStream(true).start();
        assertTrue(has.waitFor(10, TimeUnit.SECONDS));
        if (has.exitValue() != 0) {
            wssSkipReason = "libzmq at " + HOME + " has no wss (built WITH_TLS=OFF, an older bench/draft-libzmq): run "
                    + "`bash bench/draft-libzmq` again to rebuild it with TLS; libzmq wss interop tests skipped";
            return;
        }
        trusted = identity("trusted");
        stranger = identity("stranger");
    }

    /**
     * A fresh RSA key and self-signed certificate from the JDK's keytool, exported as PEM. RSA because
     * GnuTLS 3.7 (libzmq's TLS) refuses the JDK's PKCS#8 EC keys ("ASN1 parser: Element was not found").
     */
    private static Identity identity(String name) throws Exception {
        Path store = tlsDir.resolve(name + ".p12");
        char[] password = "test-only".toCharArray();
        Process keytool = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", new String(password)).redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool failed: " + out);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            ks.load(in, password);
        }
        String cert = pem("CERTIFICATE", ks.getCertificate(name).getEncoded());
        String key = pem("PRIVATE KEY", ks.getKey(name, password).getEncoded());
        Path certFile = Files.writeString(tlsDir.resolve(name + ".crt.pem"), cert);
        Path keyFile = Files.writeString(tlsDir.resolve(name + ".key.pem"), key);
        return new Identity(cert, key, certFile, keyFile);
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
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

    // wss:// against libzmq built WITH_TLS (GnuTLS). The side that binds serves a certificate; the
    // side that connects trusts one (ZMQ_WSS_TRUST_PEM); zmq4j also checks the endpoint's host
    // against it, libzmq only when ZMQ_WSS_HOSTNAME is set.

    private void needWss() {
        assumeTrue(wssSkipReason == null, wssSkipReason);
    }

    /** The C peer's options for {@code id}'s certificate and key, for a libzmq that binds. */
    private static List<String> serves(Identity id) {
        return List.of("WS_PEER_WSS_CERT=" + id.certFile(), "WS_PEER_WSS_KEY=" + id.keyFile());
    }

    private static List<String> plus(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * Joins {@code z} and a libzmq peer over wss: the binding side serves {@code served}, the
     * connecting side trusts {@link #trusted}.
     */
    private Peer joinWss(Socket z, boolean libzmqBinds, Identity served, List<String> env, String type, String role, int n) {
        if (libzmqBinds) {
            Peer p = new Peer(plus(serves(served), env), type, "bind", "wss://127.0.0.1:*/zmq", role, Integer.toString(n));
            z.setWssTrustPem(trusted.certPem()).connect(p.endpoint);
            return p;
        }
        String ep = z.setWssCertPem(served.certPem()).setWssKeyPem(served.keyPem()).bind("wss://127.0.0.1:*/zmq");
        return new Peer(plus(List.of("WS_PEER_WSS_TRUST=" + trusted.certFile()), env), type, "connect", ep, role,
                Integer.toString(n));
    }

    private Peer joinWss(Socket z, boolean libzmqBinds, String type, String role, int n) {
        return joinWss(z, libzmqBinds, trusted, List.of(), type, role, n);
    }

    @ParameterizedTest(name = "libzmq binds: {0}")
    @ValueSource(booleans = {true, false})
    void wssPushToLibzmqPull(boolean libzmqBinds) {
        needWss();
        Socket push = socket(SocketType.PUSH);
        Peer p = joinWss(push, libzmqBinds, "PULL", "recv", 3);
        assertTrue(p.endpoint.startsWith("wss://127.0.0.1:"), p.endpoint);
        for (int i = 0; i < 3; i++) {
            push.send(Msg.of("part", "m-" + i));
        }
        for (int i = 0; i < 3; i++) {
            assertEquals("GOT part|m-" + i, p.expectLine("message " + i));
        }
    }

    @ParameterizedTest(name = "libzmq binds: {0}")
    @ValueSource(booleans = {true, false})
    void wssPullFromLibzmqPush(boolean libzmqBinds) {
        needWss();
        Socket pull = socket(SocketType.PULL);
        joinWss(pull, libzmqBinds, "PUSH", "emit", 0);
        for (int i = 0; i < 3; i++) {
            assertEquals("hello-" + i, pull.recv().string(0));
        }
    }

    @ParameterizedTest(name = "libzmq binds: {0}")
    @ValueSource(booleans = {true, false})
    void wssDealerToLibzmqRouterWithA2MBMessage(boolean libzmqBinds) {
        needWss();
        Socket dealer = socket(SocketType.DEALER);
        Peer p = joinWss(dealer, libzmqBinds, "ROUTER", "echo", 2);
        dealer.send(Msg.of("", "one"));
        assertEquals("GOT |one", p.expectLine("the dealer's message"));
        assertEquals("one", dealer.recv().string(1));
        // many TLS records each way, and more than the kernel's socket buffers take at once
        byte[] big = new byte[2_000_000];
        Arrays.fill(big, (byte) 'z');
        dealer.send(Msg.of(big));
        assertEquals(2_000_004, p.expectLine("the large message").length());
        assertEquals(2_000_000, dealer.recv().frame(0).length);
    }

    @ParameterizedTest(name = "libzmq binds: {0}")
    @ValueSource(booleans = {true, false})
    void wssRouterAnswersLibzmqDealer(boolean libzmqBinds) {
        needWss();
        Socket router = socket(SocketType.ROUTER);
        Peer p = joinWss(router, libzmqBinds, "DEALER", "ask", 2);
        for (int i = 0; i < 2; i++) {
            Msg m = router.recv();
            assertEquals("ping-" + i, m.string(1));
            router.send(Msg.of(m.routingId(), ("pong-" + i).getBytes(StandardCharsets.UTF_8)));
            assertEquals("REPLY pong-" + i, p.expectLine("reply " + i));
        }
    }

    @ParameterizedTest(name = "libzmq binds: {0}")
    @ValueSource(booleans = {true, false})
    void wssReqToLibzmqRep(boolean libzmqBinds) {
        needWss();
        Socket req = socket(SocketType.REQ);
        joinWss(req, libzmqBinds, "REP", "echo", 3);
        for (int i = 0; i < 3; i++) {
            req.send(Msg.of("q-" + i));
            assertEquals("q-" + i, req.recv().string(0));
        }
    }

    @ParameterizedTest(name = "libzmq binds: {0}")
    @ValueSource(booleans = {true, false})
    void wssRepAnswersLibzmqReq(boolean libzmqBinds) {
        needWss();
        Socket rep = socket(SocketType.REP);
        Peer p = joinWss(rep, libzmqBinds, "REQ", "ask", 3);
        for (int i = 0; i < 3; i++) {
            assertEquals("ping-" + i, rep.recv().string(0));
            rep.send(Msg.of("pong-" + i));
            assertEquals("REPLY pong-" + i, p.expectLine("reply " + i));
        }
    }

    @Test
    void libzmqChecksTheHostNameGivenAsWssHostname() {
        needWss();
        Socket pull = socket(SocketType.PULL);
        joinWss(pull, false, trusted, List.of("WS_PEER_WSS_HOSTNAME=localhost"), "PUSH", "emit", 0);
        assertEquals("hello-0", pull.recv().string(0));
    }

    /** HANDSHAKE_FAILED_* events on {@code s}. */
    private static BlockingQueue<SocketEvent> handshakeFailures(Socket s) {
        BlockingQueue<SocketEvent> q = new LinkedBlockingQueue<>();
        s.onEvent(EnumSet.of(Event.HANDSHAKE_FAILED_NO_DETAIL, Event.HANDSHAKE_FAILED_PROTOCOL), q::add);
        return q;
    }

    @Test
    void zmq4jRefusesALibzmqServerWithAnUntrustedCertificate() throws Exception {
        needWss();
        Socket push = socket(SocketType.PUSH);
        BlockingQueue<SocketEvent> failed = handshakeFailures(push);
        Peer p = joinWss(push, true, stranger, List.of(), "PULL", "recv", 1);
        push.trySend(Msg.of("never"));
        SocketEvent e = failed.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(e, "zmq4j accepted a certificate it does not trust");
        assertTrue(e.reason().contains("PKIX") || e.reason().toLowerCase().contains("certif"), e.reason());
        assertEquals(null, pollLine(p, 200));
    }

    @Test
    void libzmqRefusesAZmq4jServerWithAnUntrustedCertificate() throws Exception {
        needWss();
        Socket pull = socket(SocketType.PULL);
        BlockingQueue<SocketEvent> failed = handshakeFailures(pull);
        Peer p = joinWss(pull, false, stranger, List.of("WS_PEER_EVENTS=1"), "PUSH", "emit", 0);
        SocketEvent e = failed.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(e, "zmq4j's server saw no failed handshake");
        // GnuTLS closes without a TLS alert; the reason says where it stopped
        assertTrue(e.reason().contains("closed during the TLS handshake"), e.reason());
        assertEquals(null, pull.recv(Duration.ofMillis(200)));
        // libzmq's client reports the refusal as a handshake failure (errno EAGAIN, as it is), then retries
        assertTrue(waitForLine(p, "EVENT HANDSHAKE_FAILED_NO_DETAIL"), "libzmq's events: " + p.lines);
    }

    /** True once {@code p} prints a line starting with {@code prefix}, within {@link #WAIT}. */
    private static boolean waitForLine(Peer p, String prefix) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String l = pollLine(p, 50);
            if (l != null && l.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void libzmqRefusesACertificateThatDoesNotNameItsWssHostname() throws Exception {
        needWss();
        Socket pull = socket(SocketType.PULL);
        BlockingQueue<SocketEvent> failed = handshakeFailures(pull);
        joinWss(pull, false, trusted, List.of("WS_PEER_WSS_HOSTNAME=example.org"), "PUSH", "emit", 0);
        assertNotNull(failed.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS), "zmq4j's server saw no failed handshake");
        assertEquals(null, pull.recv(Duration.ofMillis(200)));
    }
}
