package io.zmq4j.review;

import static org.junit.jupiter.api.Assertions.assertNull;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Regression test (a bug the review found, now fixed). What used to happen: thread-safe sockets serialise send/recv/connect/bind through opLock, but
 * SocketBase.disconnect (and unbind, topicsCount) run without it: an inproc disconnect calls
 * pattern.terminated (LoadBalancer.remove on a plain ArrayList) while another thread is inside
 * pattern.send under the lock.
 */
@Timeout(60)
class ThreadSafeDisconnectRaceTest {
    @Test
    void disconnectWhileAnotherThreadSendsOnAClient() throws Exception {
        try (Context ctx = Context.create()) {
            Socket server = ctx.socket(SocketType.SERVER).setLinger(Duration.ZERO).setHwm(10);
            int n = 8;
            for (int i = 0; i < n; i++) {
                server.bind("inproc://ts-" + i);
            }
            Socket client = ctx.socket(SocketType.CLIENT).setLinger(Duration.ZERO).setHwm(10);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread sender = new Thread(() -> {
                try {
                    Msg m = Msg.of("x");
                    while (!stop.get()) {
                        client.trySend(m);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "review-sender");
            Thread drainer = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        server.recv(Duration.ofMillis(10));
                    } catch (Throwable e) {
                        // not what we test
                    }
                }
            }, "review-drainer");
            sender.start();
            drainer.start();
            long deadline = System.nanoTime() + 3_000_000_000L;
            try {
                while (System.nanoTime() < deadline && failure.get() == null) {
                    for (int i = 0; i < n; i++) {
                        client.connect("inproc://ts-" + i);
                    }
                    for (int i = 0; i < n; i++) {
                        try {
                            client.disconnect("inproc://ts-" + i);
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                        }
                    }
                }
            } finally {
                stop.set(true);
                sender.join(5000);
                drainer.join(5000);
            }
            Throwable f = failure.get();
            if (f != null) {
                f.printStackTrace();
            }
            assertNull(f, "a concurrent disconnect broke a send: " + f);
        }
    }
}
