package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ContextBuilderTest {
    @Test
    void ioSpinBelowZeroOrAboveTenMillisIsEinvalNamingTheValue() {
        for (Duration bad : new Duration[] {Duration.ofNanos(-1), Duration.ofMillis(11), null}) {
            ZmqException e = assertThrows(ZmqException.class, () -> Context.builder().ioSpin(bad));
            assertEquals(ZmqException.Kind.EINVAL, e.kind());
            assertTrue(e.getMessage().contains("I/O spin " + bad), e.getMessage());
        }
    }

    @Test
    void ioThreadsBelowOneIsEinval() {
        ZmqException e = assertThrows(ZmqException.class, () -> Context.builder().ioThreads(0));
        assertEquals(ZmqException.Kind.EINVAL, e.kind());
    }

    @Test
    void builtContextHasTheRequestedIoThreads() {
        try (Context ctx = Context.builder().ioThreads(3).build()) {
            String prefix = newestIoPrefix();
            assertEquals(3, Thread.getAllStackTraces().keySet().stream().filter(t -> sameContext(t.getName(), prefix)).count());
        }
    }

    private static String newestIoPrefix() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).filter(n -> n.startsWith("zmq4j-io-"))
                .map(n -> n.substring(0, n.lastIndexOf('-')))
                .max((a, b) -> Integer.compare(Integer.parseInt(a.substring(9)), Integer.parseInt(b.substring(9)))).orElseThrow();
    }

    private static boolean sameContext(String threadName, String prefix) {
        return threadName.startsWith(prefix + "-");
    }

    @Test
    void spinningContextCarriesRequestsAndRepliesIntact() {
        try (Context ctx = Context.builder().ioSpin(Duration.ofMillis(1)).build();
             Socket rep = ctx.socket(SocketType.REP).setLinger(Duration.ZERO);
             Socket req = ctx.socket(SocketType.REQ).setLinger(Duration.ZERO).setReceiveTimeout(Duration.ofSeconds(10))) {
            rep.bind("tcp://127.0.0.1:*");
            req.connect(rep.lastEndpoint());
            for (int i = 0; i < 2000; i++) {
                byte[] body = new byte[i % 7 == 0 ? 70_000 : i % 300];
                Arrays.fill(body, (byte) i);
                req.send(Msg.of(body));
                Msg got = rep.recv();
                assertArrayEquals(body, got.frame(0));
                rep.send(got);
                assertArrayEquals(body, req.recv().frame(0));
            }
        }
    }

    @Test
    void spinningIoThreadSleepsOnceTrafficStops() throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(mx.isThreadCpuTimeSupported(), "no per-thread CPU time here");
        // the longest window, so that a loop that never stops spinning shows at once
        try (Context ctx = Context.builder().ioSpin(Duration.ofMillis(10)).build();
             Socket rep = ctx.socket(SocketType.REP).setLinger(Duration.ZERO);
             Socket req = ctx.socket(SocketType.REQ).setLinger(Duration.ZERO).setReceiveTimeout(Duration.ofSeconds(10))) {
            rep.bind("tcp://127.0.0.1:*");
            req.connect(rep.lastEndpoint());
            for (int i = 0; i < 5000; i++) { // back to back: dense enough to spin
                req.send(Msg.of("ping"));
                rep.send(rep.recv());
                req.recv();
            }
            String prefix = newestIoPrefix();
            long[] ids = Thread.getAllStackTraces().keySet().stream().filter(t -> sameContext(t.getName(), prefix))
                    .mapToLong(Thread::getId).toArray();
            assertFalse(ids.length == 0);
            Thread.sleep(100); // ten windows: any spin has ended by now
            long before = cpuNanos(mx, ids);
            Thread.sleep(500);
            long used = cpuNanos(mx, ids) - before;
            // asleep in select, the loop uses next to nothing; still spinning it would use ~500 ms
            assertTrue(used < TimeUnit.MILLISECONDS.toNanos(100), "I/O thread used " + used / 1_000_000 + " ms of CPU in 500 ms at rest");
        }
    }

    private static long cpuNanos(ThreadMXBean mx, long[] ids) {
        long sum = 0;
        for (long id : ids) {
            sum += Math.max(0, mx.getThreadCpuTime(id));
        }
        return sum;
    }
}
