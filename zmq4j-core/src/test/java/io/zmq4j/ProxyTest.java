package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ProxyTest {
    private final Context ctx = Context.create();

    @AfterEach
    void close() {
        ctx.close();
    }

    private Socket socket(SocketType t) {
        return ctx.socket(t).setLinger(Duration.ZERO).setReceiveTimeout(Duration.ofSeconds(5));
    }

    /** Sockets are made and bound here, then handed to the proxy thread (a happens-before edge). */
    private CompletableFuture<Void> start(Socket frontend, Socket backend, Socket capture, Socket control) {
        return CompletableFuture.runAsync(() -> Proxy.runSteerable(frontend, backend, capture, control));
    }

    @Test
    void queueDeviceCarriesRequestsAndRepliesBetweenReqAndRep() throws Exception {
        Socket frontend = socket(SocketType.ROUTER);
        Socket backend = socket(SocketType.DEALER);
        String fe = frontend.bind("tcp://127.0.0.1:*");
        String be = backend.bind("tcp://127.0.0.1:*");
        CompletableFuture<Void> proxy = start(frontend, backend, null, null);
        Socket worker = socket(SocketType.REP);
        worker.connect(be);
        Socket client = socket(SocketType.REQ);
        client.connect(fe);
        for (int i = 0; i < 5; i++) {
            client.send(Msg.of("req" + i));
            assertEquals("req" + i, worker.recv().string(0));
            worker.send(Msg.of("rep" + i));
            assertEquals("rep" + i, client.recv().string(0));
        }
        ctx.close();
        proxy.get(5, TimeUnit.SECONDS); // returns once the context is closed
    }

    @Test
    void forwarderPassesSubscriptionsUpstreamAndMessagesDown() {
        Socket frontend = socket(SocketType.XSUB);
        Socket backend = socket(SocketType.XPUB);
        String fe = frontend.bind("tcp://127.0.0.1:*");
        String be = backend.bind("tcp://127.0.0.1:*");
        Socket capture = socket(SocketType.PAIR);
        Socket captured = socket(SocketType.PAIR);
        captured.bind("inproc://capture");
        capture.connect("inproc://capture");
        start(frontend, backend, capture, null);
        Socket pub = socket(SocketType.XPUB);
        pub.connect(fe);
        Socket sub = socket(SocketType.SUB);
        sub.subscribe("news");
        sub.connect(be);
        // the subscription crosses the forwarder and reaches the upstream publisher
        assertEquals("\u0001news", pub.recv().string(0));
        pub.send(Msg.of("news", "hello"));
        pub.send(Msg.of("spam"));
        Msg m = sub.recv();
        assertEquals("news", m.string(0));
        assertEquals("hello", m.string(1));
        assertNull(sub.recv(Duration.ofMillis(100)));
        assertEquals("\u0001news", captured.recv().string(0), "capture sees the subscription too");
    }

    @Test
    void streamerMovesPushedWorkToPullers() {
        Socket frontend = socket(SocketType.PULL);
        Socket backend = socket(SocketType.PUSH);
        String fe = frontend.bind("inproc://stream-in");
        String be = backend.bind("inproc://stream-out");
        start(frontend, backend, null, null);
        Socket source = socket(SocketType.PUSH);
        source.connect(fe);
        Socket sink = socket(SocketType.PULL);
        sink.connect(be);
        for (int i = 0; i < 100; i++) {
            source.send(Msg.of("task" + i));
        }
        for (int i = 0; i < 100; i++) {
            assertEquals("task" + i, sink.recv().string(0));
        }
    }

    @Test
    void steerableProxyPausesReportsStatisticsAndTerminates() throws Exception {
        Socket frontend = socket(SocketType.PULL);
        Socket backend = socket(SocketType.PUSH);
        frontend.bind("inproc://steer-in");
        backend.bind("inproc://steer-out");
        Socket control = socket(SocketType.PAIR);
        control.bind("inproc://steer-control");
        Socket steer = socket(SocketType.PAIR);
        steer.connect("inproc://steer-control");
        CompletableFuture<Void> proxy = start(frontend, backend, null, control);
        Socket source = socket(SocketType.PUSH);
        source.connect("inproc://steer-in");
        Socket sink = socket(SocketType.PULL);
        sink.connect("inproc://steer-out");

        source.send(Msg.of("abc"));
        assertEquals("abc", sink.recv().string(0));
        steer.send(Msg.of("PAUSE"));
        steer.send(Msg.of("STATISTICS")); // answered while paused: the control socket is still served
        Msg stats = steer.recv();
        assertEquals(8, stats.size());
        long[] v = new long[8];
        for (int i = 0; i < 8; i++) {
            v[i] = ByteBuffer.wrap(stats.frame(i)).order(ByteOrder.LITTLE_ENDIAN).getLong();
        }
        assertEquals(1, v[0], "frontend messages in");
        assertEquals(3, v[1], "frontend bytes in");
        assertEquals(1, v[6], "backend messages out");
        assertEquals(3, v[7], "backend bytes out");
        source.send(Msg.of("held"));
        assertNull(sink.recv(Duration.ofMillis(100)), "paused proxy forwards nothing");
        steer.send(Msg.of("RESUME"));
        assertEquals("held", sink.recv().string(0));
        steer.send(Msg.of("TERMINATE"));
        proxy.get(5, TimeUnit.SECONDS);
        assertTrue(proxy.isDone());
    }
}
