package io.zmq4j.bench.jmh;

import io.zmq4j.internal.io.BufferFrame;
import io.zmq4j.internal.zmtp.Greeting;
import io.zmq4j.internal.zmtp.ZmtpDecoder;
import io.zmq4j.internal.zmtp.ZmtpEncoder;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Frames decoded from one read's worth of bytes: a 64 KiB buffer (like the engine's read
 * buffer) holding {@link #BATCH} frames is decoded in one call; the score is per frame. With
 * {@code pooled}, frames of 32 KiB and up go to pooled memory (given back at once) instead of a
 * new array; the engine also reads most of such a body straight from the socket, which this
 * does not measure.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ZmtpDecoderBench {
    static final int BATCH = 64;

    @Param({"8", "64", "1024", "65536"})
    int size;

    @Param({"false", "true"})
    boolean pooled;

    private ByteBuffer in;
    private ZmtpDecoder decoder;
    private Sink sink;

    static final class Sink implements ZmtpDecoder.Handler {
        Blackhole bh;

        @Override
        public boolean greeting(Greeting g) {
            return true;
        }

        @Override
        public boolean command(byte[] body) {
            return true;
        }

        @Override
        public boolean frame(byte[] body, boolean more) {
            bh.consume(body);
            return true;
        }

        @Override
        public boolean frame(BufferFrame body, boolean more) {
            bh.consume(body.length());
            body.release();
            return true;
        }
    }

    @Setup
    public void setup(Blackhole bh) {
        in = ByteBuffer.allocateDirect(BATCH * (size + 9));
        for (int i = 0; i < BATCH; i++) {
            ZmtpEncoder.putHeader(in, 0, size);
            in.put(new byte[size]);
        }
        in.flip();
        decoder = new ZmtpDecoder(-1, false);
        decoder.pooledBodies(pooled);
        sink = new Sink();
        sink.bh = bh;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public boolean decode() throws Exception {
        in.rewind();
        return decoder.decode(in, sink);
    }
}
