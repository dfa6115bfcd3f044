package io.zmq4j.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Context;
import io.zmq4j.Event;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketEvent;
import io.zmq4j.SocketType;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * zmq4j over a real lossy network: a {@link LossyLink} with 5 % loss, 50 ms ± 20 ms delay (so
 * packets reorder) and 1 % duplication, a zmq4j peer in a child JVM on the far side. Every test
 * also proves the link really was impaired, and that nothing leaked once it is over.
 */
@Tag("faults") // own JVM: its leak counts are per process (see the core pom)
@Timeout(120)
class LossyNetworkTest {
    private static final Duration DELAY = Duration.ofMillis(50);
    private static final Duration JITTER = Duration.ofMillis(20);
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration HEARTBEAT = Duration.ofMillis(250);
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(2);

    private Leaks before;
    private LossyLink link;

    @org.junit.jupiter.api.BeforeAll
    static void warmUp() {
        Leaks.warmUp();
    }

    @BeforeEach
    void impairedLink() {
        before = Leaks.count();
        link = LossyLink.open().impair(0.05, DELAY, JITTER, 0.01);
    }

    @AfterEach
    void nothingLeft() {
        if (link != null) {
            link.close();
        }
        Leaks.assertNoneSince(before);
    }

    private void assertTheLinkLostAndDuplicated() {
        long[] s = link.stats();
        assertTrue(s[1] > 0, "the link dropped no packet: the test proved nothing about loss");
        assertTrue(s[2] > 0, "the link duplicated no packet: the test proved nothing about duplicates");
    }

    @Test
    void pushPullDeliversEveryMessageOnceAndInOrder() {
        int count = 2000;
        try (Context ctx = Context.create(); Socket pull = ctx.socket(SocketType.PULL)) {
            String endpoint = pull.bind("tcp://" + link.near() + ":*");
            try (LineProcess push = NetPeer.start(link, "push", endpoint, String.valueOf(count), "256")) {
                push.expect("READY", LossyLink.WAIT);
                for (long i = 0; i < count; i++) {
                    Msg m = pull.recv(PATIENCE);
                    assertNotNull(m, "message " + i + " of " + count + " never arrived");
                    assertEquals(i, NetPeer.number(m), "out of order or duplicated");
                }
                push.expect("sent " + count, LossyLink.WAIT);
                assertNull(pull.recv(Duration.ofMillis(500)), "a message arrived twice");
            }
        }
        assertTheLinkLostAndDuplicated();
    }

    @Test
    void dealerRouterAnswersEveryRequestOnceAndInOrder() {
        int count = 1000;
        try (LineProcess router = NetPeer.start(link, "echo", "ROUTER", "tcp://" + link.far() + ":5555");
                Context ctx = Context.create();
                Socket dealer = ctx.socket(SocketType.DEALER).setLinger(Duration.ZERO)) {
            router.expect("READY", LossyLink.WAIT);
            dealer.connect("tcp://" + link.far() + ":5555");
            for (long i = 0; i < count; i++) {
                dealer.send(NetPeer.numbered(i, 256));
            }
            for (long i = 0; i < count; i++) {
                Msg m = dealer.recv(PATIENCE);
                assertNotNull(m, "reply " + i + " of " + count + " never arrived");
                assertEquals(i, NetPeer.number(m), "out of order or duplicated");
            }
            assertNull(dealer.recv(Duration.ofMillis(500)), "a reply arrived twice");
        }
        assertTheLinkLostAndDuplicated();
    }

    /** A DEALER that sees its connection's comings and goings. */
    private static Socket watchedDealer(Context ctx, BlockingQueue<SocketEvent> events, Duration reconnect) {
        Socket dealer = ctx.socket(SocketType.DEALER).setLinger(Duration.ZERO);
        dealer.setHeartbeat(HEARTBEAT, HEARTBEAT_TIMEOUT).setReconnectInterval(reconnect)
                .setConnectTimeout(Duration.ofSeconds(1));
        dealer.onEvent(EnumSet.of(Event.DISCONNECTED, Event.HANDSHAKE_SUCCEEDED), events::add);
        return dealer;
    }

    private static SocketEvent next(BlockingQueue<SocketEvent> events, Event wanted, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            for (long left; (left = deadline - System.nanoTime()) > 0; ) {
                SocketEvent e = events.poll(left, TimeUnit.NANOSECONDS);
                if (e != null && e.event() == wanted) {
                    return e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private static void roundTrip(Socket s, String text) {
        s.send(Msg.of(text));
        Msg reply = s.recv(PATIENCE);
        assertNotNull(reply, "no answer to " + text);
        assertEquals(text, reply.string(0));
    }

    @Test
    void aCutLinkIsDetectedByHeartbeatsAndTheConnectionReturnsWhenItIsRestored() {
        BlockingQueue<SocketEvent> events = new LinkedBlockingQueue<>();
        try (LineProcess router = NetPeer.start(link, "echo", "ROUTER", "tcp://" + link.far() + ":5555");
                Context ctx = Context.create();
                Socket dealer = watchedDealer(ctx, events, Duration.ofMillis(200))) {
            router.expect("READY", LossyLink.WAIT);
            dealer.connect("tcp://" + link.far() + ":5555");
            assertNotNull(next(events, Event.HANDSHAKE_SUCCEEDED, PATIENCE));
            roundTrip(dealer, "before the cut");

            link.down();
            long cut = System.nanoTime();
            // nothing comes back, so the heartbeat timeout (not TCP's minutes) must end the connection
            assertNotNull(next(events, Event.DISCONNECTED, HEARTBEAT_TIMEOUT.multipliedBy(4)),
                    "the dead link was not noticed within four heartbeat timeouts");
            long noticedMs = (System.nanoTime() - cut) / 1_000_000;
            assertTrue(noticedMs >= HEARTBEAT_TIMEOUT.toMillis() / 2, "noticed after " + noticedMs + " ms: not by the heartbeat");

            link.up();
            assertNotNull(next(events, Event.HANDSHAKE_SUCCEEDED, PATIENCE), "no reconnect after the link came back");
            roundTrip(dealer, "after the cut");
            assertTrue(dealer.stats().reconnects() >= 1, "reconnects: " + dealer.stats());
        }
    }

    /** The control for the test above: it depends on the reconnect, and fails without it. */
    @Test
    void withReconnectDisabledTheRestoredLinkCarriesNothing() {
        BlockingQueue<SocketEvent> events = new LinkedBlockingQueue<>();
        try (LineProcess router = NetPeer.start(link, "echo", "ROUTER", "tcp://" + link.far() + ":5555");
                Context ctx = Context.create();
                Socket dealer = watchedDealer(ctx, events, Duration.ofMillis(-1))) {
            router.expect("READY", LossyLink.WAIT);
            // no reconnection, so the one attempt must outlast lost SYNs (retransmitted at 1, 3,
            // 7 s): with the 1 s connect timeout a lost SYN failed the test about one run in ten
            dealer.setConnectTimeout(Duration.ofSeconds(20));
            dealer.connect("tcp://" + link.far() + ":5555");
            assertNotNull(next(events, Event.HANDSHAKE_SUCCEEDED, PATIENCE));
            roundTrip(dealer, "before the cut");
            link.down();
            assertNotNull(next(events, Event.DISCONNECTED, HEARTBEAT_TIMEOUT.multipliedBy(4)));
            link.up();
            assertNull(next(events, Event.HANDSHAKE_SUCCEEDED, Duration.ofSeconds(3)), "reconnected although disabled");
            assertFalse(dealer.trySend(Msg.of("after the cut")), "a DEALER with no connection took a message");
        }
    }

    @Test
    void reqRecoversFromARequestLostWithTheLinkWhenRelaxedAndCorrelated() {
        BlockingQueue<SocketEvent> events = new LinkedBlockingQueue<>();
        try (LineProcess rep = NetPeer.start(link, "echo", "REP", "tcp://" + link.far() + ":5555");
                Context ctx = Context.create();
                Socket req = ctx.socket(SocketType.REQ).setLinger(Duration.ZERO)) {
            req.setReqRelaxed(true).setReqCorrelate(true).setHeartbeat(HEARTBEAT, HEARTBEAT_TIMEOUT)
                    .setReconnectInterval(Duration.ofMillis(200)).setConnectTimeout(Duration.ofSeconds(1));
            req.onEvent(EnumSet.of(Event.DISCONNECTED, Event.HANDSHAKE_SUCCEEDED), events::add);
            rep.expect("READY", LossyLink.WAIT);
            req.connect("tcp://" + link.far() + ":5555");
            roundTrip(req, "one");

            link.down();
            req.send(Msg.of("two")); // into a connection nobody has noticed is dead yet
            assertNotNull(next(events, Event.DISCONNECTED, HEARTBEAT_TIMEOUT.multipliedBy(4)));
            link.up();
            assertNotNull(next(events, Event.HANDSHAKE_SUCCEEDED, PATIENCE));
            // relaxed: a new request without the lost reply; correlated: a late answer to "two",
            // should one still come, is not taken for the answer to "three"
            roundTrip(req, "three");
        }
    }

    @Test
    void pubSubLosesOnlyWhatTheHighWaterMarkDropsAndCountsIt() {
        int count = 20_000;
        try (LineProcess xpub = NetPeer.start(link, "xpub", "tcp://" + link.far() + ":5555", String.valueOf(count), "1024", "100");
                Context ctx = Context.create();
                Socket sub = ctx.socket(SocketType.SUB).setLinger(Duration.ZERO)) {
            xpub.expect("READY", LossyLink.WAIT);
            sub.subscribe("");
            sub.connect("tcp://" + link.far() + ":5555");
            long received = 0;
            long last = -1;
            while (true) {
                Msg m = sub.recv(PATIENCE);
                assertNotNull(m, "the end marker never arrived after " + received + " messages");
                if (m.frame(0).length == 3 && "end".equals(m.string(0))) {
                    break;
                }
                long n = NetPeer.number(m);
                assertTrue(n > last, "message " + n + " after " + last + ": out of order or duplicated");
                last = n;
                received++;
            }
            String[] said = xpub.expect("sent", LossyLink.WAIT).split(" ");
            long sent = Long.parseLong(said[0]);
            long dropped = Long.parseLong(said[2]);
            assertEquals(count, sent);
            assertTrue(dropped > 0, "the publisher never reached its HWM: the test proved nothing about drops");
            assertEquals(sent, received + dropped, "received " + received + ", dropped by the HWM " + dropped);
        }
        // a publisher at its HWM fills few, full segments: at 1 % a run may see no duplicate (one in
        // a CI run did not), so this test asks only for loss; the other tests prove duplication
        assertTrue(link.stats()[1] > 0, "the link dropped no packet: the test proved nothing about loss");
    }
}
