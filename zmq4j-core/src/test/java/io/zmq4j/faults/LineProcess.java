package io.zmq4j.faults;

import io.zmq4j.testing.LineChild;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/**
 * A child process spoken to in lines: commands on its stdin, answers read from its stdout with a
 * deadline, stderr kept for the failure message. {@link #close()} always ends the process.
 */
final class LineProcess implements AutoCloseable {
    private static final Duration EXIT_WAIT = Duration.ofSeconds(10);
    private final LineChild process;

    LineProcess(List<String> command) {
        process = new LineChild(command, "child");
    }

    /** The next line, or an AssertionError naming the process and its stderr after {@code wait}. */
    String expectLine(Duration wait) {
        String l = process.line(wait);
        if (l == null) {
            if (Thread.currentThread().isInterrupted()) {
                throw new AssertionError("interrupted");
            }
            throw new AssertionError((process.outputEnded() ? "the process ended" : "no line within " + wait) + " from "
                    + process.command() + "; stderr: " + process.stderr());
        }
        return l;
    }

    /** The next line, which must start with {@code prefix}; the rest of it. */
    String expect(String prefix, Duration wait) {
        String l = expectLine(wait);
        if (!l.startsWith(prefix)) {
            throw new AssertionError("expected '" + prefix + "...' from " + process.command() + ", got '" + l
                    + "'; stderr: " + process.stderr());
        }
        return l.substring(prefix.length()).trim();
    }

    void send(String line) {
        try {
            process.write(line);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + process.command() + "; stderr: " + process.stderr(), e);
        }
    }

    /** Kills the process as SIGKILL does, without waiting for it to finish what it was doing. */
    void kill() {
        process.kill();
    }

    /** Ends input (a well-behaved child exits on it), then kills what is still running. */
    @Override
    public void close() {
        process.closeInput();
        if (process.waitExit(EXIT_WAIT) < 0) {
            process.close();
        }
    }
}
