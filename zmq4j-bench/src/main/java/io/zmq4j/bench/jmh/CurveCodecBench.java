package io.zmq4j.bench.jmh;

import io.zmq4j.internal.security.CryptoBox;
import io.zmq4j.internal.security.CurveCodec;
import io.zmq4j.internal.zmtp.ZmtpException;
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
 * What CURVE costs a connection per frame after the handshake, as the engine pays it: sealing a
 * frame into a MESSAGE body in an output array ({@code seal}), and opening a MESSAGE body into
 * the frame's own new array ({@code open}, which allocates that payload and nothing else it
 * must). {@code -prof gc} gives the bytes per frame. Compare with ZmtpEncoderBench and
 * ZmtpDecoderBench, which is what NULL costs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CurveCodecBench {
    /**
     * Boxes opened in turn; their nonces increase, so the peer's codec restarts when they wrap
     * (up to 4,096 boxes, so that the restart, a key derivation, costs under a nanosecond a box).
     */
    private int ring;

    @Param({"8", "64", "1024", "65536"})
    int size;

    private byte[] key;
    private CurveCodec sender;
    private CurveCodec receiver;
    private byte[] frame;
    private byte[] out;
    private byte[][] boxes;
    private int next;

    @Setup
    public void setup() {
        byte[][] a = CryptoBox.keyPair();
        byte[][] b = CryptoBox.keyPair();
        key = CryptoBox.beforenm(b[0], a[1]);
        frame = new byte[size];
        out = new byte[CurveCodec.OVERHEAD + size];
        sender = new CurveCodec("CurveZMQMESSAGEC", "CurveZMQMESSAGES");
        sender.start(key.clone(), 1, 0);
        CurveCodec boxer = new CurveCodec("CurveZMQMESSAGEC", "CurveZMQMESSAGES");
        boxer.start(key.clone(), 1, 0);
        ring = Math.max(64, Math.min(4096, (16 << 20) / (size + 64)));
        boxes = new byte[ring][];
        for (int i = 0; i < ring; i++) {
            boxes[i] = new byte[CurveCodec.OVERHEAD + size];
            boxer.seal(frame, 0, size, 0, boxes[i], 0);
        }
        receiver = new CurveCodec("CurveZMQMESSAGES", "CurveZMQMESSAGEC");
        receiver.start(key.clone(), 1, 0);
    }

    @Benchmark
    public byte[] seal() {
        sender.seal(frame, 0, size, 0, out, 0);
        return out;
    }

    @Benchmark
    public byte[] open() throws ZmtpException {
        if (next == ring) {
            next = 0;
            receiver.start(key.clone(), 1, 0); // the boxes' nonces start again at 1
        }
        byte[] b = boxes[next++];
        return receiver.open(b, 0, b.length);
    }
}
