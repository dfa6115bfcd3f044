package io.zmq4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Connects a frontend and a backend socket and moves messages between them until the context
 * closes or a control socket says {@code TERMINATE}, as libzmq's {@code zmq_proxy} and
 * {@code zmq_proxy_steerable}. The Guide's devices are a proxy with the right pair of sockets:
 * queue (ROUTER frontend, DEALER backend), forwarder (XSUB, XPUB: subscriptions flow back
 * upstream) and streamer (PULL, PUSH).
 *
 * <pre>{@code
 * try (Context ctx = Context.create();
 *      Socket frontend = ctx.socket(SocketType.XSUB);
 *      Socket backend = ctx.socket(SocketType.XPUB)) {
 *     frontend.bind("tcp://*:5559");
 *     backend.bind("tcp://*:5560");
 *     Proxy.run(frontend, backend);          // until ctx.close() from another thread
 * }
 * }</pre>
 *
 * <p>The control socket takes single-frame commands {@code PAUSE}, {@code RESUME},
 * {@code TERMINATE} and {@code STATISTICS}; the last is answered with eight frames of unsigned
 * 64-bit counters in libzmq's order (frontend messages in, bytes in, messages out, bytes out,
 * then the same four for the backend), little-endian as libzmq writes them on x86 and ARM.
 */
public final class Proxy {
    private static final int BATCH = 256;

    private final Socket frontend;
    private final Socket backend;
    private final Socket capture;
    private final Socket control;
    private final long[] stats = new long[8];
    private boolean paused;

    private Proxy(Socket frontend, Socket backend, Socket capture, Socket control) {
        this.frontend = frontend;
        this.backend = backend;
        this.capture = capture;
        this.control = control;
    }

    /** Runs until the context is closed. */
    public static void run(Socket frontend, Socket backend) {
        new Proxy(frontend, backend, null, null).loop();
    }

    /** Runs until the context is closed, sending a copy of every message to {@code capture}. */
    public static void run(Socket frontend, Socket backend, Socket capture) {
        new Proxy(frontend, backend, capture, null).loop();
    }

    /**
     * Runs until the context is closed or {@code control} receives {@code TERMINATE}.
     * {@code capture} may be null.
     */
    public static void runSteerable(Socket frontend, Socket backend, Socket capture, Socket control) {
        new Proxy(frontend, backend, capture, control).loop();
    }

    private static boolean receives(Socket s) {
        switch (s.type()) {
            case PUSH:
            case PUB:
                return false;
            default:
                return true;
        }
    }

    private void loop() {
        Poller poller = new Poller();
        int front = receives(frontend) ? poller.register(frontend, Poller.IN) : -1;
        int back = receives(backend) && backend != frontend ? poller.register(backend, Poller.IN) : -1;
        int ctl = control != null ? poller.register(control, Poller.IN) : -1;
        try {
            while (true) {
                poller.poll(null);
                if (ctl >= 0 && poller.isReadable(ctl) && !command(control.recv())) {
                    return;
                }
                if (paused) {
                    // while paused only the control socket is served
                    continue;
                }
                if (front >= 0 && poller.isReadable(front)) {
                    forward(frontend, backend, 0);
                }
                if (back >= 0 && poller.isReadable(back)) {
                    forward(backend, frontend, 4);
                }
            }
        } catch (ZmqException e) {
            if (e.kind() != ZmqException.Kind.ETERM && e.kind() != ZmqException.Kind.ENOTSOCK) {
                throw e;
            }
        }
    }

    private void forward(Socket from, Socket to, int statsBase) {
        for (int i = 0; i < BATCH; i++) {
            Msg m = from.tryRecv();
            if (m == null) {
                return;
            }
            long bytes = m.byteSize();
            stats[statsBase] += 1;
            stats[statsBase + 1] += bytes;
            if (capture != null) {
                // two sockets write one message: pooled memory cannot go back per writer
                io.zmq4j.internal.Internals.msg().toArrays(m);
                capture.trySend(m); // a slow capture must not stall the flow
            }
            to.send(m);
            int outBase = statsBase == 0 ? 6 : 2;
            stats[outBase] += 1;
            stats[outBase + 1] += bytes;
        }
    }

    /** Handles a control command; false to terminate. */
    private boolean command(Msg m) {
        String cmd = new String(m.frame(0), StandardCharsets.US_ASCII);
        switch (cmd) {
            case "PAUSE":
                paused = true;
                return true;
            case "RESUME":
                paused = false;
                return true;
            case "TERMINATE":
                return false;
            case "STATISTICS":
                byte[][] frames = new byte[8][];
                for (int i = 0; i < 8; i++) {
                    frames[i] = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(stats[i]).array();
                }
                control.send(Msg.of(frames), Duration.ofSeconds(1));
                return true;
            default:
                System.getLogger("io.zmq4j").log(System.Logger.Level.WARNING, "proxy ignored unknown control command " + Msg.printable(m.frame(0)));
                return true;
        }
    }
}
