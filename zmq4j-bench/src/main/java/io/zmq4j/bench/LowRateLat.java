package io.zmq4j.bench;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Latency at a low, steady rate (default 1,000 round trips/s) against a local_lat echo end:
 * an idle strategy that is fast at saturation can be slow at rest. Each request is sent at its
 * scheduled time (or at once if late); the first 10% are warm-up and left out. Prints p50, p99
 * and max of the one-way latency (half the round trip, as libzmq's remote_lat reports it).
 * bench/c/lowrate_lat.c does the same over libzmq with the same output.
 */
final class LowRateLat {
    private LowRateLat() {}

    static void print(int size, int count, int rate, long[] rttNs) {
        int warm = count / 10;
        long[] s = Arrays.copyOfRange(rttNs, warm, count);
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "message size: %d [B]%n", size);
        System.out.printf(Locale.ROOT, "roundtrip count: %d (first %d are warm-up)%n", count, warm);
        System.out.printf(Locale.ROOT, "rate: %d [msg/s]%n", rate);
        System.out.printf(Locale.ROOT, "latency p50: %.3f [us]%n", pct(s, 50) / 2000.0);
        System.out.printf(Locale.ROOT, "latency p99: %.3f [us]%n", pct(s, 99) / 2000.0);
        System.out.printf(Locale.ROOT, "latency max: %.3f [us]%n", s[s.length - 1] / 2000.0);
    }

    static long pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static void run(String[] a, Context context) {
        String connectTo = a[0];
        int size = Integer.parseInt(a[1]);
        int count = Integer.parseInt(a[2]);
        int rate = a.length > 3 ? Integer.parseInt(a[3]) : 1000;
        long period = 1_000_000_000L / rate;
        long[] rtt = new long[count];
        long[] at = new long[count]; // wall-clock ms of each request, to match outliers with -Xlog
        long epochOffsetNs = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
        try (Context ctx = context; Socket s = ctx.socket(SocketType.REQ)) {
            s.connect(connectTo);
            long next = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long now;
                while ((now = System.nanoTime()) < next) {
                    LockSupport.parkNanos(next - now);
                }
                long t0 = System.nanoTime();
                s.send(Msg.of(new byte[size]));
                Msg m = s.recv();
                rtt[i] = System.nanoTime() - t0;
                at[i] = t0;
                Perf.check(m.frame(0), size);
                next += period;
                if (next < t0) {
                    next = t0;
                }
            }
        }
        print(size, count, rate, rtt);
        // -Dlowrate.outliers=US: every round trip after warm-up slower than US one way, with the
        // wall-clock time it was sent (ms since the epoch, as -Xlog's timemillis decoration).
        String outliers = System.getProperty("lowrate.outliers");
        if (outliers != null) {
            long limitNs = Long.parseLong(outliers) * 2000L;
            for (int i = count / 10; i < count; i++) {
                if (rtt[i] > limitNs) {
                    System.out.printf(Locale.ROOT, "outlier %d at %.3f [ms epoch]: %.1f [us]%n", i,
                            (at[i] + epochOffsetNs) / 1e6, rtt[i] / 2000.0);
                }
            }
        }
    }
}
