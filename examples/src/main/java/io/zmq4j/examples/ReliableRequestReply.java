package io.zmq4j.examples;

import io.zmq4j.Context;
import io.zmq4j.Heartbeat;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketBuilder;
import io.zmq4j.SocketType;
import io.zmq4j.ZmqException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Request-reply over TCP that survives its peers, as the libzmq-rs guide's second example:
 * heartbeats find a dead connection, timeouts keep any call from blocking for ever, and the
 * server drops a reply it cannot deliver (EAGAIN: the client's queue is full; EHOSTUNREACH: the
 * client is gone) instead of failing, then goes on serving the others.
 *
 * <p>Here one client asks for slow work and gives up after its receive timeout; the server's
 * late reply has nobody to go to and is dropped; a second client is then served as usual.
 *
 * <p>Run it: {@code java -cp ... io.zmq4j.examples.ReliableRequestReply}.
 */
public final class ReliableRequestReply {
    /** How long the server works on a "slow" request: well past the client's receive timeout. */
    static final Duration SLOW_WORK = Duration.ofSeconds(2);

    private ReliableRequestReply() {
    }

    /** What happened: replies the server delivered and replies it dropped. */
    public record Outcome(int replied, int dropped, boolean impatientClientGotNothing, String patientClientGot) {}

    public static void main(String[] args) throws Exception {
        System.out.println(run(System.out));
    }

    /** One setup for every socket here: heartbeat, timeouts, high-water marks. */
    static SocketBuilder reliable(SocketBuilder b) {
        return b.heartbeat(Heartbeat.of(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(3)).ttl(Duration.ofSeconds(3)))
                .sendTimeout(Duration.ofMillis(300)).receiveTimeout(Duration.ofMillis(300)).sendHwm(10).receiveHwm(100);
    }

    public static Outcome run(PrintStream out) throws Exception {
        AtomicInteger replied = new AtomicInteger();
        AtomicInteger dropped = new AtomicInteger();
        try (Context ctx = Context.create()) {
            Socket server = reliable(ctx.socketBuilder(SocketType.SERVER)).bind("tcp://127.0.0.1:*").build();
            String endpoint = server.lastEndpoint();
            out.println("server: bound to " + endpoint);

            CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> serve(server, out, replied, dropped));

            boolean gotNothing;
            try (Socket impatient = reliable(ctx.socketBuilder(SocketType.CLIENT)).linger(Duration.ZERO).connect(endpoint).build()) {
                impatient.send("slow");
                gotNothing = receiveOrNull(impatient) == null;
                out.println("impatient client: " + (gotNothing ? "no reply within 300 ms, giving up" : "got a reply"));
            }
            String reply;
            try (Socket patient = reliable(ctx.socketBuilder(SocketType.CLIENT)).connect(endpoint).build()) {
                patient.send("ping");
                reply = null;
                // the server is still busy with the slow request: ask again after each timeout
                for (int i = 0; i < 20 && reply == null; i++) {
                    reply = receiveOrNull(patient);
                }
                out.println("patient client: " + reply);
            }
            ctx.close();
            serving.get(10, TimeUnit.SECONDS);
            return new Outcome(replied.get(), dropped.get(), gotNothing, reply);
        }
    }

    /**
     * The server's loop: answer each request with pong; a reply that cannot go out (EAGAIN: the
     * client's queue stayed full for the send timeout; EHOSTUNREACH: the client is gone) is
     * dropped and counted, and the loop serves on. Returns when the context is shut down.
     */
    static void serve(Socket server, PrintStream out, AtomicInteger replied, AtomicInteger dropped) {
        try {
            while (true) {
                Msg request;
                try {
                    request = server.recv();
                } catch (ZmqException e) {
                    if (e.kind() == ZmqException.Kind.EAGAIN) {
                        continue; // the receive timeout: nothing asked, ask again
                    }
                    throw e;
                }
                if (request.string(1).equals("slow")) {
                    Thread.sleep(SLOW_WORK.toMillis()); // the work; the client will not wait this long
                }
                try {
                    server.send(Msg.of(request.routingId(), "pong".getBytes()));
                    replied.incrementAndGet();
                } catch (ZmqException e) {
                    if (e.kind() != ZmqException.Kind.EAGAIN && e.kind() != ZmqException.Kind.EHOSTUNREACH) {
                        throw e;
                    }
                    dropped.incrementAndGet();
                    out.println("server: dropped a reply (" + e.kind() + "), serving on");
                }
            }
        } catch (ZmqException e) {
            out.println("server: " + e.kind() + ", stopping");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String receiveOrNull(Socket s) {
        try {
            return s.recvString();
        } catch (ZmqException e) {
            if (e.kind() == ZmqException.Kind.EAGAIN) {
                return null;
            }
            throw e;
        }
    }
}
