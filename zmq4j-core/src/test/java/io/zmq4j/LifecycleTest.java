package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class LifecycleTest {
    private static long openFds() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    private static long zmqThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("zmq4j-io")).count();
    }

    @Test
    void closingTheContextWakesABlockedReceiveWithEterm() throws Exception {
        Context ctx = Context.create();
        Socket pull = ctx.socket(SocketType.PULL);
        pull.bind("tcp://127.0.0.1:*");
        CountDownLatch entered = new CountDownLatch(1);
        CompletableFuture<ZmqException> failure = CompletableFuture.supplyAsync(() -> {
            entered.countDown();
            try {
                pull.recv();
                return null;
            } catch (ZmqException e) {
                return e;
            }
        });
        assertTrue(entered.await(5, TimeUnit.SECONDS));
        // the receiver may not have parked yet; ETERM must reach it either way
        ctx.close();
        ZmqException e = failure.get(5, TimeUnit.SECONDS);
        assertEquals(ZmqException.Kind.ETERM, e.kind());
    }

    @Test
    void closingTheContextWakesABlockedSendWithEterm() throws Exception {
        Context ctx = Context.create();
        Socket push = ctx.socket(SocketType.PUSH).setLinger(Duration.ZERO);
        CompletableFuture<ZmqException> failure = CompletableFuture.supplyAsync(() -> {
            try {
                push.send(Msg.of("nobody is there")); // no peer: blocks
                return null;
            } catch (ZmqException e) {
                return e;
            }
        });
        ctx.close();
        assertEquals(ZmqException.Kind.ETERM, failure.get(5, TimeUnit.SECONDS).kind());
    }

    @Test
    void interruptedReceiveThrowsEintrAndTheSocketStaysUsable() throws Exception {
        try (Context ctx = Context.create()) {
            Socket pull = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO);
            Socket push = ctx.socket(SocketType.PUSH).setLinger(Duration.ZERO);
            push.connect(pull.bind("inproc://interrupt"));
            CompletableFuture<String> result = new CompletableFuture<>();
            CountDownLatch caught = new CountDownLatch(1);
            Thread t = new Thread(() -> {
                try {
                    pull.recv();
                    result.complete("no exception");
                } catch (ZmqException e) {
                    boolean flagKept = Thread.interrupted();
                    caught.countDown();
                    result.complete(e.kind() + " " + flagKept + " " + pull.recv(Duration.ofSeconds(5)).string(0));
                }
            });
            t.start();
            t.interrupt();
            assertTrue(caught.await(5, TimeUnit.SECONDS), "the blocked receive did not return on interrupt");
            push.send(Msg.of("after"));
            assertEquals("EINTR true after", result.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void socketOperationsAfterContextCloseFailWithEterm() {
        Context ctx = Context.create();
        Socket s = ctx.socket(SocketType.PULL);
        ctx.close();
        assertEquals(ZmqException.Kind.ETERM, assertThrows(ZmqException.class, s::tryRecv).kind());
        assertEquals(ZmqException.Kind.ETERM, assertThrows(ZmqException.class, () -> ctx.socket(SocketType.PUSH)).kind());
    }

    @Test
    void lingerDeliversQueuedMessagesAfterClose() throws Exception {
        try (Context ctx = Context.create()) {
            Socket pull = ctx.socket(SocketType.PULL).setReceiveTimeout(Duration.ofSeconds(5));
            String ep = pull.bind("tcp://127.0.0.1:*");
            try (Context sender = Context.create()) {
                Socket push = sender.socket(SocketType.PUSH).setLinger(Duration.ofSeconds(5));
                push.connect(ep);
                for (int i = 0; i < 1000; i++) {
                    push.send(Msg.of("m" + i));
                }
                push.close();
            } // closing the context waits for the linger to flush
            for (int i = 0; i < 1000; i++) {
                assertEquals("m" + i, pull.recv().string(0));
            }
        }
    }

    @Test
    void zeroLingerCloseReturnsPromptlyWithAnUnreachablePeer() {
        Context ctx = Context.create();
        Socket push = ctx.socket(SocketType.PUSH).setLinger(Duration.ZERO);
        push.connect("tcp://127.0.0.1:1"); // nothing listens there
        push.send(Msg.of("queued"));
        long start = System.nanoTime();
        ctx.close();
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void aThousandSocketsAndConnectionsLeakNoThreadsOrFileDescriptors() throws Exception {
        // warm up class loading and the JDK's own descriptors
        churn(20);
        long fdsBefore = openFds();
        long threadsBefore = zmqThreads();
        churn(1000);
        long fdsAfter = openFds();
        assertEquals(threadsBefore, zmqThreads(), "I/O threads left behind");
        assertTrue(fdsAfter - fdsBefore <= 8, "file descriptors grew from " + fdsBefore + " to " + fdsAfter);
    }

    private static void churn(int sockets) throws ExecutionException, InterruptedException {
        try (Context ctx = Context.create()) {
            Socket server = ctx.socket(SocketType.ROUTER).setLinger(Duration.ZERO);
            String ep = server.bind("tcp://127.0.0.1:*");
            for (int round = 0; round < sockets / 50; round++) {
                List<Socket> clients = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    Socket c = ctx.socket(SocketType.DEALER).setLinger(Duration.ZERO);
                    c.connect(ep);
                    c.send(Msg.of("hi"));
                    clients.add(c);
                }
                for (int i = 0; i < 50; i++) {
                    server.recv(Duration.ofSeconds(10));
                }
                for (Socket c : clients) {
                    c.close();
                }
            }
        }
        for (int i = 0; i < sockets / 100; i++) {
            Context c = Context.create();
            c.socket(SocketType.PAIR).bind("tcp://127.0.0.1:*");
            c.close();
        }
    }
}
