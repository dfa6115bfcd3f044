package io.zmq4j.bench;

import io.zmq4j.Context;
import io.zmq4j.CurveKeyPair;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Many connections to one ROUTER on loopback. The server and the clients are separate processes
 * (each end needs one descriptor per connection).
 *
 * <ul>
 *   <li>scale_server: ROUTER binds; waits for a "hi" from every peer (connection + handshake +
 *       first message), reports the rate; measures RSS and heap growth per idle connection;
 *       sends one message to every peer by routing id and waits for every answer.</li>
 *   <li>scale_client: N DEALER sockets in one context, each connects and says "hi", then
 *       answers the server's message.</li>
 * </ul>
 *
 * <p>With {@code zmq4j-curve}, over CURVE: the ROUTER is the server of {@link Zmq4jLib.ServerKey},
 * and every DEALER the client of one keypair made before the first connect (a client process's
 * own key, as it would load it), so that the rate is the handshakes' cost.
 */
final class Scale {
    private Scale() {}

    static long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return -1;
    }

    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /** CPU time of the context's I/O threads (named zmq4j-io-*), where handshakes run. */
    static long ioThreadsCpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith("zmq4j-io-")) {
                sum += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }

    static long heapUsed() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    static void settle() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static void run(String tool, String[] a, boolean curve) {
        int n = a.length > 1 ? Integer.parseInt(a[1]) : 10_000;
        if (tool.equals("scale_server")) {
            server(a[0], n, curve);
        } else if (tool.equals("scale_client")) {
            client(a[0], n, curve);
        } else {
            throw new IllegalArgumentException(tool);
        }
    }

    static void server(String bindTo, int n, boolean curve) {
        try (Context ctx = Context.create(); Socket router = ctx.socket(SocketType.ROUTER)) {
            router.setBacklog(4096).setHwm(0);
            if (curve) {
                Zmq4jLib.curveServer(router);
            }
            router.bind(bindTo);
            settle();
            long rss0 = rssKb();
            long heap0 = heapUsed();
            System.out.println("scale server ready, connections: " + n);
            System.out.flush();
            List<byte[]> ids = new ArrayList<>(n);
            Msg first = router.recv();
            long t0 = System.nanoTime();
            long cpu0 = processCpuNanos();
            long io0 = ioThreadsCpuNanos();
            ids.add(first.frame(0));
            while (ids.size() < n) {
                ids.add(router.recv().frame(0));
            }
            long t1 = System.nanoTime();
            long cpu1 = processCpuNanos();
            long io1 = ioThreadsCpuNanos();
            double secs = (t1 - t0) / 1e9;
            System.out.printf(Locale.ROOT, "connected: %d peers in %.3f [s] (from the first hello): %.0f [conn/s]%n",
                    n, secs, n / Math.max(secs, 1e-9));
            // the rate is often the client's (one process making N sockets); this is the server's own cost
            System.out.printf(Locale.ROOT, "server CPU: %.1f [us per connection] (the whole process, JIT and GC included), %.1f in its I/O threads%n",
                    (cpu1 - cpu0) / 1e3 / Math.max(1, n - 1), (io1 - io0) / 1e3 / Math.max(1, n - 1));
            settle();
            long rss1 = rssKb();
            long heap1 = heapUsed();
            System.out.printf(Locale.ROOT, "rss: %d -> %d [KiB]: %.1f [KiB per idle connection]%n",
                    rss0, rss1, (rss1 - rss0) / (double) n);
            System.out.printf(Locale.ROOT, "heap after gc: %.1f -> %.1f [MiB]: %.1f [KiB per idle connection]%n",
                    heap0 / 1048576.0, heap1 / 1048576.0, (heap1 - heap0) / 1024.0 / n);
            byte[] ping = "ping".getBytes(StandardCharsets.UTF_8);
            long t2 = System.nanoTime();
            for (byte[] id : ids) {
                router.send(Msg.of(id, ping));
            }
            for (int i = 0; i < n; i++) {
                Msg m = router.recv(Duration.ofSeconds(60));
                if (m == null) {
                    System.out.println("only " + i + " of " + n + " answers within 60 s");
                    break;
                }
            }
            long t3 = System.nanoTime();
            System.out.printf(Locale.ROOT, "one message to every peer and back: %.3f [ms] (%.0f [msg/s] each way)%n",
                    (t3 - t2) / 1e6, n / ((t3 - t2) / 1e9));
            router.send(Msg.of(ids.get(0), "bye".getBytes(StandardCharsets.UTF_8)));
            router.setLinger(Duration.ofSeconds(1));
        }
    }

    static void client(String connectTo, int n, boolean curve) {
        CurveKeyPair mine = curve ? CurveKeyPair.generate() : null;
        try (Context ctx = Context.create()) {
            Socket[] socks = new Socket[n];
            byte[] hi = "hi".getBytes(StandardCharsets.UTF_8);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                socks[i] = ctx.socket(SocketType.DEALER);
                socks[i].setLinger(Duration.ofSeconds(2));
                if (curve) {
                    Zmq4jLib.curveClient(socks[i], mine);
                }
                socks[i].connect(connectTo);
                socks[i].send(Msg.of(hi));
            }
            System.out.printf(Locale.ROOT, "client: %d connects issued in %.3f [s]%n", n, (System.nanoTime() - t0) / 1e9);
            boolean[] answered = new boolean[n];
            int left = n;
            byte[] pong = "pong".getBytes(StandardCharsets.UTF_8);
            long deadline = System.nanoTime() + 300_000_000_000L;
            while (left > 0 && System.nanoTime() < deadline) {
                boolean any = false;
                for (int i = 0; i < n; i++) {
                    if (!answered[i]) {
                        Msg m = socks[i].tryRecv();
                        if (m != null) {
                            socks[i].send(Msg.of(pong));
                            answered[i] = true;
                            left--;
                            any = true;
                        }
                    }
                }
                if (!any) {
                    Thread.onSpinWait();
                }
            }
            System.out.println("client: answered " + (n - left) + " of " + n);
            socks[0].recv(Duration.ofSeconds(10)); // "bye": the server has all answers
            for (Socket s : socks) {
                s.close();
            }
        }
    }
}
