package io.zmq4j.faults;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * A real, lossy IPv4 link between this process's network namespace and a new one that exists
 * only for the test ({@code src/test/resources/faults/lossy_link.py}): addresses
 * {@link #near()} here and {@link #far()} there, with loss, delay, jitter, duplication and a
 * link that can be set down and up. The kernel's TCP runs over it on both sides; nothing is
 * sent to any other address.
 */
final class LossyLink implements AutoCloseable {
    static final String PYTHON = "/usr/bin/python3";
    static final Duration WAIT = Duration.ofSeconds(20);
    private static final AtomicInteger NEXT = new AtomicInteger();

    private final String namespace;
    private final String net;
    private final LineProcess process;

    private LossyLink(String namespace, String net) {
        this.namespace = namespace;
        this.net = net;
        this.process = new LineProcess(List.of(PYTHON, "-u", script().toString(), namespace, net));
        process.expect("ready", WAIT);
    }

    /**
     * Makes a link, or aborts the test with the reason where this machine cannot (not root, no
     * {@code /dev/net/tun}, no {@code ip netns}).
     */
    static LossyLink open() {
        Assumptions.assumeTrue(Unavailable.REASON == null, () -> "no lossy link here: " + Unavailable.REASON);
        int n = NEXT.incrementAndGet();
        long pid = ProcessHandle.current().pid() % 10000;
        return new LossyLink("zq" + pid + "n" + n, "10.77." + (int) ((pid * 7 + n) % 250 + 1));
    }

    /** The address on this side. */
    String near() {
        return net + ".1";
    }

    /** The address in the namespace. */
    String far() {
        return net + ".2";
    }

    String namespace() {
        return namespace;
    }

    /** Loss and duplication as fractions, delay and its deviation, as netem's {@code loss delay dup}. */
    LossyLink impair(double loss, Duration delay, Duration jitter, double duplicate) {
        return command(String.format(java.util.Locale.ROOT, "set %f %d %d %f", loss, delay.toMillis(), jitter.toMillis(), duplicate));
    }

    /** {@code ip link set down} on the namespace's device: every packet either way is lost. */
    LossyLink down() {
        return command("down");
    }

    LossyLink up() {
        return command("up");
    }

    /** Packets forwarded, dropped by the loss, duplicated, and lost on a down link, so far. */
    long[] stats() {
        process.send("stats");
        String[] f = process.expect("stats", WAIT).split(" ");
        return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])};
    }

    private LossyLink command(String line) {
        process.send(line);
        process.expect("ok", WAIT);
        return this;
    }

    /** A command line that runs {@code argv} inside the namespace. */
    List<String> inside(List<String> argv) {
        List<String> all = new java.util.ArrayList<>(List.of("ip", "netns", "exec", namespace));
        all.addAll(argv);
        return all;
    }

    @Override
    public void close() {
        process.send("quit");
        process.close();
    }

    private static Path script() {
        URL url = LossyLink.class.getResource("/faults/lossy_link.py");
        if (url == null) {
            throw new IllegalStateException("faults/lossy_link.py is not on the test class path");
        }
        try {
            return Paths.get(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Unavailable {
        static final String REASON = check();

        private static String check() {
            if (!Files.isReadable(Paths.get("/dev/net/tun"))) {
                return "/dev/net/tun is missing";
            }
            if (!Files.isExecutable(Paths.get(PYTHON))) {
                return PYTHON + " is missing";
            }
            try {
                Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    return "'ip netns list' failed: " + out.trim();
                }
                Process id = new ProcessBuilder("id", "-u").start();
                String uid = new String(id.getInputStream().readAllBytes()).trim();
                id.waitFor(10, TimeUnit.SECONDS);
                return uid.equals("0") ? null : "not root (uid " + uid + "); network namespaces need root";
            } catch (IOException e) {
                return "cannot run ip (iproute2): " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
    }
}
