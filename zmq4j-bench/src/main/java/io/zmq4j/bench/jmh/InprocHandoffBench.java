package io.zmq4j.bench.jmh;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import io.zmq4j.internal.Internals;
import io.zmq4j.internal.io.BufferFrame;
import io.zmq4j.internal.io.BufferPool;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One message across an inproc PUSH to PULL, sent and received on one thread through the public
 * API (so the score is the library's whole path, without a wake-up), made the way the perf tools
 * make it. Read {@code gc.alloc.rate.norm} under {@code -prof gc}: bytes per message.
 *
 * <ul>
 *   <li>{@code array}: {@code Msg.of(new byte[size])} per message (the caller's array and Msg
 *       are in the count: {@code size} + 16 B of array header + the Msg);
 *   <li>{@code allocate}: {@code Msg.allocate(size)} per message, whose array the receiver's
 *       close gives back for the next one;
 *   <li>{@code buffer}: one direct buffer sent again and again, {@code Msg.of(buffer)} per
 *       message;
 *   <li>{@code resend}: one {@code Msg.of(buffer)} object sent again and again (what a caller
 *       that keeps its message can do);
 *   <li>{@code pooled}: a received-style message of pooled memory (as the engine makes for a
 *       large frame off tcp or ipc), forwarded inproc and closed by the receiver.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseSerialGC"})
public class InprocHandoffBench {
    @Param({"array", "allocate", "buffer", "resend", "pooled"})
    String kind;

    @Param({"1024", "65536"})
    int size;

    Context ctx;
    Socket push;
    Socket pull;
    private ByteBuffer direct;
    private Msg kept;

    @Setup
    public void setup() {
        ctx = Context.create();
        pull = ctx.socket(SocketType.PULL);
        pull.bind("inproc://handoff");
        push = ctx.socket(SocketType.PUSH);
        push.connect("inproc://handoff");
        direct = ByteBuffer.allocateDirect(size);
        kept = Msg.of(direct);
    }

    @TearDown
    public void tearDown() {
        push.close();
        pull.close();
        ctx.close();
    }

    private Msg next() {
        return message(kind, size, direct, kept);
    }

    static Msg message(String kind, int size, ByteBuffer direct, Msg kept) {
        switch (kind) {
            case "array":
                return Msg.of(new byte[size]);
            case "allocate":
                return Msg.allocate(size);
            case "buffer":
                return Msg.of(direct);
            case "resend":
                return kept;
            case "pooled":
                BufferPool.Lease lease = BufferPool.take(size);
                if (lease == null) { // below the pooled sizes: what the engine makes instead
                    return Msg.of(new byte[size]);
                }
                BufferFrame f = BufferFrame.pooled(lease.buffer(size), lease);
                return Internals.msg().wrap(new byte[][] {null}, new BufferFrame[] {f});
            default:
                throw new IllegalArgumentException(kind);
        }
    }

    /**
     * Sent and received on one thread: the library's own path without wake-ups. The JIT may
     * scalar-replace objects that never leave the thread here (the receiver's copy of a message
     * a caller would keep), so {@link #sendThenReceiveNoEscapeAnalysis} is the count to quote.
     */
    @Benchmark
    public long sendThenReceive() {
        push.send(next());
        Msg m = pull.recv();
        long n = m.byteSize();
        m.close();
        return n;
    }

    /**
     * The same with escape analysis off, so every object the path makes is counted, as when the
     * sender and receiver are different threads (a cross-thread JMH group spinning on two busy
     * cores gave unusable allocation figures).
     */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseSerialGC", "-XX:-DoEscapeAnalysis"})
    public long sendThenReceiveNoEscapeAnalysis() {
        return sendThenReceive();
    }
}
