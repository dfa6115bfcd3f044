package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(30)
class PubSubTest {
    private final Context ctx = Context.create();

    @AfterEach
    void close() {
        ctx.close();
    }

    private Socket socket(SocketType t) {
        return ctx.socket(t).setLinger(Duration.ZERO).setReceiveTimeout(Duration.ofSeconds(5));
    }

    /** Publishes a probe until the subscriber sees it: the subscription has reached the publisher. */
    static void awaitSubscribed(Socket pub, Socket sub, String probeTopic) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            pub.send(Msg.of(probeTopic));
            Msg m = sub.recv(Duration.ofMillis(20));
            if (m != null) {
                while (sub.tryRecv() != null) {
                    // drain further probes
                }
                return;
            }
        }
        throw new AssertionError("subscription never reached the publisher");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc", "inproc"})
    void subscriberReceivesOnlyMatchingTopics(String transport) {
        Socket pub = socket(SocketType.PUB);
        Socket sub = socket(SocketType.SUB);
        sub.subscribe("weather");
        sub.subscribe("probe");
        sub.connect(pub.bind(TestEndpoints.bindable(transport)));
        awaitSubscribed(pub, sub, "probe");
        pub.send(Msg.of("sports", "goal"));
        pub.send(Msg.of("weather.paris", "rain"));
        Msg m = sub.recv();
        assertEquals("weather.paris", m.string(0));
        assertEquals("rain", m.string(1));
        assertNull(sub.recv(Duration.ofMillis(50)));
    }

    @Test
    void unsubscribeStopsDeliveryOnlyAfterAsManyCancelsAsSubscribes() {
        Socket pub = socket(SocketType.PUB);
        Socket sub = socket(SocketType.SUB);
        sub.connect(pub.bind("tcp://127.0.0.1:*"));
        sub.subscribe("t");
        sub.subscribe("t");
        awaitSubscribed(pub, sub, "t-probe");
        sub.unsubscribe("t");
        sub.subscribe("marker");
        awaitSubscribed(pub, sub, "marker"); // the cancel went before the marker, in order
        pub.send(Msg.of("t1"));
        assertNotNull(sub.recv(Duration.ofSeconds(2)), "one reference is left");
        sub.unsubscribe("t");
        sub.unsubscribe("marker");
        sub.subscribe("marker2");
        awaitSubscribed(pub, sub, "marker2");
        pub.send(Msg.of("t2"));
        assertNull(sub.recv(Duration.ofMillis(100)));
    }

    @Test
    void xpubSeesFirstSubscribeAndLastCancelOnly() {
        Socket xpub = socket(SocketType.XPUB);
        String ep = xpub.bind("tcp://127.0.0.1:*");
        Socket a = socket(SocketType.SUB);
        Socket b = socket(SocketType.SUB);
        a.connect(ep);
        b.connect(ep);
        a.subscribe("news");
        assertEquals("\u0001news", xpub.recv().string(0));
        b.subscribe("news");
        assertNull(xpub.recv(Duration.ofMillis(200)), "a second subscriber to the same topic is not news");
        a.unsubscribe("news");
        assertNull(xpub.recv(Duration.ofMillis(200)));
        b.unsubscribe("news");
        assertEquals("\u0000news", xpub.recv().string(0));
    }

    @Test
    void verboseXpubSeesEverySubscribe() {
        Socket xpub = socket(SocketType.XPUB).setXpubVerbose(true);
        String ep = xpub.bind("inproc://verbose");
        Socket a = socket(SocketType.SUB);
        Socket b = socket(SocketType.SUB);
        a.connect(ep);
        b.connect(ep);
        a.subscribe("x");
        b.subscribe("x");
        assertEquals("\u0001x", xpub.recv().string(0));
        assertEquals("\u0001x", xpub.recv().string(0));
    }

    @Test
    void subscriptionsAreResentAfterThePublisherRestarts() {
        Socket sub = socket(SocketType.SUB).setReconnectInterval(Duration.ofMillis(20));
        sub.subscribe("a");
        Socket pub = socket(SocketType.PUB);
        String ep = pub.bind("tcp://127.0.0.1:*");
        sub.connect(ep);
        awaitSubscribed(pub, sub, "a-probe");
        pub.close();
        Socket pub2 = socket(SocketType.PUB);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            try {
                pub2.bind(ep);
                break;
            } catch (ZmqException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.onSpinWait(); // the old listener closes on the I/O thread
            }
        }
        awaitSubscribed(pub2, sub, "a-again");
    }

    @Test
    void slowSubscriberLosesMessagesPastItsHwmWhileAFastOneLosesNone() throws Exception {
        Socket pub = socket(SocketType.PUB).setSendHwm(10);
        String ep = pub.bind("inproc://slowfast");
        Socket fast = ctx.socket(SocketType.SUB).setReceiveHwm(10).setLinger(Duration.ZERO);
        Socket slow = ctx.socket(SocketType.SUB).setReceiveHwm(10).setLinger(Duration.ZERO);
        fast.subscribe("");
        slow.subscribe("");
        fast.connect(ep);
        slow.connect(ep);
        awaitSubscribed(pub, fast, "probe");
        awaitSubscribed(pub, slow, "probe");
        while (fast.recv(Duration.ofMillis(50)) != null) {
            // drop the probes the fast one saw while the slow one was catching up
        }
        while (slow.tryRecv() != null) {
            // and the slow one's own
        }
        int n = 2000;
        int fastGot = 0;
        for (int i = 0; i < n; i++) {
            pub.send(Msg.of("m" + i)); // never blocks
            Msg m = fast.recv(Duration.ofSeconds(2));
            assertNotNull(m, "fast subscriber lost message " + i);
            assertEquals("m" + i, m.string(0));
            fastGot++;
        }
        int slowGot = 0;
        while (slow.tryRecv() != null) {
            slowGot++;
        }
        assertEquals(n, fastGot);
        assertTrue(slowGot <= 20, "slow subscriber kept only what fits its HWM, got " + slowGot);
    }

    @Test
    void invertedSubscriberGetsWhatDoesNotMatch() {
        Socket pub = socket(SocketType.PUB);
        Socket sub = socket(SocketType.SUB).setInvertMatching(true);
        Socket probe = socket(SocketType.SUB);
        String ep = pub.bind("inproc://invert");
        pub.setInvertMatching(true);
        sub.subscribe("skip");
        sub.connect(ep);
        pub.send(Msg.of("skip-me"));
        pub.send(Msg.of("keep-me"));
        assertEquals("keep-me", sub.recv().string(0));
        assertTrue(probe.topicsCount() == 0);
    }

    @Test
    void topicsCountCountsDistinctPrefixes() {
        Socket sub = socket(SocketType.SUB);
        sub.subscribe("a").subscribe("a").subscribe("b");
        assertEquals(2, sub.topicsCount());
    }

    @Test
    void welcomeMessageGreetsEachNewSubscriber() {
        Socket xpub = socket(SocketType.XPUB).setXpubWelcomeMessage("WELCOME".getBytes());
        String ep = xpub.bind("tcp://127.0.0.1:*");
        Socket sub = socket(SocketType.SUB);
        sub.subscribe("WELCOME");
        sub.connect(ep);
        // as in libzmq, the XPUB takes on a new peer when the application next uses it
        assertEquals("\u0001WELCOME", xpub.recv().string(0));
        assertEquals("WELCOME", sub.recv().string(0));
    }

    @Test
    void manualXpubAppliesSubscriptionsOnlyWhenTold() {
        Socket xpub = socket(SocketType.XPUB).setXpubManual(true);
        String ep = xpub.bind("inproc://manual");
        Socket sub = socket(SocketType.SUB);
        sub.connect(ep);
        sub.subscribe("A");
        assertEquals("\u0001A", xpub.recv().string(0));
        xpub.send(Msg.of("A1"));
        assertNull(sub.recv(Duration.ofMillis(50)), "not applied yet");
        xpub.subscribe("A");
        xpub.send(Msg.of("A2"));
        assertEquals("A2", sub.recv().string(0));
    }

    @Test
    void conflatedSubscriberKeepsOnlyTheNewestMessage() {
        Socket pub = socket(SocketType.PUB);
        Socket sub = socket(SocketType.SUB).setConflate(true);
        sub.subscribe("");
        String ep = pub.bind("tcp://127.0.0.1:*");
        sub.connect(ep);
        awaitSubscribed(pub, sub, "probe");
        for (int i = 0; i < 100; i++) {
            pub.send(Msg.of("v" + i));
        }
        Msg last = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            Msg m = sub.recv(Duration.ofMillis(100));
            if (m == null && last != null) {
                break;
            }
            if (m != null) {
                last = m;
            }
        }
        assertNotNull(last);
        assertEquals("v99", last.string(0));
    }

    @Test
    void xsubForwardsSubscriptionsUpstreamAsMessages() {
        Socket xpub = socket(SocketType.XPUB);
        Socket xsub = socket(SocketType.XSUB);
        xsub.connect(xpub.bind("tcp://127.0.0.1:*"));
        xsub.send(Msg.of(new byte[] {1, 'z'}));
        assertEquals("\u0001z", xpub.recv().string(0));
        xpub.send(Msg.of("zz"));
        assertEquals("zz", xsub.recv().string(0));
    }
}
