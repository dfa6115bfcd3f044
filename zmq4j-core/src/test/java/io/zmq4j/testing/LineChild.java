package io.zmq4j.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
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
 * A child process spoken to in lines: its stdout read a line at a time, every read with a
 * deadline; its stderr kept for failure messages; commands written to its stdin. The peers the
 * tests drive sit on it (pyzmq's {@code peer.py}, the draft-libzmq {@code draft_peer}, the
 * fault tests' child JVMs), each with its own protocol on top. {@link #close()} always ends
 * the process.
 *
 * <pre>{@code
 * try (LineChild child = new LineChild(List.of("/usr/bin/python3", "-u", "peer.py"), "peer.py")) {
 *     String ready = child.line(Duration.ofSeconds(10));   // null: nothing came, or it ended
 * }
 * }</pre>
 */
public final class LineChild implements AutoCloseable {
    /** How long a killed process may take to go. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    /** Put on the queue after stdout's last line: a String no line can be. */
    private static final String EOF = "\u0000EOF";

    private final List<String> command;
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();

    /** Starts {@code command}; {@code name} names the threads that read its output. */
    public LineChild(List<String> command, String name) {
        this.command = List.copyOf(command);
        try {
            process = new ProcessBuilder(this.command).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + this.command, e);
        }
        pump(process.getInputStream(), true, name + " stdout");
        pump(process.getErrorStream(), false, name + " stderr");
    }

    private void pump(InputStream in, boolean toQueue, String threadName) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    if (toQueue) {
                        lines.add(l);
                    } else {
                        stderr.append(l).append('\n');
                    }
                }
            } catch (IOException e) {
                // the process went away
            } finally {
                if (toQueue) {
                    lines.add(EOF);
                }
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
    }

    /**
     * The next stdout line, or null if none came within {@code timeout} or the output ended
     * (see {@link #outputEnded()}); null, with the interrupt flag set, when interrupted.
     */
    public String line(Duration timeout) {
        try {
            String l = lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (l == EOF) {
                lines.add(EOF); // the end stays for the next read
                return null;
            }
            return l;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** True once every stdout line has been read and the output has ended. */
    public boolean outputEnded() {
        return lines.peek() == EOF;
    }

    /** Writes {@code line} and a newline to the process's stdin. */
    public void write(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Closes the process's stdin: a child that reads commands until it ends then exits. */
    public void closeInput() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already gone
        }
    }

    /** Waits up to {@code timeout} for the process to exit; its exit code, or -1 if it did not. */
    public int waitExit(Duration timeout) {
        try {
            if (process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return process.exitValue();
            }
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Kills the process at once (SIGKILL), as a crash would, and waits for it to go. */
    public void kill() {
        process.destroyForcibly();
        waitExit(KILL_WAIT);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public List<String> command() {
        return command;
    }

    /** What the process wrote to stderr so far. */
    public String stderr() {
        return stderr.toString();
    }

    /** The command, whether it is still running and its stderr, for a failure message. */
    public String diagnostics() {
        return "command " + command + ", alive " + process.isAlive() + ", stderr: " + stderr;
    }

    /** Kills the process if it is still running. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
