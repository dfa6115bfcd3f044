package io.zmq4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The draft socket types against libzmq 4.3 built with its draft API ({@link DraftPeer}):
 * CLIENT and SERVER, SCATTER and GATHER, PEER, CHANNEL, and RADIO and DISH over tcp and udp (unicast and multicast),
 * with zmq4j on each side and binding or connecting in turn. Skipped, saying why, when
 * {@code bench/draft-libzmq} has not been run.
 */
@Timeout(30)
class LibzmqDraftInteropTest {
    private static final Duration WAIT = DraftPeer.WAIT;
    private static final String TCP = "tcp://127.0.0.1:*";
    private static final Pattern WEATHER_LINE = Pattern.compile("GOT weather (w-\\d+|quit)");
    private static final Pattern HELLO = Pattern.compile("hello-(\\d+)");

    private final Context ctx = Context.create();
    private final List<DraftPeer> peers = new ArrayList<>();

    // per test rather than per class, so that each skipped test carries the reason in the report
    @BeforeEach
    void needDraftLibzmq() {
        assumeTrue(!"skip".equals(System.getProperty("zmq4j.interop")), "interop tests skipped by -Dzmq4j.interop=skip");
        assumeTrue(DraftPeer.available(), DraftPeer::absentMessage);
    }

    @AfterEach
    void cleanup() {
        for (DraftPeer p : peers) {
            p.close();
        }
        ctx.close();
    }

    private DraftPeer peer(String... args) {
        DraftPeer p = DraftPeer.start(args);
        peers.add(p);
        return p;
    }

    private Socket socket(SocketType t) {
        return ctx.socket(t).setLinger(Duration.ZERO).setSendTimeout(WAIT);
    }

    /**
     * Starts the libzmq side with {@code role} and {@code type}, binding if zmq4j connects, and
     * links {@code z} to it.
     */
    private DraftPeer link(Socket z, boolean zmq4jBinds, String role, String type, String... groups) {
        List<String> args = new ArrayList<>(List.of(role, type));
        DraftPeer p;
        if (zmq4jBinds) {
            args.add("connect");
            args.add(z.bind(TCP));
            args.addAll(List.of(groups));
            p = peer(args.toArray(new String[0]));
        } else {
            args.add("bind");
            args.add(TCP);
            args.addAll(List.of(groups));
            p = peer(args.toArray(new String[0]));
            z.connect(p.endpoint());
        }
        return p;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void sendOk(Socket s, Msg m) {
        assertTrue(s.send(m, WAIT), "zmq4j " + s.type() + " could not send within " + WAIT);
    }

    private static Msg recvOk(Socket s, DraftPeer p) {
        Msg m = s.recv(WAIT);
        assertNotNull(m, "zmq4j " + s.type() + " received nothing within " + WAIT + "; " + p.diagnostics());
        return m;
    }

    private static void expectExit(DraftPeer p) {
        assertEquals(0, p.waitExit(WAIT), "draft_peer did not finish cleanly; " + p.diagnostics());
    }

    // ---- CLIENT and SERVER, CHANNEL, PEER: one zmq4j socket and one libzmq socket ask and answer ----

    /**
     * A zmq4j socket of {@code type} and a libzmq {@code libzmqType}; zmq4j binds when {@code
     * zmq4jBinds}. A PEER that connects addresses the other by the id {@code connectPeer} gave.
     */
    record Talk(SocketType type, String libzmqType, boolean zmq4jBinds) {
        boolean routed() {
            return type != SocketType.CHANNEL && type != SocketType.CLIENT;
        }

        @Override
        public String toString() {
            return "zmq4j " + type + " with libzmq " + libzmqType + ", " + (zmq4jBinds ? "zmq4j binds" : "libzmq binds");
        }
    }

    static Stream<Talk> zmq4jAsks() {
        return Stream.of(new Talk(SocketType.CLIENT, "SERVER", true), new Talk(SocketType.CLIENT, "SERVER", false),
                new Talk(SocketType.CHANNEL, "CHANNEL", true), new Talk(SocketType.CHANNEL, "CHANNEL", false),
                new Talk(SocketType.PEER, "PEER", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("zmq4jAsks")
    void zmq4jIsAnsweredByLibzmq(Talk t) {
        Socket z = socket(t.type());
        DraftPeer other;
        byte[] to = null;
        if (t.type() == SocketType.PEER) {
            other = peer("serve", "PEER", "bind", TCP);
            to = z.connectPeer(other.endpoint());
            assertEquals(4, to.length);
        } else {
            other = link(z, t.zmq4jBinds(), "serve", t.libzmqType());
        }
        sendOk(z, to == null ? Msg.of("hi") : Msg.of(to, b("hi")));
        Msg back = recvOk(z, other);
        if (to != null) {
            assertArrayEquals(to, back.routingId());
        }
        assertEquals(to == null ? 1 : 2, back.size());
        assertEquals("echo:hi", back.string(back.size() - 1));
        assertEquals("GOT - hi", other.expectLine());
        sendOk(z, to == null ? Msg.of("quit") : Msg.of(to, b("quit")));
        expectExit(other);
    }

    static Stream<Talk> libzmqAsks() {
        return Stream.of(new Talk(SocketType.SERVER, "CLIENT", true), new Talk(SocketType.SERVER, "CLIENT", false),
                new Talk(SocketType.CHANNEL, "CHANNEL", true), new Talk(SocketType.CHANNEL, "CHANNEL", false),
                new Talk(SocketType.PEER, "PEER", true));
    }

    /** A SERVER or PEER answers by the 4-byte routing id the question came with. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("libzmqAsks")
    void zmq4jAnswersLibzmq(Talk t) {
        Socket z = socket(t.type());
        DraftPeer other = link(z, t.zmq4jBinds(), "ask", t.libzmqType());
        Msg ping = recvOk(z, other);
        assertEquals(t.routed() ? 2 : 1, ping.size());
        if (t.routed()) {
            assertEquals(4, ping.routingId().length);
        }
        assertEquals("ping", ping.string(ping.size() - 1));
        sendOk(z, t.routed() ? Msg.of(ping.routingId(), b("pong")) : Msg.of("pong"));
        assertEquals("REPLY pong", other.expectLine());
        expectExit(other);
    }

    // ---- SCATTER and GATHER ----

    @ParameterizedTest(name = "zmq4j binds: {0}")
    @ValueSource(booleans = {true, false})
    void zmq4jScatterFeedsLibzmqGatherInOrder(boolean zmq4jBinds) {
        Socket scatter = socket(SocketType.SCATTER);
        DraftPeer gather = link(scatter, zmq4jBinds, "serve", "GATHER");
        for (int i = 0; i < 3; i++) {
            sendOk(scatter, Msg.of("work-" + i));
        }
        sendOk(scatter, Msg.of("quit"));
        for (int i = 0; i < 3; i++) {
            assertEquals("GOT - work-" + i, gather.expectLine());
        }
        assertEquals("GOT - quit", gather.expectLine());
        expectExit(gather);
    }

    @ParameterizedTest(name = "zmq4j binds: {0}")
    @ValueSource(booleans = {true, false})
    void zmq4jGatherCollectsFromLibzmqScatterInOrder(boolean zmq4jBinds) {
        Socket gather = socket(SocketType.GATHER);
        DraftPeer scatter = link(gather, zmq4jBinds, "emit", "SCATTER");
        // the first few may be dropped by libzmq before the connection is up; after that none
        long first = hello(recvOk(gather, scatter));
        for (int i = 1; i <= 5; i++) {
            Msg m = recvOk(gather, scatter);
            assertEquals(1, m.size());
            assertEquals(first + i, hello(m));
        }
    }

    private static long hello(Msg m) {
        Matcher h = HELLO.matcher(m.string(m.size() - 1));
        assertTrue(h.matches(), "not a hello-N message: " + m.string(m.size() - 1));
        return Long.parseLong(h.group(1));
    }

    // ---- RADIO and DISH ----

    /** A udp port nobody uses now: libzmq's udp bind does not resolve a wildcard port. */
    private static int freeUdpPort() {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A multicast udp endpoint on the loopback interface; the group address is random so that runs
     * beside each other on one machine do not hear each other.
     */
    private static String multicastEndpoint() {
        return "udp://lo;239.193.8." + ThreadLocalRandom.current().nextInt(1, 255) + ":" + freeUdpPort();
    }

    /**
     * A libzmq DISH joined to {@code groups} for zmq4j's {@code radio}: over tcp, zmq4j binds when
     * {@code zmq4jBinds}; over udp (unicast or multicast) the DISH binds.
     */
    private DraftPeer libzmqDish(Socket radio, String transport, boolean zmq4jBinds, String groups) {
        switch (transport) {
            case "tcp":
                return link(radio, zmq4jBinds, "serve", "DISH", groups);
            case "udp": {
                DraftPeer dish = peer("serve", "DISH", "bind", "udp://127.0.0.1:" + freeUdpPort(), groups);
                radio.connect("udp://" + dish.endpoint());
                return dish;
            }
            case "udp-multicast": {
                String ep = multicastEndpoint();
                DraftPeer dish = peer("serve", "DISH", "bind", ep, groups);
                radio.connect(ep);
                return dish;
            }
            default:
                throw new IllegalArgumentException(transport);
        }
    }

    /**
     * A libzmq RADIO sending to {@code groups} for zmq4j's {@code dish}: over tcp, zmq4j binds when
     * {@code zmq4jBinds}; over udp (unicast or multicast) the DISH binds.
     */
    private DraftPeer libzmqRadio(Socket dish, String transport, boolean zmq4jBinds, String groups) {
        switch (transport) {
            case "tcp":
                return link(dish, zmq4jBinds, "emit", "RADIO", groups);
            case "udp":
                return peer("emit", "RADIO", "connect", dish.bind("udp://127.0.0.1:*"), groups);
            case "udp-multicast":
                return peer("emit", "RADIO", "connect", dish.bind(multicastEndpoint()), groups);
            default:
                throw new IllegalArgumentException(transport);
        }
    }

    @ParameterizedTest(name = "over {0}, zmq4j binds: {1}")
    @CsvSource({"tcp, true", "tcp, false", "udp, false", "udp-multicast, false"})
    void libzmqDishGetsOnlyTheGroupItJoinedFromZmq4jRadio(String transport, boolean zmq4jBinds) {
        Socket radio = socket(SocketType.RADIO);
        DraftPeer dish = libzmqDish(radio, transport, zmq4jBinds, "weather");
        // over tcp nothing reaches the dish before its JOIN has reached the radio: send until it does
        String first = null;
        long deadline = System.nanoTime() + WAIT.toNanos();
        int i = 0;
        while (first == null && System.nanoTime() < deadline) {
            sendOk(radio, Msg.of("s-" + i).withGroup("sports"));
            sendOk(radio, Msg.of("w-" + i).withGroup("weather"));
            i++;
            first = dish.line(Duration.ofMillis(20));
        }
        assertNotNull(first, "libzmq DISH received nothing within " + WAIT + "; " + dish.diagnostics());
        for (int j = 0; j < 5; j++, i++) {
            sendOk(radio, Msg.of("s-" + i).withGroup("sports"));
            sendOk(radio, Msg.of("w-" + i).withGroup("weather"));
        }
        sendOk(radio, Msg.of("quit").withGroup("weather"));
        List<String> got = new ArrayList<>();
        got.add(first);
        got.addAll(dish.remainingLines());
        expectExit(dish);
        assertEquals("GOT weather quit", got.get(got.size() - 1), "all lines: " + got);
        // 1 to 5 rounds may race the first line; the 5 after it arrive whole
        assertTrue(got.size() >= 7, "too few weather messages: " + got);
        for (String l : got) {
            assertTrue(WEATHER_LINE.matcher(l).matches(), "libzmq DISH printed " + l + "; all lines: " + got);
        }
    }

    @ParameterizedTest(name = "over {0}, zmq4j binds: {1}")
    @CsvSource({"tcp, true", "tcp, false", "udp, true", "udp-multicast, true"})
    void zmq4jDishGetsOnlyTheGroupItJoinedFromLibzmqRadio(String transport, boolean zmq4jBinds) {
        Socket dish = socket(SocketType.DISH);
        dish.join("weather");
        DraftPeer radio = libzmqRadio(dish, transport, zmq4jBinds, "sports,weather");
        // hello-N goes to sports when N is even and to weather when N is odd
        long previous = -1;
        for (int i = 0; i < 6; i++) {
            Msg m = recvOk(dish, radio);
            assertEquals("weather", m.group());
            assertEquals(1, m.size());
            long n = hello(m);
            assertEquals(1, n % 2, "a sports message reached the dish: hello-" + n);
            assertTrue(n > previous, "hello-" + n + " after hello-" + previous);
            previous = n;
        }
        dish.leave("weather");
        // messages queued before the leave may still come; the radio sends every 20 ms, so 200 ms
        // of quiet means they have stopped
        long giveUp = System.nanoTime() + WAIT.toNanos();
        while (dish.recv(Duration.ofMillis(200)) != null) {
            if (System.nanoTime() > giveUp) {
                fail("messages kept arriving for " + WAIT + " after the dish left its only group");
            }
        }
        assertNull(dish.recv(Duration.ofMillis(300)), "a message arrived after the dish left its only group");
    }

    @ParameterizedTest(name = "zmq4j binds: {0}")
    @ValueSource(booleans = {true, false})
    void zmq4jDishJoiningOnAnOpenConnectionTellsLibzmqRadio(boolean zmq4jBinds) {
        Socket dish = socket(SocketType.DISH);
        DraftPeer radio = link(dish, zmq4jBinds, "emit", "RADIO", "sports,weather");
        assertNull(dish.recv(Duration.ofMillis(300)), "a message arrived before the dish joined any group");
        dish.join("sports");
        for (int i = 0; i < 3; i++) {
            Msg m = recvOk(dish, radio);
            assertEquals("sports", m.group());
            assertEquals(0, hello(m) % 2, "a weather message reached the dish: " + m.string(0));
        }
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"tcp", "udp"})
    void theLongestGroupCrossesBothWays(String transport) {
        String group = "g".repeat(254) + "z";
        // zmq4j RADIO to libzmq DISH. libzmq 4.3.4's udp receiver reads the group length as a
        // signed char and aborts on 128 or more, so over udp 127 bytes is the longest it survives
        String toLibzmq = transport.equals("udp") ? group.substring(128) : group;
        Socket radio = socket(SocketType.RADIO);
        DraftPeer dish = libzmqDish(radio, transport, false, toLibzmq);
        String first = null;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (first == null && System.nanoTime() < deadline) {
            sendOk(radio, Msg.of("long").withGroup(toLibzmq));
            first = dish.line(Duration.ofMillis(20));
        }
        assertEquals(127, group.substring(128).length());
        assertEquals("GOT " + toLibzmq + " long", first, "libzmq DISH; " + dish.diagnostics());
        // libzmq RADIO to zmq4j DISH: all 255 bytes, over udp too
        Socket zdish = socket(SocketType.DISH);
        zdish.join(group);
        DraftPeer lradio = libzmqRadio(zdish, transport, true, group);
        Msg m = recvOk(zdish, lradio);
        assertEquals(group, m.group());
        hello(m);
    }
}
