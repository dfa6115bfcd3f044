package io.zmq4j.interop;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zmq4j.Context;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * What every libzmq interop test class needs: pyzmq present (or the tests skipped on purpose
 * with {@code -Dzmq4j.interop=skip}), a fresh context per test, and peer processes and ipc
 * files that are always cleaned up.
 */
abstract class LibzmqInteropBase {
    protected final Context ctx = Context.create();
    protected final List<PyPeer> peers = new ArrayList<>();
    protected final List<String> endpoints = new ArrayList<>();

    @BeforeAll
    static void needPyzmq() {
        assumeTrue(!"skip".equals(System.getProperty("zmq4j.interop")), "interop tests skipped by -Dzmq4j.interop=skip");
        org.junit.jupiter.api.Assertions.assertTrue(PyPeer.available(),
                PyPeer.PYTHON + " cannot import zmq: install Debian's python3-zmq, or run with -Dzmq4j.interop=skip");
    }

    @AfterEach
    void cleanup() {
        for (PyPeer p : peers) {
            p.close();
        }
        ctx.close();
        for (String e : endpoints) {
            Interop.cleanup(e);
        }
    }

    /** Starts a libzmq peer that is killed (and its ipc file removed) after the test. */
    protected PyPeer start(String... args) {
        PyPeer p = PyPeer.start(args);
        peers.add(p);
        endpoints.add(p.endpoint());
        return p;
    }

    /** A socket that drops what is queued on close and does not block a send for ever. */
    protected Socket socket(SocketType t) {
        return ctx.socket(t).setLinger(Duration.ZERO).setSendTimeout(Interop.WAIT);
    }

    /** Binds, and removes the ipc file after the test. */
    protected String bind(Socket s, String transport) {
        String ep = s.bind(Interop.bindEndpoint(transport));
        endpoints.add(ep);
        return ep;
    }
}
