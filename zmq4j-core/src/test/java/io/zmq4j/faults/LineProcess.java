package io.zmq4j.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child process spoken to in lines: commands on its stdin, answers read from its stdout with a
 * deadline, stderr kept for the failure message. {@link #close()} always ends the process.
 */
final class LineProcess implements AutoCloseable {
    private static final String EOF = "\u0000EOF";
    private final List<String> command;
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();

    LineProcess(List<String> command) {
        this.command = List.copyOf(command);
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        pump(process.getInputStream(), true);
        pump(process.getErrorStream(), false);
    }

    private void pump(java.io.InputStream in, boolean answers) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    if (answers) {
                        lines.add(l);
                    } else {
                        stderr.append(l).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            } finally {
                if (answers) {
                    lines.add(EOF);
                }
            }
        }, "child " + (answers ? "stdout" : "stderr"));
        t.setDaemon(true);
        t.start();
    }

    /** The next line, or an AssertionError naming the process and its stderr after {@code wait}. */
    String expectLine(Duration wait) {
        String l;
        try {
            l = lines.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        if (l == null || l.equals(EOF)) {
            if (l != null) {
                lines.add(EOF);
            }
            throw new AssertionError((l == null ? "no line within " + wait : "the process ended") + " from "
                    + command + "; stderr: " + stderr);
        }
        return l;
    }

    /** The next line, which must start with {@code prefix}; the rest of it. */
    String expect(String prefix, Duration wait) {
        String l = expectLine(wait);
        if (!l.startsWith(prefix)) {
            throw new AssertionError("expected '" + prefix + "...' from " + command + ", got '" + l + "'; stderr: " + stderr);
        }
        return l.substring(prefix.length()).trim();
    }

    void send(String line) {
        try {
            OutputStream out = process.getOutputStream();
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + command + "; stderr: " + stderr, e);
        }
    }

    /** Kills the process as SIGKILL does, without waiting for it to finish what it was doing. */
    void kill() {
        process.destroyForcibly();
        waitFor();
    }

    private void waitFor() {
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends input (a well-behaved child exits on it), then kills what is still running. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
