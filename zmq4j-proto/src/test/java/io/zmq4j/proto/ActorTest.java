package io.zmq4j.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ActorTest {
    private final Context ctx = Context.create();

    @AfterEach
    void close() {
        ctx.close();
    }

    @Test
    void bodyAnswersCommandsOnThePipe() {
        try (Actor echo = Actor.start(ctx, "echo", (context, pipe) -> {
            while (true) {
                Msg m = pipe.recv();
                if (m.string(0).equals(Actor.TERM)) {
                    return;
                }
                pipe.send(Msg.of("got", m.string(0)));
            }
        })) {
            echo.send("hello");
            Msg reply = echo.recv(Duration.ofSeconds(5));
            assertEquals("got", reply.string(0));
            assertEquals("hello", reply.string(1));
        }
    }

    @Test
    void closeSendsTermAndWaitsForTheBodyToReturn() throws Exception {
        CountDownLatch ended = new CountDownLatch(1);
        Actor a = Actor.start(ctx, "waits", (context, pipe) -> {
            assertEquals(Actor.TERM, pipe.recv().string(0));
            ended.countDown();
        });
        assertTrue(a.isAlive());
        a.close();
        assertTrue(ended.await(0, TimeUnit.SECONDS), "close returned before the body ended");
        assertFalse(a.isAlive());
        assertNull(a.failure());
    }

    @Test
    void aFailingBodyEndsTheActorAndIsReported() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        Actor a = Actor.start(ctx, "fails", (context, pipe) -> {
            throw boom;
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (a.isAlive() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        assertSame(boom, a.failure());
        a.close(); // the body is gone: close does not wait for an answer to $TERM
    }
}
