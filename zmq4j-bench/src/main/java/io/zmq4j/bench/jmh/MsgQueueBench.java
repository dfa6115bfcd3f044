package io.zmq4j.bench.jmh;

import io.zmq4j.Msg;
import io.zmq4j.internal.pipe.MsgQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

/**
 * The pipe hand-off between two threads: one writer offers, one reader polls, both spin (no
 * wake-up is registered, so this is the queue and its HWM accounting alone). The score is
 * operations per microsecond for each side; {@code -prof gc} shows whether the hand-off
 * allocates (it should not: the message is reused).
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MsgQueueBench {
    @Param({"1000", "0"})
    int hwm;

    private MsgQueue queue;
    private final Msg msg = Msg.of(new byte[8]);

    @Setup
    public void setup() {
        queue = new MsgQueue(hwm);
    }

    @Benchmark
    @Group("handoff")
    @GroupThreads(1)
    public boolean offer(Control control) {
        while (!queue.offer(msg)) {
            if (control.stopMeasurement) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    @Benchmark
    @Group("handoff")
    @GroupThreads(1)
    public Msg poll(Control control) {
        Msg m;
        while ((m = queue.poll()) == null) {
            if (control.stopMeasurement) {
                return null;
            }
            Thread.onSpinWait();
        }
        return m;
    }
}
