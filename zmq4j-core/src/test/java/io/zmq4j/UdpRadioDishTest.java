package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** RADIO and DISH over udp://, with libzmq's datagram layout: group length, group, body. */
@Timeout(30)
class UdpRadioDishTest {
    private final Context ctx = Context.create();

    @AfterEach
    void close() {
        ctx.close();
    }

    private Socket socket(SocketType type) {
        return ctx.socket(type).setLinger(Duration.ZERO);
    }

    private static int port(String endpoint) {
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }

    @Test
    void dishReceivesOnlyTheGroupsItJoined() {
        Socket dish = socket(SocketType.DISH);
        dish.join("weather");
        String ep = dish.bind("udp://127.0.0.1:*");
        assertTrue(port(ep) > 0, ep);
        Socket radio = socket(SocketType.RADIO);
        radio.connect(ep);
        radio.send(Msg.of("goal").withGroup("sports"));
        radio.send(Msg.of("rain").withGroup("weather"));
        Msg got = dish.recv(Duration.ofSeconds(5));
        assertNotNull(got);
        assertEquals("weather", got.group());
        assertEquals("rain", got.string(0));
        assertNull(dish.recv(Duration.ofMillis(200)), "a group the dish never joined arrived");
    }

    @Test
    void leavingAGroupStopsItsMessages() {
        Socket dish = socket(SocketType.DISH);
        dish.join("a");
        dish.join("b");
        Socket radio = socket(SocketType.RADIO);
        radio.connect(dish.bind("udp://127.0.0.1:*"));
        dish.leave("a");
        radio.send(Msg.of("1").withGroup("a"));
        radio.send(Msg.of("2").withGroup("b"));
        Msg got = dish.recv(Duration.ofSeconds(5));
        assertEquals("b", got.group());
        assertEquals("2", got.string(0));
        assertNull(dish.recv(Duration.ofMillis(200)));
    }

    @Test
    void theDatagramOnTheWireIsGroupLengthGroupBody() throws Exception {
        try (DatagramSocket listener = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(5000);
            Socket radio = socket(SocketType.RADIO);
            radio.connect("udp://127.0.0.1:" + listener.getLocalPort());
            radio.send(Msg.of("hello").withGroup("grp"));
            DatagramPacket p = new DatagramPacket(new byte[9000], 9000);
            listener.receive(p);
            byte[] got = Arrays.copyOf(p.getData(), p.getLength());
            assertArrayEquals(new byte[] {3, 'g', 'r', 'p', 'h', 'e', 'l', 'l', 'o'}, got);
        }
    }

    @Test
    void aMessageOverTheDatagramLimitIsRefusedAndTheNextStillArrives() {
        Socket dish = socket(SocketType.DISH);
        dish.join("g");
        Socket radio = socket(SocketType.RADIO);
        radio.connect(dish.bind("udp://127.0.0.1:*"));
        // 1 + 1 + 8190 = 8192 fits exactly; one byte more does not
        ZmqException e = assertThrows(ZmqException.class, () -> radio.send(Msg.of(new byte[8191]).withGroup("g")));
        assertEquals(ZmqException.Kind.EMSGSIZE, e.kind());
        assertTrue(e.getMessage().contains("8192"), e.getMessage());
        radio.send(Msg.of(new byte[8190]).withGroup("g"));
        Msg got = dish.recv(Duration.ofSeconds(5));
        assertNotNull(got);
        assertEquals(8190, got.buffer(0).remaining());
    }

    @Test
    void malformedDatagramsAreDroppedAndLoseNothingElse() throws Exception {
        Socket dish = socket(SocketType.DISH);
        dish.join("g");
        String ep = dish.bind("udp://127.0.0.1:*");
        try (DatagramSocket raw = new DatagramSocket()) {
            InetAddress lo = InetAddress.getLoopbackAddress();
            int port = port(ep);
            raw.send(new DatagramPacket(new byte[0], 0, lo, port)); // no header at all
            raw.send(new DatagramPacket(new byte[] {9, 'g'}, 2, lo, port)); // group longer than the datagram
            raw.send(new DatagramPacket(new byte[9000], 9000, lo, port)); // over libzmq's 8192
            byte[] good = {1, 'g', 'o', 'k'};
            raw.send(new DatagramPacket(good, good.length, lo, port));
        }
        Msg got = dish.recv(Duration.ofSeconds(5));
        assertNotNull(got);
        assertEquals("g", got.group());
        assertEquals("ok", got.string(0));
        assertNull(dish.recv(Duration.ofMillis(200)));
    }

    @Test
    void aRadioSendsToUdpAndTcpDishesAlike() {
        Socket udpDish = socket(SocketType.DISH);
        udpDish.join("g");
        Socket tcpDish = socket(SocketType.DISH);
        tcpDish.join("g");
        Socket radio = socket(SocketType.RADIO);
        radio.connect(udpDish.bind("udp://127.0.0.1:*"));
        tcpDish.connect(radio.bind("tcp://127.0.0.1:*"));
        Msg viaTcp = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (viaTcp == null && System.nanoTime() < deadline) {
            radio.send(Msg.of("x").withGroup("g")); // until the tcp dish's JOIN has arrived
            viaTcp = tcpDish.recv(Duration.ofMillis(20));
        }
        assertNotNull(viaTcp);
        assertEquals("x", udpDish.recv(Duration.ofSeconds(5)).string(0));
    }

    @Test
    void multicastReachesEveryDishOfTheGroupOnTheInterface() throws Exception {
        NetworkInterface lo = NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
        Assumptions.assumeTrue(lo != null && canJoinMulticast(lo), "loopback cannot join multicast groups here");
        int port;
        try (DatagramSocket probe = new DatagramSocket(0)) {
            port = probe.getLocalPort();
        }
        String group = "udp://" + lo.getName() + ";239.193.7.11:" + port;
        Socket a = socket(SocketType.DISH);
        Socket b = socket(SocketType.DISH);
        a.join("m");
        b.join("m");
        assertEquals(group, a.bind(group));
        b.bind(group);
        Socket radio = socket(SocketType.RADIO).setMulticastHops(1).setMulticastLoop(true);
        radio.connect(group);
        radio.send(Msg.of("to all").withGroup("m"));
        assertEquals("to all", a.recv(Duration.ofSeconds(5)).string(0));
        assertEquals("to all", b.recv(Duration.ofSeconds(5)).string(0));
    }

    private static boolean canJoinMulticast(NetworkInterface nic) {
        try (MulticastSocket s = new MulticastSocket(0)) {
            s.joinGroup(new java.net.InetSocketAddress(InetAddress.getByName("239.193.7.12"), 0), nic);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void udpIsForRadioAndDishOnly() {
        ZmqException e = assertThrows(ZmqException.class, () -> socket(SocketType.PUB).bind("udp://127.0.0.1:*"));
        assertEquals(ZmqException.Kind.ENOCOMPATPROTO, e.kind());
        assertTrue(e.getMessage().contains("RADIO and DISH"), e.getMessage());
    }

    @Test
    void aRadioConnectsAndADishBinds() {
        assertEquals(ZmqException.Kind.ENOCOMPATPROTO,
                assertThrows(ZmqException.class, () -> socket(SocketType.RADIO).bind("udp://127.0.0.1:*")).kind());
        assertEquals(ZmqException.Kind.ENOCOMPATPROTO,
                assertThrows(ZmqException.class, () -> socket(SocketType.DISH).connect("udp://127.0.0.1:5555")).kind());
    }

    @Test
    void badUdpEndpointsAreRefusedWithTheReason() {
        Socket radio = socket(SocketType.RADIO);
        assertEquals(ZmqException.Kind.EINVAL, assertThrows(ZmqException.class, () -> radio.connect("udp://127.0.0.1")).kind());
        assertEquals(ZmqException.Kind.EINVAL, assertThrows(ZmqException.class, () -> radio.connect("udp://*:5555")).kind());
        assertEquals(ZmqException.Kind.EINVAL, assertThrows(ZmqException.class, () -> radio.connect("udp://127.0.0.1:*")).kind());
        ZmqException unicastIface = assertThrows(ZmqException.class, () -> radio.connect("udp://lo;127.0.0.1:5555"));
        assertEquals(ZmqException.Kind.EINVAL, unicastIface.kind());
        assertTrue(unicastIface.getMessage().contains("multicast"), unicastIface.getMessage());
        ZmqException noSuchNic = assertThrows(ZmqException.class, () -> radio.connect("udp://nosuchnic0;239.1.1.1:5555"));
        assertEquals(ZmqException.Kind.EADDRNOTAVAIL, noSuchNic.kind());
    }

    @Test
    void aPortInUseIsEaddrinuse() {
        Socket first = socket(SocketType.DISH);
        String ep = first.bind("udp://127.0.0.1:*");
        assertEquals(ZmqException.Kind.EADDRINUSE, assertThrows(ZmqException.class, () -> socket(SocketType.DISH).bind(ep)).kind());
    }

    @Test
    void unbindStopsDelivery() {
        Socket dish = socket(SocketType.DISH);
        dish.join("g");
        String ep = dish.bind("udp://127.0.0.1:*");
        Socket radio = socket(SocketType.RADIO);
        radio.connect(ep);
        radio.send(Msg.of("before").withGroup("g"));
        assertEquals("before", dish.recv(Duration.ofSeconds(5)).string(0));
        dish.unbind(ep);
        radio.send(Msg.of("after").withGroup("g"));
        assertNull(dish.recv(Duration.ofMillis(300)));
        assertEquals(ZmqException.Kind.ENOENT, assertThrows(ZmqException.class, () -> dish.unbind(ep)).kind());
        radio.disconnect(ep);
        assertEquals(ZmqException.Kind.ENOENT, assertThrows(ZmqException.class, () -> radio.disconnect(ep)).kind());
    }

    @Test
    void groupsAreUtf8OnTheWire() throws Exception {
        try (DatagramSocket listener = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(5000);
            Socket radio = socket(SocketType.RADIO);
            radio.connect("udp://127.0.0.1:" + listener.getLocalPort());
            radio.send(Msg.of("x").withGroup("météo"));
            DatagramPacket p = new DatagramPacket(new byte[100], 100);
            listener.receive(p);
            byte[] g = "météo".getBytes(StandardCharsets.UTF_8);
            assertEquals(g.length, p.getData()[0]);
            assertArrayEquals(g, Arrays.copyOfRange(p.getData(), 1, 1 + g.length));
        }
    }
}
