package io.zmq4j.bench;

import io.zmq4j.internal.security.CryptoBox;
import io.zmq4j.internal.security.CurveCodec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * CPU time per CURVE frame (seal, open), measured as this thread's CPU time rather than wall
 * time, so that other processes on a loaded machine do not count: the figure JMH's ns/op would
 * give on an idle core, give or take caches shared with the load. Opening is measured from arrays
 * (a box that came in pieces) and from a direct buffer (a whole box in the I/O thread's read
 * buffer, the usual path).
 *
 * <pre>java -cp zmq4j-bench.jar io.zmq4j.bench.CurveCpu [sizes=8,64,1024,65536] [rounds=7]</pre>
 */
public final class CurveCpu {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    static long sink;

    public static void main(String[] args) throws Exception {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "8,64,1024,65536").split(",")).mapToInt(Integer::parseInt).toArray();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        byte[][] a = CryptoBox.keyPair();
        byte[][] b = CryptoBox.keyPair();
        byte[] key = CryptoBox.beforenm(b[0], a[1]);
        for (int size : sizes) {
            int ring = Math.max(64, Math.min(4096, (16 << 20) / (size + 64)));
            long ops = Math.max(2000, 40_000_000L / (size + 200));
            byte[] frame = new byte[size];
            CurveCodec sender = new CurveCodec("CurveZMQMESSAGEC", "CurveZMQMESSAGES");
            sender.start(key.clone(), 1, 0);
            byte[] out = new byte[CurveCodec.OVERHEAD + size];
            byte[][] boxes = new byte[ring][CurveCodec.OVERHEAD + size];
            CurveCodec boxer = new CurveCodec("CurveZMQMESSAGEC", "CurveZMQMESSAGES");
            boxer.start(key.clone(), 1, 0);
            for (byte[] box : boxes) {
                boxer.seal(frame, 0, size, 0, box, 0);
            }
            int boxLength = CurveCodec.OVERHEAD + size;
            ByteBuffer direct = ByteBuffer.allocateDirect(ring * boxLength);
            for (byte[] box : boxes) {
                direct.put(box);
            }
            CurveCodec receiver = new CurveCodec("CurveZMQMESSAGES", "CurveZMQMESSAGEC");
            double[] seal = new double[rounds];
            double[] open = new double[rounds];
            double[] openDirect = new double[rounds];
            for (int r = -2; r < rounds; r++) { // two rounds of warm-up
                long t0 = MX.getCurrentThreadCpuTime();
                for (long i = 0; i < ops; i++) {
                    sink += sender.seal(frame, 0, size, 0, out, 0);
                }
                long t1 = MX.getCurrentThreadCpuTime();
                long opened = 0;
                long restarts = 0;
                while (opened < ops) {
                    receiver.start(key.clone(), 1, 0);
                    restarts++;
                    for (int i = 0; i < ring && opened < ops; i++, opened++) {
                        sink += receiver.open(boxes[i], 0, boxes[i].length).length;
                    }
                }
                long t2 = MX.getCurrentThreadCpuTime();
                opened = 0;
                while (opened < ops) {
                    receiver.start(key.clone(), 1, 0);
                    direct.clear();
                    for (int i = 0; i < ring && opened < ops; i++, opened++) {
                        sink += receiver.open(direct, boxLength).length;
                    }
                }
                long t3 = MX.getCurrentThreadCpuTime();
                if (r >= 0) {
                    seal[r] = (t1 - t0) / (double) ops;
                    open[r] = (t2 - t1) / (double) ops;
                    openDirect[r] = (t3 - t2) / (double) ops;
                }
            }
            Arrays.sort(seal);
            Arrays.sort(open);
            Arrays.sort(openDirect);
            System.out.printf(java.util.Locale.ROOT,
                    "size %6d  seal %9.1f ns (min %9.1f)  open %9.1f ns (min %9.1f)  open direct %9.1f ns (min %9.1f)  CPU per frame, median of %d%n",
                    size, seal[rounds / 2], seal[0], open[rounds / 2], open[0], openDirect[rounds / 2], openDirect[0], rounds);
        }
    }
}
