package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(30)
class ThreadSafeSocketsTest {
    private final Context ctx = Context.create();

    @AfterEach
    void close() {
        ctx.close();
    }

    private Socket socket(SocketType t) {
        return ctx.socket(t).setLinger(Duration.ZERO).setReceiveTimeout(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "inproc"})
    void serverSeesEachClientByAFourByteRoutingIdAndRepliesToIt(String transport) {
        Socket server = socket(SocketType.SERVER);
        String ep = server.bind(TestEndpoints.bindable(transport));
        Socket client = socket(SocketType.CLIENT);
        client.connect(ep);
        client.send(Msg.of("hello"));
        Msg m = server.recv();
        assertEquals(2, m.size());
        assertEquals(4, m.routingId().length);
        assertEquals("hello", m.string(1));
        server.send(Msg.of(m.routingId(), "world".getBytes()));
        assertEquals("world", client.recv().string(0));
    }

    @Test
    void clientRefusesMultipartMessages() {
        Socket client = socket(SocketType.CLIENT);
        assertEquals(ZmqException.Kind.EINVAL, assertThrows(ZmqException.class, () -> client.send(Msg.of("a", "b"))).kind());
    }

    @Test
    void serverSendToAnUnknownPeerIsHostUnreachable() {
        Socket server = socket(SocketType.SERVER);
        ZmqException e = assertThrows(ZmqException.class, () -> server.send(Msg.of(new byte[] {0, 0, 0, 9}, "x".getBytes())));
        assertEquals(ZmqException.Kind.EHOSTUNREACH, e.kind());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "inproc"})
    void scatterSpreadsWorkThatGatherCollects(String transport) {
        Socket gather = socket(SocketType.GATHER);
        Socket scatter = socket(SocketType.SCATTER);
        scatter.connect(gather.bind(TestEndpoints.bindable(transport)));
        for (int i = 0; i < 10; i++) {
            scatter.send(Msg.of("t" + i));
        }
        for (int i = 0; i < 10; i++) {
            assertEquals("t" + i, gather.recv().string(0));
        }
    }

    @Test
    void channelIsAThreadSafePair() {
        Socket a = socket(SocketType.CHANNEL);
        Socket b = socket(SocketType.CHANNEL);
        b.connect(a.bind("inproc://channel"));
        b.send(Msg.of("ping"));
        assertEquals("ping", a.recv().string(0));
        a.send(Msg.of("pong"));
        assertEquals("pong", b.recv().string(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "inproc"})
    void peerCanSendToAConnectionAsSoonAsItConnects(String transport) {
        Socket a = socket(SocketType.PEER);
        Socket b = socket(SocketType.PEER);
        String ep = b.bind(TestEndpoints.bindable(transport));
        byte[] toB = a.connectPeer(ep);
        assertEquals(4, toB.length);
        a.send(Msg.of(toB, "hi b".getBytes()));
        Msg m = b.recv();
        assertEquals("hi b", m.string(1));
        b.send(Msg.of(m.routingId(), "hi a".getBytes()));
        Msg back = a.recv();
        assertArrayEquals(toB, back.routingId());
        assertEquals("hi a", back.string(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "inproc"})
    void dishReceivesOnlyTheGroupsItJoined(String transport) {
        Socket radio = socket(SocketType.RADIO);
        Socket dish = socket(SocketType.DISH);
        dish.join("weather");
        dish.connect(radio.bind(TestEndpoints.bindable(transport)));
        Msg got = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (got == null && System.nanoTime() < deadline) {
            radio.send(Msg.of("goal").withGroup("sports"));
            radio.send(Msg.of("rain").withGroup("weather"));
            got = dish.recv(Duration.ofMillis(20));
        }
        assertNotNull(got, "the join never reached the radio");
        do {
            assertEquals("weather", got.group());
            assertEquals("rain", got.string(0));
        } while ((got = dish.recv(Duration.ofMillis(50))) != null);
        dish.leave("weather");
        dish.join("marker");
        deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (got == null && System.nanoTime() < deadline) {
            radio.send(Msg.of("m").withGroup("marker"));
            got = dish.recv(Duration.ofMillis(20));
        }
        assertNotNull(got);
        radio.send(Msg.of("rain").withGroup("weather"));
        Msg after;
        while ((after = dish.recv(Duration.ofMillis(100))) != null) {
            assertEquals("marker", after.group(), "left weather: only marker messages remain");
        }
    }

    @Test
    void dishRejectsJoiningTwiceAndLeavingWhatItNeverJoined() {
        Socket dish = socket(SocketType.DISH);
        dish.join("g");
        assertEquals(ZmqException.Kind.EINVAL, assertThrows(ZmqException.class, () -> dish.join("g")).kind());
        assertEquals(ZmqException.Kind.EINVAL, assertThrows(ZmqException.class, () -> dish.leave("h")).kind());
    }

    @Test
    void manyThreadsShareOneClientAndOneServerWithoutLosingAMessage() throws Exception {
        Socket server = socket(SocketType.SERVER);
        Socket client = socket(SocketType.CLIENT);
        client.connect(server.bind("tcp://127.0.0.1:*"));
        int threads = 4;
        int each = 500;
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<Void>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            work.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < each; i++) {
                    client.send(Msg.of(id + ":" + i));
                }
            }));
            work.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < each; i++) {
                    seen.add(server.recv().string(1));
                }
            }));
        }
        for (CompletableFuture<Void> f : work) {
            f.get(20, TimeUnit.SECONDS);
        }
        assertEquals(threads * each, seen.size());
        assertNull(server.tryRecv());
    }
}
