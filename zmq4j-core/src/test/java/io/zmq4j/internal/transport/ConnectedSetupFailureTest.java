package io.zmq4j.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Context;
import io.zmq4j.Event;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketEvent;
import io.zmq4j.SocketType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connecting side's counterpart of {@link AcceptedConnectionSetupFailureTest}: setting up a
 * connection this side just made throws, before or after CONNECTED. The session must close that
 * connection, count its engine out, and connect again. It used to leave the session stuck (a
 * throw on the selector's connect callback went to the callback's default handler, which closed
 * the channel behind the session's back: no retry, ever) or, when the engine's start threw, the
 * engine counted open and its channel unclosed, with CONNECTED never followed by DISCONNECTED.
 *
 * <p>The failures are made through {@link Session#connectSetupProbe}, the seam where TLS and
 * WebSocket setup run.
 */
@Timeout(30)
class ConnectedSetupFailureTest {
    @TempDir
    Path dir;

    @AfterEach
    void removeProbe() {
        Session.connectSetupProbe = null;
    }

    /** Runs {@code action} on the first connection made only. */
    private static Consumer<java.nio.channels.SocketChannel> firstOnly(Consumer<java.nio.channels.SocketChannel> action) {
        AtomicInteger left = new AtomicInteger(1);
        return ch -> {
            if (left.getAndDecrement() > 0) {
                action.accept(ch);
            }
        };
    }

    @Test
    void aConnectionWhoseSetupThrowsIsClosedUnannouncedAndRetried() throws Exception {
        Session.connectSetupProbe = firstOnly(ch -> {
            throw new IllegalStateException("simulated: TLS engine would not start");
        });
        List<Event> seen = pushThroughAFailedFirstConnection("tcp://127.0.0.1:*");
        int retried = seen.indexOf(Event.CONNECT_RETRIED);
        assertTrue(retried >= 0, "no reconnect after the failed setup: " + seen);
        assertEquals(-1, seen.subList(0, retried).indexOf(Event.CONNECTED), "the failed connection was announced: " + seen);
        assertEquals(1, Collections.frequency(seen, Event.CONNECTED), "CONNECTED events: " + seen);
        assertEquals(0, Collections.frequency(seen, Event.DISCONNECTED), "DISCONNECTED events: " + seen);
    }

    @Test
    void aConnectionWhoseEngineFailsToStartAfterConnectedIsDisconnectedOnceAndRetried() throws Exception {
        // ipc connects at once, so the channel is not registered yet: put back in blocking mode,
        // the engine's registration in start() throws IllegalBlockingModeException after CONNECTED
        Session.connectSetupProbe = firstOnly(ch -> {
            try {
                ch.configureBlocking(true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        List<Event> seen = pushThroughAFailedFirstConnection("ipc://" + dir.resolve("s"));
        assertEquals(List.of(Event.CONNECTED, Event.HANDSHAKE_FAILED_NO_DETAIL, Event.DISCONNECTED, Event.CONNECT_RETRIED,
                Event.CONNECTED, Event.HANDSHAKE_SUCCEEDED), seen);
    }

    /**
     * Binds a PULL at {@code endpoint}, connects a PUSH to it whose first connection the probe
     * spoils, and checks a message still gets through, that closing the context does not wait
     * and that no engine is left counted open; returns the PUSH's events up to the working
     * connection's HANDSHAKE_SUCCEEDED.
     */
    private static List<Event> pushThroughAFailedFirstConnection(String endpoint) throws Exception {
        int liveBefore = StreamEngine.live();
        List<SocketEvent> all = Collections.synchronizedList(new ArrayList<>());
        List<Event> seen = new ArrayList<>();
        Context ctx = Context.create();
        try {
            Socket pull = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO);
            String ep = pull.bind(endpoint);
            Socket push = ctx.socket(SocketType.PUSH).setLinger(Duration.ZERO).setReconnectInterval(Duration.ofMillis(20));
            push.onEvent(EnumSet.complementOf(EnumSet.of(Event.CONNECT_DELAYED, Event.MONITOR_STOPPED)), all::add);
            push.connect(ep);
            push.send("after the failure");
            Msg m = pull.recv(Duration.ofSeconds(10));
            assertTrue(m != null, "nothing got through after the first connection failed: " + all);
            assertEquals("after the failure", m.string(0));
            // events reach listeners on a thread of their own: the last of the working connection's
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!names(all).contains(Event.HANDSHAKE_SUCCEEDED) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            seen.addAll(names(all));
        } finally {
            assertTimeoutPreemptively(Duration.ofSeconds(5), ctx::close, "closing the context waited");
        }
        assertEquals(liveBefore, StreamEngine.live(), "open connections after the context closed");
        return seen;
    }

    private static List<Event> names(List<SocketEvent> events) {
        List<Event> out = new ArrayList<>();
        synchronized (events) {
            events.forEach(e -> out.add(e.event()));
        }
        return out;
    }
}
