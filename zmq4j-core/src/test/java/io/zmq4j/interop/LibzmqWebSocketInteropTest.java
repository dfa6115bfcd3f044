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
import io.zmq4j.testing.MessageText;
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
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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

    // ---- every pattern, table-driven: each case runs over ws and, where listed, wss, with libzmq
    // binding and then zmq4j binding; the report names the case, the transport and the binding side

    enum Transport { WS, WSS }

    /** The transport and which side binds. */
    record Link(Transport transport, boolean libzmqBinds) {
        @Override
        public String toString() {
            return transport.name().toLowerCase(Locale.ROOT) + ", " + (libzmqBinds ? "libzmq binds" : "zmq4j binds");
        }
    }

    /**
     * One row of a table: zmq4j's socket type (then {@code setUp}), libzmq's type and the
     * environment of its ws_peer, and the case's messages in {@link MessageText} form (what each
     * table does with them is said at its test).
     */
    record Case(String what, SocketType type, Consumer<Socket> setUp, String libzmqType, List<String> env, List<String> messages) {
        static Case of(String what, SocketType type, String libzmqType, String... messages) {
            return new Case(what, type, s -> { }, libzmqType, List.of(), List.of(messages));
        }

        /** This case with zmq4j's socket set up by {@code how} and libzmq's peer given {@code peerEnv}. */
        Case with(Consumer<Socket> how, String... peerEnv) {
            return new Case(what, type, how, libzmqType, List.of(peerEnv), messages);
        }

        @Override
        public String toString() {
            return what;
        }
    }

    /** One case over one link. */
    record Run(Case c, Link link) {
        @Override
        public String toString() {
            return c + " (" + link + ")";
        }
    }

    /** {@code c} over each of {@code transports}, libzmq binding and then zmq4j. */
    private static Stream<Run> over(Case c, Transport... transports) {
        return Stream.of(transports).flatMap(t -> Stream.of(true, false).map(libzmqBinds -> new Run(c, new Link(t, libzmqBinds))));
    }

    /** zmq4j's socket for {@code c}, joined to libzmq's peer running {@code role} over the run's link. */
    private Peer start(Run run, Socket z, String role, int n) {
        Case c = run.c();
        c.setUp().accept(z);
        return join(z, run.link(), c.env(), c.libzmqType(), role, n);
    }

    /** Joins {@code z} and a libzmq peer over {@code link} (wss skips, saying why, where libzmq has no TLS). */
    private Peer join(Socket z, Link link, List<String> env, String type, String role, int n) {
        Peer p;
        if (link.transport() == Transport.WSS) {
            needWss();
            p = joinWss(z, link.libzmqBinds(), trusted, env, type, role, n);
        } else {
            p = join(z, link.libzmqBinds(), env, type, role, n);
        }
        String scheme = link.transport().name().toLowerCase(Locale.ROOT);
        assertTrue(p.endpoint.startsWith(scheme + "://127.0.0.1:"), p.endpoint);
        return p;
    }

    static Stream<Run> sends() {
        return Stream.of(
                over(Case.of("PUSH to libzmq PULL, three two-frame messages", SocketType.PUSH, "PULL", "part|m-0", "part|m-1", "part|m-2"),
                        Transport.WS, Transport.WSS),
                over(Case.of("SCATTER to libzmq GATHER", SocketType.SCATTER, "GATHER", "w-0", "w-1"), Transport.WS),
                over(Case.of("PUSH with PLAIN admin/secret to libzmq's PLAIN server", SocketType.PUSH, "PULL", "authenticated")
                        .with(s -> s.setPlainCredentials("admin", "secret"), "WS_PEER_PLAIN_SERVER=1"), Transport.WS))
                .flatMap(s -> s);
    }

    /** zmq4j sends the messages, and libzmq, running {@code recv}, prints each one whole and in order. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("sends")
    void libzmqReceivesWhatZmq4jSends(Run run) {
        List<String> messages = run.c().messages();
        Socket z = socket(run.c().type());
        Peer p = start(run, z, "recv", messages.size());
        for (String m : messages) {
            z.send(MessageText.message(m));
        }
        for (String m : messages) {
            assertEquals("GOT " + m, p.expectLine("message " + m));
        }
    }

    static Stream<Run> receives() {
        return Stream.of(
                over(Case.of("PULL from libzmq PUSH, hello-0 to hello-2 in order", SocketType.PULL, "PUSH", "hello-0", "hello-1", "hello-2"),
                        Transport.WS, Transport.WSS),
                over(Case.of("GATHER from libzmq SCATTER", SocketType.GATHER, "SCATTER", "hello-0"), Transport.WS),
                over(Case.of("SUB subscribed to news from libzmq PUB", SocketType.SUB, "PUB", "news\\|hello-\\d+")
                        .with(s -> s.subscribe("news")), Transport.WS),
                over(Case.of("DISH joined to news from libzmq RADIO", SocketType.DISH, "RADIO", "news:hello-\\d+")
                        .with(s -> s.join("news")), Transport.WS),
                over(Case.of("PULL as PLAIN server from libzmq's PLAIN client admin/secret", SocketType.PULL, "PUSH", "hello-0")
                        .with(s -> s.setPlainServer(true), "WS_PEER_PLAIN_USER=admin", "WS_PEER_PLAIN_PASSWORD=secret"), Transport.WS))
                .flatMap(s -> s);
    }

    /**
     * libzmq runs {@code emit} (hello-0, hello-1, ... every 20 ms) and the first messages zmq4j
     * receives match the case's messages, in order, as regular expressions: a PUB or RADIO drops
     * what it sends before the subscription arrives, so which hello comes first is not known there.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("receives")
    void zmq4jReceivesWhatLibzmqEmits(Run run) {
        Socket z = socket(run.c().type());
        start(run, z, "emit", 0);
        for (String expected : run.c().messages()) {
            String got = MessageText.text(z.recv());
            assertTrue(got.matches(expected), "expected " + expected + ", got " + got);
        }
    }

    static Stream<Run> echoes() {
        return Stream.of(
                over(Case.of("REQ to libzmq REP, three requests", SocketType.REQ, "REP", "q-0", "q-1", "q-2"), Transport.WS, Transport.WSS),
                over(Case.of("PAIR with libzmq PAIR, two frames and then one empty frame", SocketType.PAIR, "PAIR", "a|b", ""), Transport.WS),
                over(Case.of("CLIENT to libzmq SERVER, answered by its routing id", SocketType.CLIENT, "SERVER", "hello"), Transport.WS))
                .flatMap(s -> s);
    }

    /** zmq4j sends each message and libzmq, running {@code echo}, prints it and sends it back. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("echoes")
    void libzmqEchoesWhatZmq4jSends(Run run) {
        List<String> messages = run.c().messages();
        Socket z = socket(run.c().type());
        Peer p = start(run, z, "echo", messages.size());
        for (String m : messages) {
            z.send(MessageText.message(m));
            assertEquals("GOT " + m, p.expectLine("message " + m));
            assertEquals(m, MessageText.text(z.recv()));
        }
    }

    static Stream<Run> answers() {
        return Stream.of(
                over(Case.of("REP answers libzmq REQ", SocketType.REP, "REQ", "ping-0", "ping-1", "ping-2"), Transport.WS, Transport.WSS),
                over(Case.of("ROUTER answers libzmq DEALER by its routing id", SocketType.ROUTER, "DEALER", "ping-0", "ping-1"),
                        Transport.WS, Transport.WSS),
                over(Case.of("SERVER answers libzmq CLIENT by its routing id", SocketType.SERVER, "CLIENT", "ping-0", "ping-1"), Transport.WS))
                .flatMap(s -> s);
    }

    /**
     * libzmq, running {@code ask}, sends the messages (ping-0, ping-1, ...) one at a time; zmq4j
     * answers each with pong-i, by the routing id it came with where the type routes.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void zmq4jAnswersLibzmq(Run run) {
        List<String> pings = run.c().messages();
        Socket z = socket(run.c().type());
        Peer p = start(run, z, "ask", pings.size());
        boolean routed = z.type() != SocketType.REP;
        for (int i = 0; i < pings.size(); i++) {
            Msg m = z.recv();
            assertEquals(pings.get(i), m.string(routed ? 1 : 0));
            byte[] pong = ("pong-" + i).getBytes(StandardCharsets.UTF_8);
            z.send(routed ? Msg.of(m.routingId(), pong) : Msg.of(pong));
            assertEquals("REPLY pong-" + i, p.expectLine("reply " + i));
        }
    }

    static Stream<Run> filters() {
        return Stream.of(
                over(Case.of("PUB to libzmq SUB, which takes only its subscription", SocketType.PUB, "SUB", "sport|goal", "news|rain"),
                        Transport.WS),
                over(Case.of("RADIO to libzmq DISH, which takes only the group it joined", SocketType.RADIO, "DISH", "sport:goal", "news:rain"),
                        Transport.WS))
                .flatMap(s -> s);
    }

    /**
     * zmq4j sends the first (unwanted) and then the second (wanted) message until libzmq, which
     * subscribed to or joined news, prints one: the first it prints is the wanted one.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void libzmqGetsOnlyWhatItSubscribedTo(Run run) {
        String unwanted = run.c().messages().get(0);
        String wanted = run.c().messages().get(1);
        Socket z = socket(run.c().type());
        Peer p = start(run, z, "recv", 1);
        String got = null;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (got == null && System.nanoTime() < deadline) {
            z.send(MessageText.message(unwanted));
            z.send(MessageText.message(wanted));
            got = pollLine(p, 20);
        }
        assertEquals("GOT " + wanted, got, "libzmq's subscription to news reached zmq4j's " + z.type());
    }

    static Stream<Link> wsAndWss() {
        return Stream.of(Transport.values()).flatMap(t -> Stream.of(new Link(t, true), new Link(t, false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wsAndWss")
    void dealerToLibzmqRouterWithALargeMessage(Link link) {
        Socket dealer = socket(SocketType.DEALER);
        Peer p = join(dealer, link, List.of(), "ROUTER", "echo", 2);
        dealer.send(Msg.of("", "one"));
        assertEquals("GOT |one", p.expectLine("the dealer's message"));
        Msg back = dealer.recv();
        assertEquals(2, back.size());
        assertEquals("one", back.string(1));
        // over wss: many TLS records each way, and more than the kernel's socket buffers take at once
        int size = link.transport() == Transport.WSS ? 2_000_000 : 100_000;
        byte[] big = new byte[size];
        Arrays.fill(big, (byte) 'z');
        dealer.send(Msg.of(big));
        assertEquals(size + 4, p.expectLine("the large message").length());
        assertEquals(size, dealer.recv().frame(0).length);
    }

    private static String pollLine(Peer p, long ms) {
        try {
            return p.lines.poll(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Test
    void aWrongPlainPasswordNeverReachesLibzmq() {
        Socket push = socket(SocketType.PUSH).setPlainCredentials("admin", "wrong");
        Peer p = join(push, true, List.of("WS_PEER_PLAIN_SERVER=1"), "PULL", "recv", 1);
        push.trySend(Msg.of("intruder"));
        assertEquals(null, pollLine(p, 500));
    }

    /** DISCONNECTED events on {@code s}: a heartbeat timeout on either side ends in one. */
    private static BlockingQueue<io.zmq4j.SocketEvent> disconnects(Socket s) {
        BlockingQueue<io.zmq4j.SocketEvent> q = new LinkedBlockingQueue<>();
        s.onEvent(java.util.EnumSet.of(io.zmq4j.Event.DISCONNECTED), q::add);
        return q;
    }

    /**
     * The heartbeat settings of both ping tests. The pings are frequent, but the timeout is wide:
     * a peer stalled on a loaded machine (a GC pause, a starved process) runs its timers before it
     * reads the pong that waits for it, so a timeout of a few intervals drops answered peers. The
     * idle window spans the interval and the timeout with room to spare, so a peer that never
     * answers is still dropped within it.
     */
    private static final Duration PING_IVL = Duration.ofMillis(50);
    private static final Duration PING_TIMEOUT = Duration.ofMillis(1000);
    private static final Duration IDLE = PING_IVL.plus(PING_TIMEOUT).multipliedBy(2).plusMillis(400);

    @Test
    void zmq4jPingsAreAnsweredByLibzmq() throws Exception {
        Socket pair = socket(SocketType.PAIR).setHeartbeat(PING_IVL, PING_TIMEOUT);
        BlockingQueue<io.zmq4j.SocketEvent> lost = disconnects(pair);
        join(pair, true, "PAIR", "echo", 2);
        pair.send(Msg.of("before"));
        assertEquals("before", pair.recv().string(0));
        assertEquals(null, lost.poll(IDLE.toMillis(), TimeUnit.MILLISECONDS), "libzmq did not answer zmq4j's WebSocket pings");
        pair.send(Msg.of("after an idle while"));
        assertEquals("after an idle while", pair.recv().string(0));
    }

    @Test
    void libzmqPingsAreAnsweredByZmq4j() throws Exception {
        // libzmq's close of a peer that did not answer would be a DISCONNECTED here
        Socket pair = socket(SocketType.PAIR);
        BlockingQueue<io.zmq4j.SocketEvent> lost = disconnects(pair);
        join(pair, true, List.of("WS_PEER_HEARTBEAT_MS=" + PING_IVL.toMillis(), "WS_PEER_HEARTBEAT_TIMEOUT_MS=" + PING_TIMEOUT.toMillis()),
                "PAIR", "echo", 2);
        pair.send(Msg.of("before"));
        assertEquals("before", pair.recv().string(0));
        assertEquals(null, lost.poll(IDLE.toMillis(), TimeUnit.MILLISECONDS), "zmq4j did not answer libzmq's WebSocket pings");
        pair.send(Msg.of("after an idle while"));
        assertEquals("after an idle while", pair.recv().string(0));
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
