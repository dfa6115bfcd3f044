package io.zmq4j.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A libzmq 4.3 peer: {@code src/test/resources/interop/peer.py} run under Debian's system
 * interpreter ({@code /usr/bin/python3}, which has pyzmq).
 */
final class PyPeer extends LinePeer {
    static final String PYTHON = System.getProperty("zmq4j.interop.python", "/usr/bin/python3");
    private static final Pattern FRAMES = Pattern.compile("\\{\"frames\": \\[(.*)\\]\\}");
    private static final Pattern HEX = Pattern.compile("\"([0-9a-f]*)\"");

    private PyPeer(List<String> args) {
        super(command(args), "peer.py");
    }

    private static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(PYTHON);
        command.add("-u");
        command.add(script().toString());
        command.addAll(args);
        return command;
    }

    /** Starts {@code peer.py} with these arguments and waits for its READY line. */
    static PyPeer start(String... args) {
        return new PyPeer(Arrays.asList(args));
    }

    /** Whether the system interpreter has pyzmq (checked once). */
    static boolean available() {
        return Availability.OK;
    }

    private static final class Availability {
        static final boolean OK = check();

        private static boolean check() {
            try {
                Process p = new ProcessBuilder(PYTHON, "-c", "import zmq").redirectErrorStream(true).start();
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return false;
                }
                return p.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private static Path script() {
        URL url = PyPeer.class.getResource("/interop/peer.py");
        if (url == null) {
            throw new IllegalStateException("interop/peer.py is not on the test class path");
        }
        try {
            return Paths.get(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next message the peer printed, failing the test if none comes within {@link #WAIT}. */
    List<byte[]> expectMsg() {
        String l = expectLine();
        List<byte[]> frames = parseFrames(l);
        if (frames == null) {
            fail("peer.py printed " + l + " where a message was expected; " + diagnostics());
        }
        return frames;
    }

    static List<byte[]> parseFrames(String line) {
        Matcher m = FRAMES.matcher(line);
        if (!m.matches()) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>();
        Matcher h = HEX.matcher(m.group(1));
        while (h.find()) {
            frames.add(HexFormat.of().parseHex(h.group(1)));
        }
        return frames;
    }

    static String hexList(List<byte[]> frames) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < frames.size(); i++) {
            sb.append(i == 0 ? "\"" : ", \"").append(HexFormat.of().formatHex(frames.get(i))).append('"');
        }
        return sb.append(']').toString();
    }

    /** The {@code --msg} argument for the send role. */
    static String msgArg(List<byte[]> frames) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < frames.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(HexFormat.of().formatHex(frames.get(i)));
        }
        return sb.toString();
    }

    // ---- the interactive role ----

    /** Interactive role: sends a message, retrying EHOSTUNREACH/EAGAIN for up to {@code retry}; returns the reply line. */
    String send(List<byte[]> frames, Duration retry) {
        command("{\"op\": \"send\", \"frames\": " + hexList(frames) + ", \"retry_ms\": " + retry.toMillis() + "}");
        String l = line(retry.plus(WAIT));
        if (l == null) {
            fail("peer.py did not answer a send within " + retry.plus(WAIT) + "; " + diagnostics());
        }
        return l;
    }

    /** Interactive role: sends and fails the test unless the peer said ok. */
    void sendOk(List<byte[]> frames) {
        String r = send(frames, WAIT);
        if (!r.equals("{\"ok\": true}")) {
            fail("peer.py could not send: " + r + "; " + diagnostics());
        }
    }

    /** Interactive role: the next message the peer receives within {@code timeout}, or null. */
    List<byte[]> recv(Duration timeout) {
        command("{\"op\": \"recv\", \"timeout_ms\": " + timeout.toMillis() + "}");
        String l = line(timeout.plus(WAIT));
        if (l == null) {
            fail("peer.py did not answer a recv; " + diagnostics());
        }
        if (l.equals("{\"timeout\": true}")) {
            return null;
        }
        List<byte[]> frames = parseFrames(l);
        if (frames == null) {
            fail("peer.py printed " + l + " where a message was expected; " + diagnostics());
        }
        return frames;
    }

    /**
     * Interactive role with {@code --monitor}: the names of libzmq's monitor events so far
     * (CONNECTED, DISCONNECTED, ...), up to and including the first {@code until} (waiting up to
     * {@link #WAIT} for it).
     */
    List<String> events(String until) {
        command("{\"op\": \"events\", \"until\": \"" + until + "\", \"timeout_ms\": " + WAIT.toMillis() + "}");
        String l = line(WAIT.plus(WAIT));
        if (l == null || !l.startsWith("{\"events\": ")) {
            fail("peer.py printed " + l + " where events were expected; " + diagnostics());
        }
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("\\[\"([A-Z_]+)\", (\\d+)\\]").matcher(l);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private void command(String json) {
        try {
            process.write(json);
        } catch (IOException e) {
            fail("cannot write to peer.py: " + e + "; " + diagnostics());
        }
    }

    /** Freezes the libzmq process (SIGSTOP): its sockets stay open but nothing answers. */
    void freeze() {
        signal("STOP");
    }

    /** Lets a frozen process run again (SIGCONT). */
    void thaw() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                fail("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while signalling the peer");
        }
    }

    /** Fails unless the process printed DONE and exited 0 within {@link #WAIT}. */
    void expectDone() {
        String l = expectLine();
        if (!l.equals("DONE")) {
            fail("peer.py printed " + l + " where DONE was expected; " + diagnostics());
        }
        int rc = waitExit(WAIT);
        if (rc != 0) {
            fail("peer.py exited " + rc + "; " + diagnostics());
        }
    }

    /** Kills the process at once (SIGKILL), as a crash would, and waits for it to die. */
    void kill() {
        process.kill();
    }

    /** Also closes the peer's stdin first: the end of an interactive role's commands. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.closeInput();
        }
        super.close();
    }
}
