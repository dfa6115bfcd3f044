package io.zmq4j.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReactorTest {
    private final Context ctx = Context.create();

    @AfterEach
    void close() {
        ctx.close();
    }

    @Test
    void readerIsCalledForEachMessageOnItsSocket() throws Exception {
        try (Socket in = ctx.socket(SocketType.PULL); Socket out = ctx.socket(SocketType.PUSH)) {
            in.bind("inproc://reactor-reader");
            out.connect("inproc://reactor-reader");
            List<String> got = new ArrayList<>();
            Reactor r = new Reactor();
            r.reader(in, s -> {
                got.add(s.recv().string(0));
                if (got.size() == 3) {
                    r.stop();
                }
            });
            out.send(Msg.of("a"));
            out.send(Msg.of("b"));
            out.send(Msg.of("c"));
            r.run();
            assertEquals(List.of("a", "b", "c"), got);
        }
    }

    @Test
    void timerFiresTheGivenNumberOfTimesThenRunEndsWithNothingLeft() throws Exception {
        Reactor r = new Reactor();
        int[] fired = {0};
        long start = System.nanoTime();
        r.timer(Duration.ofMillis(20), 3, () -> fired[0]++);
        r.run(); // returns when the only timer is spent
        assertEquals(3, fired[0]);
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(60).toNanos(), "fired early");
    }

    @Test
    void cancelledTimerNeverFires() throws Exception {
        Reactor r = new Reactor();
        int[] fired = {0};
        Reactor.Timer t = r.timer(Duration.ofMillis(30), 1, () -> fired[0]++);
        r.timer(Duration.ofMillis(5), 1, t::cancel);
        r.timer(Duration.ofMillis(60), 1, () -> { });
        r.run();
        assertEquals(0, fired[0]);
    }

    @Test
    void resetTicketFiresOnlyAfterAFullDelayOfSilence() throws Exception {
        Reactor r = new Reactor();
        r.ticketDelay(Duration.ofMillis(80));
        long start = System.nanoTime();
        long[] firedAt = {0};
        Reactor.Timer ticket = r.ticket(() -> firedAt[0] = System.nanoTime());
        // Reset twice, 50 ms apart: the ticket cannot fire before 100 + 80 ms.
        r.timer(Duration.ofMillis(50), 2, ticket::reset);
        r.run();
        assertTrue(firedAt[0] - start >= Duration.ofMillis(180).toNanos(),
                "ticket fired after " + (firedAt[0] - start) / 1_000_000 + " ms");
    }

    @Test
    void ticketDelayChangeAppliesToTicketsResetAfterIt() throws Exception {
        Reactor r = new Reactor();
        long start = System.nanoTime();
        long[] firedAt = {0};
        Reactor.Timer ticket = r.ticket(() -> firedAt[0] = System.nanoTime()); // 60 s by default
        r.ticketDelay(Duration.ofMillis(30));
        ticket.reset();
        r.run();
        assertTrue(firedAt[0] - start < Duration.ofSeconds(5).toNanos());
    }

    @Test
    void exceptionFromACallbackEndsRun() {
        Reactor r = new Reactor();
        IllegalStateException boom = new IllegalStateException("boom");
        r.timer(Duration.ZERO, 0, () -> {
            throw boom;
        });
        assertSame(boom, assertThrows(IllegalStateException.class, r::run));
    }

    @Test
    void removedReaderIsNotCalled() throws Exception {
        try (Socket in = ctx.socket(SocketType.PULL); Socket out = ctx.socket(SocketType.PUSH)) {
            in.bind("inproc://reactor-remove");
            out.connect("inproc://reactor-remove");
            Reactor r = new Reactor();
            int[] calls = {0};
            r.reader(in, s -> calls[0]++);
            r.removeReader(in);
            out.send(Msg.of("x"));
            r.timer(Duration.ofMillis(50), 1, () -> { });
            r.run();
            assertEquals(0, calls[0]);
        }
    }
}
