package io.zmq4j.interop;

import static org.junit.jupiter.api.Assertions.fail;

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
 * repository's {@code target/draft-libzmq}).
 */
final class DraftPeer extends LinePeer {
    static final Path HOME = Paths.get(System.getProperty("zmq4j.interop.draftLibzmq", "../target/draft-libzmq"))
            .toAbsolutePath().normalize();
    static final Path BINARY = HOME.resolve("bin/draft_peer");

    private DraftPeer(List<String> args) {
        super(command(args), "draft_peer");
    }

    private static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(BINARY.toString());
        command.addAll(args);
        return command;
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
}
