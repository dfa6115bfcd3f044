package io.zmq4j.bench;

import java.util.Locale;

/**
 * libzmq's perf programs (local_thr, remote_thr, local_lat, remote_lat, inproc_thr, inproc_lat)
 * with the same arguments, the same socket types (PUSH/PULL for throughput, REQ/REP for
 * latency), the same timing (throughput from the first message received to the last; latency as
 * elapsed / (2 * roundtrips)) and the same output lines, over any {@link Lib}.
 *
 * <p>Senders make every message with {@link Lib.Sock#sendNew} (libzmq's tools call
 * zmq_msg_init_size per message); receivers check each message's size and are then done with it,
 * the echo sends the received message itself back, as libzmq's local_lat does.
 */
final class Perf {
    private Perf() {}

    static void printThr(int size, long count, long elapsedUs) {
        if (elapsedUs == 0) {
            elapsedUs = 1;
        }
        long throughput = (long) ((double) count / (double) elapsedUs * 1_000_000);
        double megabits = (double) (throughput * size * 8) / 1_000_000;
        System.out.printf(Locale.ROOT, "message size: %d [B]%n", size);
        System.out.printf(Locale.ROOT, "message count: %d%n", count);
        System.out.printf(Locale.ROOT, "mean throughput: %d [msg/s]%n", throughput);
        System.out.printf(Locale.ROOT, "mean throughput: %.3f [Mb/s]%n", megabits);
    }

    static void printLat(int size, long roundtrips, long elapsedUs) {
        double latency = (double) elapsedUs / (roundtrips * 2);
        System.out.printf(Locale.ROOT, "message size: %d [B]%n", size);
        System.out.printf(Locale.ROOT, "roundtrip count: %d%n", roundtrips);
        System.out.printf(Locale.ROOT, "average latency: %.3f [us]%n", latency);
    }

    /**
     * Untimed messages (throughput) or round trips (latency) before the timed ones, from the
     * environment variable {@code ZPERF_WARMUP} (0 when unset), which bench/c/zperf.c reads too:
     * the same run measured after the JIT has compiled the hot path. libzmq's tools have no
     * such phase; by default there is none here either.
     */
    static final long WARMUP = warmupFromEnv();

    static long warmupFromEnv() {
        String v = System.getenv("ZPERF_WARMUP");
        if (v == null || v.isEmpty()) {
            return 0;
        }
        long n = Long.parseLong(v.trim());
        if (n < 0) {
            throw new IllegalArgumentException("ZPERF_WARMUP must be 0 or more: " + v);
        }
        return n;
    }

    /**
     * {@code --windows MS}: the receiving end of a throughput run also prints its rate per
     * window of MS milliseconds from the first message (warm-up as a user sees it).
     */
    static long windowMs;

    /** Messages received per window; every {@code stride} messages the clock is read. */
    static final class Windows {
        private final long startNs = System.nanoTime();
        private final long widthNs = windowMs * 1_000_000L;
        private final int stride;
        private long[] counts = new long[64];
        private int last;

        Windows(int size) {
            stride = size >= 1024 ? 1 : 64; // a clock read per 8 B message would cost 20%
        }

        void received(long i) {
            if (i % stride == 0) {
                int w = (int) ((System.nanoTime() - startNs) / widthNs);
                if (w >= counts.length) {
                    counts = java.util.Arrays.copyOf(counts, Math.max(w + 1, counts.length * 2));
                }
                counts[w] += stride;
                last = Math.max(last, w);
            }
        }

        void print() {
            long jvmUptimeMs = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
            long sinceStartMs = (System.nanoTime() - startNs) / 1_000_000L;
            System.out.printf(Locale.ROOT, "first message at: %d [ms after JVM start]%n", jvmUptimeMs - sinceStartMs);
            StringBuilder sb = new StringBuilder();
            for (int w = 0; w <= last; w++) {
                sb.append(w == 0 ? "" : " ").append(counts[w] * 1000 / windowMs);
            }
            System.out.printf(Locale.ROOT, "throughput per %d ms window: %s [msg/s]%n", windowMs, sb);
        }
    }

    static long nowUs() {
        return System.nanoTime() / 1000;
    }

    static void check(Lib.Sock s, Object msg, int size) {
        check(s.size(msg), size);
    }

    static void check(byte[] b, int size) {
        check(b.length, size);
    }

    private static void check(int got, int size) {
        if (got != size) {
            throw new IllegalStateException("message of bad size: " + got + ", expected " + size);
        }
    }

    /** Receives, checks the size, and is done with the message. */
    static void take(Lib.Sock s, int size) {
        Object m = s.recv();
        check(s, m, size);
        s.done(m);
    }

    /** Receives, checks the size, and sends the same message back. */
    static void echo(Lib.Sock s, int size) {
        Object m = s.recv();
        check(s, m, size);
        s.send(m);
    }

    /** Messages the throughput receiver has taken, read by {@link #watch} (an opaque store: no fence per message). */
    private static long received;
    private static final java.lang.invoke.VarHandle RECEIVED;

    static {
        try {
            RECEIVED = java.lang.invoke.MethodHandles.lookup().findStaticVarHandle(Perf.class, "received", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A receiver that gets nothing for this long after its first message has lost some: say so and fail. */
    private static final long STALL_NANOS = 10_000_000_000L;
    /** Nor a second message this long after start (the first may be all that got through). */
    private static final long START_NANOS = 30_000_000_000L;

    /**
     * Fails the run when messages stop arriving part-way (JeroMQ's CURVE drops messages when its
     * sender outruns the receiver, zeromq/jeromq#1009), rather than waiting for the caller's timeout.
     */
    private static void watch(long count) {
        Thread t = new Thread(() -> {
            long last = -1;
            long since = System.nanoTime();
            while (true) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                long now = (long) RECEIVED.getOpaque();
                if (now != last) {
                    last = now;
                    since = System.nanoTime();
                } else if (System.nanoTime() - since > (now > 0 ? STALL_NANOS : START_NANOS)) {
                    System.err.printf(Locale.ROOT, "stalled: %d of %d messages received, none for %d s%n",
                            now, count, (now > 0 ? STALL_NANOS : START_NANOS) / 1_000_000_000L);
                    System.exit(3);
                }
            }
        }, "stall-watch");
        t.setDaemon(true);
        t.start();
    }

    /** Receiving end of throughput: PULL binds, prints the rate. */
    static void localThr(Lib lib, String bindTo, int size, long count) {
        Lib.Sock s = lib.socket(Lib.Type.PULL);
        s.bind(bindTo);
        watch(count);
        receiveTimed(s, size, count);
        s.close();
    }

    /**
     * Receives {@link #WARMUP} messages untimed, then {@code count} timed from the first, and
     * prints the rate (and the windows, if asked for).
     */
    private static void receiveTimed(Lib.Sock s, int size, long count) {
        for (long i = 0; i < WARMUP; i++) {
            take(s, size);
        }
        take(s, size);
        long start = nowUs();
        Windows windows = windowMs > 0 ? new Windows(size) : null;
        receiveRest(s, size, count, windows);
        long elapsed = nowUs() - start;
        printThr(size, count, elapsed);
        if (windows != null) {
            windows.print();
        }
    }

    private static void receiveRest(Lib.Sock s, int size, long count, Windows windows) {
        if (windows == null) {
            for (long i = 1; i < count; i++) {
                take(s, size);
                RECEIVED.setOpaque(i);
            }
        } else {
            for (long i = 1; i < count; i++) {
                take(s, size);
                RECEIVED.setOpaque(i);
                windows.received(i);
            }
        }
    }

    /** Sending end of throughput: PUSH connects, sends, lingers until all is out. */
    static void remoteThr(Lib lib, String connectTo, int size, long count) {
        Lib.Sock s = lib.socket(Lib.Type.PUSH);
        s.connect(connectTo);
        for (long i = 0; i < WARMUP + count; i++) {
            s.sendNew(size);
        }
        s.close();
    }

    /** Echo end of latency: REP binds and returns every message. */
    static void localLat(Lib lib, String bindTo, int size, long roundtrips) {
        Lib.Sock s = lib.socket(Lib.Type.REP);
        s.bind(bindTo);
        for (long i = 0; i < WARMUP + roundtrips; i++) {
            echo(s, size);
        }
        s.close();
    }

    /** Measuring end of latency: REQ connects, times the round trips. */
    static void remoteLat(Lib lib, String connectTo, int size, long roundtrips) {
        Lib.Sock s = lib.socket(Lib.Type.REQ);
        s.connect(connectTo);
        roundTripsTimed(s, size, roundtrips);
        s.close();
    }

    /** {@link #WARMUP} round trips untimed, then {@code roundtrips} timed; prints the latency. */
    private static void roundTripsTimed(Lib.Sock s, int size, long roundtrips) {
        for (long i = 0; i < WARMUP; i++) {
            s.sendNew(size);
            take(s, size);
        }
        long start = nowUs();
        for (long i = 0; i < roundtrips; i++) {
            s.sendNew(size);
            take(s, size);
        }
        long elapsed = nowUs() - start;
        printLat(size, roundtrips, elapsed);
    }

    static void inprocThr(Lib lib, int size, long count) throws InterruptedException {
        Lib.Sock s = lib.socket(Lib.Type.PULL);
        s.bind("inproc://thr_test");
        Thread t = new Thread(() -> {
            Lib.Sock p = lib.socket(Lib.Type.PUSH);
            p.connect("inproc://thr_test");
            for (long i = 0; i < WARMUP + count; i++) {
                p.sendNew(size);
            }
            p.close();
        }, "inproc-remote");
        t.start();
        receiveTimed(s, size, count);
        t.join();
        s.close();
    }

    static void inprocLat(Lib lib, int size, long roundtrips) throws InterruptedException {
        Lib.Sock s = lib.socket(Lib.Type.REP);
        s.bind("inproc://lat_test");
        Thread t = new Thread(() -> {
            Lib.Sock r = lib.socket(Lib.Type.REQ);
            r.connect("inproc://lat_test");
            roundTripsTimed(r, size, roundtrips);
            r.close();
        }, "inproc-remote");
        t.start();
        for (long i = 0; i < WARMUP + roundtrips; i++) {
            echo(s, size);
        }
        t.join();
        s.close();
    }

    static void run(Lib lib, String tool, String[] a) throws InterruptedException {
        switch (tool) {
            case "local_thr" -> localThr(lib, a[0], Integer.parseInt(a[1]), Long.parseLong(a[2]));
            case "remote_thr" -> remoteThr(lib, a[0], Integer.parseInt(a[1]), Long.parseLong(a[2]));
            case "local_lat" -> localLat(lib, a[0], Integer.parseInt(a[1]), Long.parseLong(a[2]));
            case "remote_lat" -> remoteLat(lib, a[0], Integer.parseInt(a[1]), Long.parseLong(a[2]));
            case "inproc_thr" -> inprocThr(lib, Integer.parseInt(a[0]), Long.parseLong(a[1]));
            case "inproc_lat" -> inprocLat(lib, Integer.parseInt(a[0]), Long.parseLong(a[1]));
            default -> throw new IllegalArgumentException("unknown tool " + tool);
        }
    }
}
