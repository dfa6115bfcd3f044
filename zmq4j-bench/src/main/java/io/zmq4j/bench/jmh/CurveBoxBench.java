package io.zmq4j.bench.jmh;

import io.zmq4j.internal.security.CryptoBox;
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
 * The per-message cost CURVE adds after its handshake: sealing one message into a MESSAGE box
 * (XSalsa20-Poly1305 under the precomputed connection key) and opening it again. Compare with
 * {@link ZmtpEncoderBench}/{@link ZmtpDecoderBench}, which is what NULL costs for the same size.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CurveBoxBench {
    @Param({"8", "64", "1024", "65536"})
    int size;

    private byte[] key;
    private byte[] plain;
    private byte[] box;
    private byte[] nonce;
    private long counter;

    @Setup
    public void setup() {
        byte[][] a = CryptoBox.keyPair();
        byte[][] b = CryptoBox.keyPair();
        key = CryptoBox.beforenm(b[0], a[1]);
        plain = new byte[1 + size];
        nonce = CryptoBox.nonce("CurveZMQMESSAGEC", 1);
        box = new byte[CryptoBox.MAC_BYTES + plain.length];
        CryptoBox.sealInto(plain, 0, plain.length, nonce, key, box, 0);
    }

    @Benchmark
    public byte[] box() {
        byte[] out = new byte[CryptoBox.MAC_BYTES + plain.length];
        CryptoBox.sealInto(plain, 0, plain.length, CryptoBox.nonce("CurveZMQMESSAGEC", ++counter), key, out, 0);
        return out;
    }

    @Benchmark
    public byte[] unbox() {
        return CryptoBox.unseal(box, 0, box.length, nonce, key);
    }
}
