package io.zmq4j.bench.jmh;

import io.zmq4j.Msg;
import io.zmq4j.internal.pattern.FairQueue;
import io.zmq4j.internal.pipe.MsgQueue;
import io.zmq4j.internal.pipe.Pipe;
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
 * A ROUTER's (or PULL's) receive with many peers of which a few are busy: one message arrives on
 * one of {@code busy} peers, then the socket receives it. The cost should not grow with the
 * number of idle peers.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FairQueueBench {
    @Param({"1", "100", "10000"})
    int peers;

    @Param({"1", "8"})
    int busy;

    private final FairQueue fq = new FairQueue();
    private Pipe[] hot;
    private final Msg msg = Msg.of(new byte[8]);
    private int next;

    @Setup
    public void setup() {
        Pipe[] all = new Pipe[peers];
        for (int i = 0; i < peers; i++) {
            all[i] = new Pipe(new MsgQueue(1000), new MsgQueue(1000), "bench://" + i);
            fq.add(all[i]);
        }
        int b = Math.min(busy, peers);
        hot = new Pipe[b];
        for (int i = 0; i < b; i++) {
            hot[i] = all[(int) ((long) i * peers / b)];
        }
        fq.recv();
    }

    @Benchmark
    public Msg arriveThenReceive() {
        Pipe p = hot[next];
        next = next + 1 == hot.length ? 0 : next + 1;
        p.in().offer(msg);
        return fq.recv();
    }
}
