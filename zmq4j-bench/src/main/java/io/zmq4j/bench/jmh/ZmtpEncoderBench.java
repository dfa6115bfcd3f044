package io.zmq4j.bench.jmh;

import io.zmq4j.internal.zmtp.ZmtpEncoder;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One message (one or two frames) encoded into the engine's 64 KiB direct output buffer, which
 * is emptied (as a socket write would) when the next message does not fit whole.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ZmtpEncoderBench {
    @Param({"8", "64", "1024", "65536"})
    int size;

    @Param({"1", "2"})
    int frames;

    private final ZmtpEncoder encoder = new ZmtpEncoder();
    private final ByteBuffer out = ByteBuffer.allocateDirect(64 * 1024);
    private byte[][] msg;

    @Setup
    public void setup() {
        msg = new byte[frames][];
        for (int i = 0; i < frames; i++) {
            msg[i] = new byte[i == 0 ? size : 8];
        }
    }

    @Benchmark
    public int encode() {
        encoder.start(msg);
        while (!encoder.fill(out)) {
            out.clear(); // the buffer went to the socket
        }
        if (out.remaining() < 9 + size) {
            out.clear();
        }
        return out.position();
    }
}
