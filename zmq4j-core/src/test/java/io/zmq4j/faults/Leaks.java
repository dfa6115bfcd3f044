package io.zmq4j.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zmq4j.internal.io.BufferPool;
import io.zmq4j.internal.transport.StreamEngine;
import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * What a fault test must give back: open file descriptors, zmq4j threads, open connections and
 * pooled buffer bytes, counted before and, once every context is closed, after.
 */
public record Leaks(long fds, long threads, long connections, long pooledBytes, java.util.Set<String> files) {
    public static Leaks count() {
        java.util.Set<String> files = new java.util.TreeSet<>();
        String[] fds = new File("/proc/self/fd").list();
        for (String fd : fds == null ? new String[0] : fds) {
            try {
                files.add(java.nio.file.Files.readSymbolicLink(java.nio.file.Paths.get("/proc/self/fd", fd)).toString());
            } catch (java.io.IOException | UnsupportedOperationException e) {
                files.add("fd " + fd); // closed while listed
            }
        }
        long threads = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("zmq4j")).count();
        return new Leaks(fds == null ? -1 : fds.length, threads, StreamEngine.live(), BufferPool.outstandingBytes(), files);
    }

    /**
     * Opens once what the JDK opens lazily and keeps for good (the selector provider's files, the
     * random source, a process reaper), so the first test's count is not blamed for it.
     */
    public static void warmUp() {
        try (io.zmq4j.Context ctx = io.zmq4j.Context.create();
                io.zmq4j.Socket a = ctx.socket(io.zmq4j.SocketType.PAIR);
                io.zmq4j.Socket b = ctx.socket(io.zmq4j.SocketType.PAIR)) {
            b.connect(a.bind("tcp://127.0.0.1:*"));
            a.send(io.zmq4j.Msg.of("warm"));
            b.recv();
        }
        try {
            new ProcessBuilder("true").start().waitFor();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits up to ten seconds for every count to be back where {@code before} was (closing is
     * asynchronous in places: an I/O thread finishing, a Cleaner), then asserts they are.
     */
    public static void assertNoneSince(Leaks before) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        Leaks now = count();
        while (!now.noMoreThan(before) && System.nanoTime() < deadline) {
            System.gc(); // buffers dropped by a test are counted back by their Cleaner
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            now = count();
        }
        List<String> leaks = new ArrayList<>();
        if (now.fds > before.fds) {
            java.util.Set<String> opened = new java.util.TreeSet<>(now.files);
            opened.removeAll(before.files);
            leaks.add((now.fds - before.fds) + " file descriptors " + opened);
        }
        if (now.threads > before.threads) {
            leaks.add((now.threads - before.threads) + " zmq4j threads");
        }
        if (now.connections > before.connections) {
            leaks.add((now.connections - before.connections) + " connections");
        }
        if (now.pooledBytes > before.pooledBytes) {
            leaks.add((now.pooledBytes - before.pooledBytes) + " pooled bytes");
        }
        assertEquals(List.of(), leaks, "left behind: before " + before.summary() + ", after " + now.summary());
    }

    private String summary() {
        return fds + " fds, " + threads + " threads, " + connections + " connections, " + pooledBytes + " pooled bytes";
    }

    private boolean noMoreThan(Leaks o) {
        return fds <= o.fds && threads <= o.threads && connections <= o.connections && pooledBytes <= o.pooledBytes;
    }

    /**
     * Heap in use after collection plus the JDK's direct buffers: what the resource-limit tests
     * measure a fault's cost in.
     */
    public static long memoryInUse() {
        java.lang.management.MemoryMXBean heap = java.lang.management.ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) { // a collection can leave garbage a second one frees
            System.gc();
            used = Math.min(used, heap.getHeapMemoryUsage().getUsed());
        }
        for (java.lang.management.BufferPoolMXBean pool
                : java.lang.management.ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class)) {
            used += pool.getMemoryUsed();
        }
        return used;
    }
}
