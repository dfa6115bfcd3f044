package io.zmq4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.ZmqException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Shared bits of the interop tests: endpoints, frames, a deadline poll, message comparison. */
final class Interop {
    static final Duration WAIT = PyPeer.WAIT;
    private static final AtomicInteger SEQ = new AtomicInteger();

    private Interop() {}

    /** A fresh endpoint to bind: a wildcard tcp port on loopback, or a unique ipc path under java.io.tmpdir. */
    static String bindEndpoint(String transport) {
        switch (transport) {
            case "tcp":
                return "tcp://127.0.0.1:*";
            case "ipc":
                return "ipc://" + ipcPath();
            default:
                throw new IllegalArgumentException(transport);
        }
    }

    static Path ipcPath() {
        return Paths.get(System.getProperty("java.io.tmpdir"),
                "zmq4j-interop-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet() + "-" + (System.nanoTime() % 1_000_000) + ".sock");
    }

    /** Removes the file of an ipc endpoint, if any. */
    static void cleanup(String endpoint) {
        if (endpoint != null && endpoint.startsWith("ipc://") && !endpoint.startsWith("ipc://@")) {
            try {
                Files.deleteIfExists(Paths.get(endpoint.substring("ipc://".length())));
            } catch (IOException e) {
                // best effort
            }
        }
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static List<byte[]> frames(byte[]... fs) {
        return new ArrayList<>(List.of(fs));
    }

    static List<byte[]> concat(List<byte[]> a, List<byte[]> b) {
        List<byte[]> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    static String show(List<byte[]> frames) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < frames.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(Msg.printable(frames.get(i)));
        }
        return sb.append(']').toString();
    }

    static void assertFrames(List<byte[]> expected, List<byte[]> actual, String what) {
        assertNotNull(actual, what + ": nothing received");
        assertEquals(show(expected), show(actual), what);
        for (int i = 0; i < expected.size(); i++) {
            if (!java.util.Arrays.equals(expected.get(i), actual.get(i))) {
                fail(what + ": frame " + i + " differs");
            }
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** One end of a conversation: a zmq4j socket or a libzmq peer in the interactive role. */
    interface Side {
        void send(List<byte[]> frames);

        /** The next message within {@link #WAIT}; fails the test otherwise. */
        List<byte[]> recv();
    }

    static Side zmq4j(Socket s) {
        return new Side() {
            @Override
            public void send(List<byte[]> frames) {
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (true) {
                    try {
                        if (s.send(Msg.of(frames), WAIT)) {
                            return;
                        }
                        fail("zmq4j " + s.type() + " could not send within " + WAIT);
                    } catch (ZmqException e) {
                        // a ROUTER (mandatory) that does not know the peer yet: retry until the deadline
                        if (e.kind() != ZmqException.Kind.EHOSTUNREACH || System.nanoTime() > deadline) {
                            throw e;
                        }
                        pause();
                    }
                }
            }

            @Override
            public List<byte[]> recv() {
                Msg m = s.recv(WAIT);
                assertNotNull(m, "zmq4j " + s.type() + " received nothing within " + WAIT);
                return m.frames();
            }

            @Override
            public String toString() {
                return "zmq4j " + s.type();
            }
        };
    }

    static Side libzmq(PyPeer p, String type) {
        return new Side() {
            @Override
            public void send(List<byte[]> frames) {
                p.sendOk(frames);
            }

            @Override
            public List<byte[]> recv() {
                List<byte[]> m = p.recv(WAIT);
                assertNotNull(m, "libzmq " + type + " received nothing within " + WAIT + "; " + p.diagnostics());
                return m;
            }

            @Override
            public String toString() {
                return "libzmq " + type;
            }
        };
    }

    /** A short pause inside a deadline-bounded retry loop (not a wait for an event). */
    static void pause() {
        java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
    }
}
