package io.zmq4j.internal.zmtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zmq4j.internal.io.BufferFrame;
import io.zmq4j.internal.io.BufferPool;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The decoder under arbitrary bytes (ZMTP 3.x, and 1.0 and 2.0 behind the staged greeting's
 * detection): it either delivers frames or throws a {@link ZmtpException}
 * (the documented error, which closes the connection), never anything else; it delivers the same
 * frames however the bytes are split across reads, and whether whole frames are handed over in
 * the input ({@link ZmtpDecoder#framesInPlace}, CURVE's path) or in arrays; it never holds more memory for a frame than
 * the bytes that arrived justify; and it gives back every pooled buffer.
 *
 * <p>In the normal test run this replays the committed corpus under
 * {@code src/test/resources/io/zmq4j/internal/zmtp/ZmtpDecoderFuzzTestInputs}; {@code bench/fuzz}
 * runs it as a fuzzer.
 */
class ZmtpDecoderFuzzTest {
    private static final long[] LIMITS = {-1, 0, 1, 255, 4096, 64 * 1024, 1 << 20};

    /** What the decoder delivered, in order, as text: greeting, commands and frames. */
    private static final class Recorder implements ZmtpDecoder.Handler {
        final List<String> events = new ArrayList<>();
        final long limit;
        final int stopEvery;
        int calls;

        Recorder(long limit, int stopEvery) {
            this.limit = limit;
            this.stopEvery = stopEvery;
        }

        private boolean go() {
            calls++;
            return stopEvery == 0 || calls % stopEvery != 0;
        }

        @Override
        public void signature() {
            events.add("S");
        }

        @Override
        public void versioned(int major) {
            assertTrue(major >= 2, "major version " + major + " is ZMTP 1.0 or 2.0, not 3.x");
            events.add("V" + major);
        }

        @Override
        public boolean legacy(int revision, int socketType) {
            assertTrue(revision >= ZmtpDecoder.UNVERSIONED && revision <= 1, "revision " + revision);
            events.add("L" + revision + "/" + socketType);
            return go();
        }

        @Override
        public boolean greeting(Greeting g) {
            assertNotNull(g.mechanism);
            assertTrue(g.major >= 2, "a ZMTP 1.0 or 2.0 greeting must go to legacy(), not here");
            events.add("G" + g);
            return go();
        }

        @Override
        public boolean command(byte[] body) {
            events.add("C" + Arrays.toString(body));
            return go();
        }

        @Override
        public boolean frame(byte[] body, boolean more) {
            if (limit >= 0) {
                assertTrue(body.length <= limit, "frame of " + body.length + " delivered past the limit " + limit);
            }
            events.add((more ? "M" : "F") + Arrays.toString(body));
            return go();
        }

        @Override
        public boolean frame(ByteBuffer in, int length, boolean more) {
            assertTrue(length <= in.remaining(), "a frame in place must be wholly in the input");
            byte[] b = new byte[length];
            in.get(b);
            return frame(b, more);
        }

        @Override
        public boolean frame(BufferFrame body, boolean more) {
            try {
                return frame(body.array(), more);
            } finally {
                body.release();
            }
        }
    }

    @FuzzTest(maxDuration = "30s")
    void decoderDeliversFramesOrAZmtpErrorWhateverTheSplit(FuzzedDataProvider data) {
        long limit = data.pickValue(LIMITS);
        boolean greeting = data.consumeBoolean();
        boolean pooled = data.consumeBoolean();
        int chunk = data.consumeInt(1, 4096);
        int stopEvery = data.consumeInt(0, 3);
        boolean inPlace = data.consumeBoolean();
        byte[] input = data.consumeRemainingAsBytes();
        long pooledBefore = BufferPool.outstandingBytes();

        Recorder whole = new Recorder(limit, 0);
        String wholeError = run(input, input.length, limit, greeting, pooled, false, whole);
        Recorder split = new Recorder(limit, stopEvery);
        String splitError = run(input, chunk, limit, greeting, pooled, inPlace, split);

        String how = "the same bytes in reads of " + chunk + (inPlace ? ", frames in place," : "");
        assertEquals(whole.events, split.events, how + " decoded differently");
        assertEquals(wholeError, splitError, how + " failed differently");
        assertEquals(pooledBefore, BufferPool.outstandingBytes(), "pooled memory not given back");
    }

    /** Feeds {@code input} in reads of {@code chunk} bytes as the engine does; returns the error code, if any. */
    private static String run(byte[] input, int chunk, long limit, boolean greeting, boolean pooled, boolean inPlace, Recorder h) {
        ZmtpDecoder d = new ZmtpDecoder(limit, greeting);
        d.pooledBodies(pooled);
        d.framesInPlace(inPlace);
        try {
            for (int off = 0; off < input.length; ) {
                int n = Math.min(chunk, input.length - off);
                ByteBuffer body = d.bodyBuffer();
                if (body != null && body.hasRemaining()) {
                    // the engine reads the rest of a pooled body straight into its memory
                    n = Math.min(n, body.remaining());
                    body.put(input, off, n);
                    off += n;
                    while (!d.decode(ByteBuffer.allocate(0), h)) { /* delivered; go on */ }
                    continue;
                }
                ByteBuffer in = ByteBuffer.wrap(input, off, n);
                while (!d.decode(in, h)) {
                    // the handler asked to stop after an item: the engine calls again with what is left
                }
                off += n;
                assertTrue(d.heldBytes() <= 2L * off + ZmtpDecoder.HEADER_SLACK,
                        "decoder holds " + d.heldBytes() + " bytes after " + off + " arrived");
            }
            return null;
        } catch (ZmtpException e) {
            assertNotNull(e.getMessage());
            assertNotNull(e.code());
            return e.code().name();
        } finally {
            d.discard();
        }
    }
}
