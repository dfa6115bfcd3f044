package io.zmq4j.interop;

import static org.junit.jupiter.api.Assertions.fail;

import io.zmq4j.testing.LineChild;
import java.time.Duration;
import java.util.List;

/**
 * A libzmq peer in a child process that talks in stdout lines, starting with
 * {@code READY <endpoint>}: what {@link PyPeer} and {@link DraftPeer} share. Every read has a
 * deadline, and {@link #close()} always kills the process.
 */
abstract class LinePeer implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(5);

    final LineChild process;
    /** The program's name in failure messages ({@code peer.py}, {@code draft_peer}). */
    final String name;
    private final String endpoint;

    /** Starts {@code command} and waits for its READY line, failing the test without one. */
    LinePeer(List<String> command, String name) {
        this.name = name;
        process = new LineChild(command, name);
        String first = line(Duration.ofSeconds(10));
        if (first == null || !first.startsWith("READY ")) {
            close();
            fail(name + " did not start: first line " + first + "; " + diagnostics());
        }
        endpoint = first.substring("READY ".length());
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
            fail("no output from " + name + " within " + WAIT + "; " + diagnostics());
        }
        return l;
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
