package io.zmq4j.interop;

import static org.junit.jupiter.api.Assertions.fail;

import io.zmq4j.testing.LineChild;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A libzmq 4.3 peer for the draft socket types: {@code src/test/resources/interop/draft_peer.c}
 * built by {@code bench/draft-libzmq} against libzmq compiled with its draft API (Debian's
 * libzmq and pyzmq have no CLIENT, SERVER, RADIO, DISH, SCATTER, GATHER, PEER or CHANNEL).
 * The build's folder comes from {@code -Dzmq4j.interop.draftLibzmq} (the core pom sets it to the
 * repository's {@code target/draft-libzmq}). Every read has a deadline and {@link #close()}
 * always kills the process.
 */
final class DraftPeer implements AutoCloseable {
    static final Path HOME = Paths.get(System.getProperty("zmq4j.interop.draftLibzmq", "../target/draft-libzmq"))
            .toAbsolutePath().normalize();
    static final Path BINARY = HOME.resolve("bin/draft_peer");
    static final Duration WAIT = Duration.ofSeconds(5);

    private final LineChild process;
    private final String endpoint;

    private DraftPeer(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(BINARY.toString());
        command.addAll(args);
        process = new LineChild(command, "draft_peer");
        String first = line(Duration.ofSeconds(10));
        if (first == null || !first.startsWith("READY ")) {
            close();
            fail("draft_peer did not start: first line " + first + "; " + diagnostics());
        }
        endpoint = first.substring("READY ".length());
    }

    /** Whether the peer has been built; the reason the tests skip when it has not. */
    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    static String absentMessage() {
        return "libzmq with drafts is not built at " + HOME + " (no " + BINARY + "): run `bash bench/draft-libzmq`"
                + " from the repository root, or pass -Dzmq4j.interop.draftLibzmq=DIR; draft interop tests skipped";
    }

    /**
     * Starts {@code draft_peer ROLE TYPE bind|connect ENDPOINT [GROUPS]} and waits for its READY
     * line.
     */
    static DraftPeer start(String... args) {
        return new DraftPeer(Arrays.asList(args));
    }

    /** The endpoint from the READY line: the bound one (wildcard resolved) or the one connected to. */
    String endpoint() {
        return endpoint;
    }

    /** The next stdout line, or null if none came within {@code timeout} or the output ended. */
    String line(Duration timeout) {
        return process.line(timeout);
    }

    /** The next line, failing the test if none comes within {@link #WAIT}. */
    String expectLine() {
        String l = line(WAIT);
        if (l == null) {
            fail("no output from draft_peer within " + WAIT + "; " + diagnostics());
        }
        return l;
    }

    /** Every line until the output ends, failing the test unless it ends within {@link #WAIT}. */
    List<String> remainingLines() {
        List<String> out = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            String l = line(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (l == null) {
                if (process.isAlive() && System.nanoTime() >= deadline) {
                    fail("draft_peer did not finish within " + WAIT + "; got " + out + "; " + diagnostics());
                }
                return out;
            }
            out.add(l);
        }
    }

    /** Waits up to {@code timeout} for the process to exit; its exit code, or -1 if it did not. */
    int waitExit(Duration timeout) {
        return process.waitExit(timeout);
    }

    String diagnostics() {
        return process.diagnostics();
    }

    @Override
    public void close() {
        process.close();
    }
}
