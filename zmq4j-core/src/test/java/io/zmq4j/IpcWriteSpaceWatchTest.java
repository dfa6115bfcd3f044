package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.internal.transport.StreamEngine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * After a write that leaves a Unix socket unwritable (a large message on ipc), the engine waits
 * once for the peer to read it, as libzmq's kept poll-out does, so that its core is woken before
 * the reply comes (FINDINGS §24). The wait must end (no I/O thread spinning on a writable
 * socket), lose nothing, and stay off tcp and small messages.
 */
@Timeout(60)
class IpcWriteSpaceWatchTest {
    /**
     * Large enough to leave a Unix socket unwritable: over a quarter of its default send buffer
     * (64 KiB with Linux's usual 212,992-byte {@code net.core.wmem_default}).
     */
    private static final int LARGE = Math.max(64 * 1024, defaultSendBuffer() / 4 + 4096);

    private static int defaultSendBuffer() {
        try {
            return Integer.parseInt(Files.readString(Path.of("/proc/sys/net/core/wmem_default")).trim());
        } catch (IOException | RuntimeException e) {
            return 212_992;
        }
    }

    private static byte[] body(int size, int i) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) i);
        b[0] = (byte) (i >>> 8);
        return b;
    }

    /** REQ-REP round trips of {@code size} bytes; how many write-space watches they started. */
    private static long roundTrips(Context ctx, String transport, int size, int count) {
        try (Socket rep = ctx.socket(SocketType.REP).setLinger(Duration.ZERO);
             Socket req = ctx.socket(SocketType.REQ).setLinger(Duration.ZERO).setReceiveTimeout(Duration.ofSeconds(10))) {
            rep.bind(TestEndpoints.bindable(transport));
            req.connect(rep.lastEndpoint());
            return roundTrips(req, rep, size, count);
        }
    }

    private static long roundTrips(Socket req, Socket rep, int size, int count) {
        long before = StreamEngine.writeSpaceWatches();
        for (int i = 0; i < count; i++) {
            byte[] sent = body(size, i);
            req.send(Msg.of(sent));
            Msg request = rep.recv();
            assertArrayEquals(sent, request.frame(0));
            rep.send(request);
            assertArrayEquals(sent, req.recv().frame(0));
        }
        return StreamEngine.writeSpaceWatches() - before;
    }

    @Test
    void largeIpcRequestsAndRepliesEachWaitForThePeerToRead() {
        try (Context ctx = Context.create()) {
            long watches = roundTrips(ctx, "ipc", LARGE, 50);
            // each of the 100 writes leaves the socket unwritable; a watch is skipped only when
            // the previous one is still armed
            assertTrue(watches >= 50 && watches <= 100, watches + " watches for 100 large writes");
        }
    }

    @Test
    void tcpNeverWaitsForWriteSpaceAfterALargeMessage() {
        try (Context ctx = Context.create()) {
            assertEquals(0, roundTrips(ctx, "tcp", LARGE, 50));
        }
    }

    @Test
    void smallIpcMessagesNeverWaitForWriteSpace() {
        try (Context ctx = Context.create()) {
            assertEquals(0, roundTrips(ctx, "ipc", 1024, 200));
        }
    }

    @Test
    void aLargeIpcStreamArrivesWholeAndInOrder() throws Exception {
        try (Context ctx = Context.create();
             Socket pull = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO).setReceiveTimeout(Duration.ofSeconds(10));
             Socket push = ctx.socket(SocketType.PUSH).setLinger(Duration.ZERO).setSendTimeout(Duration.ofSeconds(10))) {
            pull.bind(TestEndpoints.bindable("ipc"));
            push.connect(pull.lastEndpoint());
            long before = StreamEngine.writeSpaceWatches();
            // the sender outruns the receiver, so the I/O thread writes, blocks and resumes
            Thread sender = new Thread(() -> {
                for (int i = 0; i < 2000; i++) {
                    push.send(Msg.of(body(LARGE + i % 3, i)));
                }
            }, "large-stream-sender");
            sender.start();
            for (int i = 0; i < 2000; i++) {
                assertArrayEquals(body(LARGE + i % 3, i), pull.recv().frame(0));
            }
            sender.join(10_000);
            assertTrue(StreamEngine.writeSpaceWatches() > before, "the I/O thread's writes never waited for the reader");
        }
    }

    @Test
    void ioThreadRestsOnceThePeerHasReadTheLastLargeMessage() throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(mx.isThreadCpuTimeSupported(), "no per-thread CPU time here");
        Set<Long> older = ioThreadIds();
        try (Context ctx = Context.create();
             Socket rep = ctx.socket(SocketType.REP).setLinger(Duration.ZERO);
             Socket req = ctx.socket(SocketType.REQ).setLinger(Duration.ZERO).setReceiveTimeout(Duration.ofSeconds(10))) {
            rep.bind(TestEndpoints.bindable("ipc"));
            req.connect(rep.lastEndpoint());
            assertTrue(roundTrips(req, rep, LARGE, 20) > 0);
            // the connections stay open: an armed OP_WRITE on them would keep the selector busy
            long[] ids = ioThreadIds().stream().filter(id -> !older.contains(id)).mapToLong(Long::longValue).toArray();
            assertTrue(ids.length > 0, "no I/O thread of this context found");
            long start = cpuNanos(mx, ids);
            Thread.sleep(500);
            long used = cpuNanos(mx, ids) - start;
            // a watch left armed on a writable socket would wake the selector at once, forever
            assertTrue(used < TimeUnit.MILLISECONDS.toNanos(100), "I/O thread used " + used / 1_000_000 + " ms of CPU in 500 ms at rest");
        }
    }

    private static Set<Long> ioThreadIds() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("zmq4j-io"))
                .map(Thread::getId).collect(Collectors.toSet());
    }

    private static long cpuNanos(ThreadMXBean mx, long[] ids) {
        long sum = 0;
        for (long id : ids) {
            sum += Math.max(0, mx.getThreadCpuTime(id));
        }
        return sum;
    }
}
