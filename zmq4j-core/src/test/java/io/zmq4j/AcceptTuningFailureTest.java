package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A keepalive idle time Linux refuses (over 32767 s) makes tuning every accepted connection
 * fail with EINVAL. As in libzmq, each such connection is closed and raises ACCEPT_FAILED with
 * that errno, and the listener keeps listening; the failure used to close the connection with
 * no event at all.
 */
@Timeout(30)
class AcceptTuningFailureTest {
    @Test
    void aConnectionTheKernelWillNotTuneRaisesAcceptFailedAndTheListenerGoesOn() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux"),
                "the limit on TCP_KEEPIDLE is Linux's");
        Context ctx = Context.create();
        try {
            BlockingQueue<SocketEvent> events = new LinkedBlockingQueue<>();
            Socket pull = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO)
                    .setTcpKeepalive(1).setTcpKeepaliveParameters(100_000, -1, -1);
            pull.onEvent(EnumSet.of(Event.ACCEPTED, Event.ACCEPT_FAILED), events::add);
            String ep = pull.bind("tcp://127.0.0.1:*");
            int port = Integer.parseInt(ep.substring(ep.lastIndexOf(':') + 1));
            for (int i = 0; i < 2; i++) { // the second one proves the listener still listens
                try (java.net.Socket peer = new java.net.Socket()) {
                    peer.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                    SocketEvent e = events.poll(10, TimeUnit.SECONDS);
                    assertTrue(e != null, "no event for connection " + i);
                    assertEquals(Event.ACCEPT_FAILED, e.event(), "connection " + i + ": " + e);
                    assertEquals(22, e.value(), "EINVAL expected: " + e);
                    assertEquals(ep, e.endpoint());
                    peer.setSoTimeout(10_000);
                    assertEquals(-1, peer.getInputStream().read(), "connection " + i + " was left open");
                }
            }
        } finally {
            assertTimeoutPreemptively(Duration.ofSeconds(5), ctx::close, "closing the context waited");
        }
    }
}
