package io.zmq4j.bench.jmh;

import io.zmq4j.internal.pattern.SubscriptionTrie;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
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
 * A PUB's per-message question: does any subscription prefix this message? Topics look like
 * "sensor.&lt;n&gt;.temp" followed by a payload; half the probes match, half do not.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SubscriptionTrieBench {
    @Param({"1", "100", "10000"})
    int subscriptions;

    private final SubscriptionTrie trie = new SubscriptionTrie();
    private byte[][] probes;
    private int next;

    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < subscriptions; i++) {
            trie.add(("sensor." + i + ".").getBytes(StandardCharsets.UTF_8));
        }
        probes = new byte[1024][];
        for (int i = 0; i < probes.length; i++) {
            int n = rnd.nextInt(subscriptions);
            String topic = (i % 2 == 0 ? "sensor." + n + ".temp " : "sensor.x" + n + ".temp ") + "payload-0123456789";
            probes[i] = topic.getBytes(StandardCharsets.UTF_8);
        }
    }

    @Benchmark
    public boolean match() {
        byte[] p = probes[next++ & (probes.length - 1)];
        return trie.matches(p);
    }
}
