package io.zmq4j.internal.security;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bouncycastle.crypto.engines.Salsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Whether CURVE's boxes use the Vector API: Salsa20 several blocks at once
 * ({@link VectorSalsa20}) and Poly1305 eight blocks at once ({@link VectorPoly1305}).
 *
 * <p>They do when the JVM was started with {@code --add-modules jdk.incubator.vector}, the
 * system property {@code zmq4j.vectorKeystream} is not {@code false}, the hardware's vectors
 * hold 8 or 16 ints (AVX2 or AVX-512; fewer lanes are slower than Bouncy Castle's scalar core,
 * and a block is 16 words) for Salsa20 and 8 longs (AVX-512, the only width measured) for
 * Poly1305, each gives Bouncy Castle's answer on a test input, and the batched path has
 * measured faster than the scalar one in this JVM.
 *
 * <p>That last check is why the switch happens on a thread of its own ({@link #start}, from the
 * first frame long enough for a batch, so that connections of short frames never pay for it),
 * while boxes go through the scalar path: until C2 has compiled it, Vector API code runs boxed,
 * one object per vector operation, and a 16-block batch takes about 100 µs instead of 0.4 µs;
 * loading the module's classes alone takes a few hundred milliseconds. The thread seals the
 * same 1 KiB frame both ways until the batched way is the quicker in three rounds in a row
 * (while the JIT works either way can be slow for a round), then turns it on for every codec:
 * 1.2 s here on one core, 0.75 s on two, about 0.9 s of CPU. After 10 seconds without that it
 * gives up and leaves the scalar path on. Nothing here loads the Vector API otherwise.
 */
final class VectorCrypto {
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final CountDownLatch DECIDED = new CountDownLatch(1);
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static volatile int lanes;
    private static volatile boolean poly1305;

    private VectorCrypto() {
    }

    /** Salsa20 blocks per batch, or 0 (the scalar core only) until and unless the batches are on. */
    static int lanes() {
        return lanes;
    }

    /** Whether Poly1305 goes through {@link VectorPoly1305}; only once {@link #lanes} is not 0. */
    static boolean poly1305() {
        return poly1305;
    }

    /** Starts deciding, once per JVM, on a daemon thread; codecs stay scalar until it is decided. */
    static void start() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        if (!Boolean.parseBoolean(System.getProperty("zmq4j.vectorKeystream", "true"))
                || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            DECIDED.countDown();
            return;
        }
        Thread t = new Thread(VectorCrypto::decide, "zmq4j-curve-vector-check");
        t.setDaemon(true);
        t.start();
    }

    /** Starts deciding if nothing has, and waits up to {@code millis} for the decision; true if the batches are on. */
    static boolean awaitDecision(long millis) throws InterruptedException {
        start();
        DECIDED.await(millis, TimeUnit.MILLISECONDS);
        return lanes > 0;
    }

    private static void decide() {
        try {
            int width = VectorSalsa20.LANES;
            if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN // VectorSalsa20.xorBlock reads words in it
                    || (width != 8 && width != 16) || !salsaMatchesScalarCore(width)) {
                return;
            }
            boolean poly = VectorPoly1305.LANES == 8 && polyMatchesBouncyCastle();
            if (batchedIsFaster(width, poly)) {
                poly1305 = poly;
                lanes = width;
            }
        } catch (LinkageError | RuntimeException e) {
            // an incubator API that moved in a later JDK: keep to the scalar path
        } finally {
            DECIDED.countDown();
        }
    }

    /**
     * Seals one 1 KiB frame both ways in turn, 200 times batched and 50 times the default way
     * (at this size Bouncy Castle's core, warmed by real boxes too), until the batched way is the quicker per box in
     * three rounds in a row.
     */
    private static boolean batchedIsFaster(int width, boolean poly) {
        byte[] prefix = "CurveZMQMESSAGEC".getBytes(StandardCharsets.US_ASCII);
        byte[] key = new byte[32];
        new Random(26).nextBytes(key);
        CurveCodec batched = new CurveCodec(prefix, prefix, width, poly);
        // the default way for a box on its own: its clock says no two boxes are part of a stream,
        // so no keystream is made ahead (which would make this 1 KiB box quicker than the
        // default way is for the frames over 8 KiB where the batches gain most)
        long[] never = {0};
        CurveCodec scalar = new CurveCodec(prefix, prefix, CurveCodec.AUTO_VECTORIZED, false, () -> never[0] += 1_000_000_000L);
        batched.start(key.clone(), 1, 0);
        scalar.start(key.clone(), 1, 0);
        byte[] frame = new byte[1024];
        byte[] box = new byte[CurveCodec.OVERHEAD + frame.length];
        long start = System.nanoTime();
        int quicker = 0;
        try {
            while (System.nanoTime() - start < GIVE_UP_NANOS) {
                long t0 = System.nanoTime();
                for (int i = 0; i < 200; i++) {
                    batched.seal(frame, 0, frame.length, 0, box, 0);
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < 50; i++) {
                    scalar.seal(frame, 0, frame.length, 0, box, 0);
                }
                long t2 = System.nanoTime();
                // three rounds in a row: while the JIT is at work either side can be slow for a
                // round, and one slow scalar round once turned the batches on still uncompiled
                quicker = t1 - t0 < 4 * (t2 - t1) ? quicker + 1 : 0;
                if (quicker == 3) {
                    return true;
                }
            }
            return false;
        } finally {
            batched.erase();
            scalar.erase();
        }
    }

    private static boolean salsaMatchesScalarCore(int width) {
        int[] state = new int[16];
        for (int i = 0; i < 16; i++) {
            state[i] = 0x9E3779B9 * (i + 1);
        }
        int counter = 0x7FFF_FFF0;
        int[] batch = new int[16 * width];
        VectorSalsa20.blocks(state, counter, batch);
        int[] block = new int[16];
        int[] lane = new int[16];
        for (int j = 0; j < width; j++) {
            state[8] = counter + j;
            state[9] = 0;
            Salsa20Engine.salsaCore(20, state, block);
            for (int w = 0; w < 16; w++) {
                lane[w] = batch[w * width + j];
            }
            if (!Arrays.equals(block, lane)) {
                return false;
            }
        }
        return true;
    }

    private static boolean polyMatchesBouncyCastle() {
        Random r = new Random(1305);
        byte[] key = new byte[32];
        byte[] message = new byte[1001];
        r.nextBytes(key);
        r.nextBytes(message);
        Poly1305 bc = new Poly1305();
        bc.init(new KeyParameter(key));
        bc.update(message, 0, message.length);
        byte[] expected = new byte[16];
        bc.doFinal(expected, 0);
        VectorPoly1305 ours = new VectorPoly1305();
        ours.init(key, 0);
        ours.update(message, 0, 1);
        ours.update(message, 1, message.length - 1);
        byte[] tag = new byte[16];
        ours.doFinal(tag, 0);
        return Arrays.equals(expected, tag);
    }
}
