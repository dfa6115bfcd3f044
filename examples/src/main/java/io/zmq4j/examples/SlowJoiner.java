package io.zmq4j.examples;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The slow-joiner effect and its fix (ZeroMQ Guide, "Getting the Message Out" and
 * "Node Coordination").
 *
 * <p>A SUB's subscription reaches the PUB only after the TCP connection and the ZMTP handshake,
 * and a PUB sends only to subscribers it knows; everything published before then is dropped,
 * by design. Connecting and subscribing before the publisher starts does not help: connect()
 * returns at once and the connection forms in the background.
 *
 * <p>Two rounds, same publisher code, same {@value #MESSAGES} messages:
 * <ol>
 *   <li><b>naive</b>: the publisher is already publishing when the subscriber starts (the
 *       first message goes out before the SUB socket exists), and goes on the moment the
 *       subscriber's connect() and subscribe() have returned. Usually every message is lost,
 *       including those sent after subscribe() returned; at least the first one always is.
 *   <li><b>synchronised</b>: first make sure the subscription has arrived, then publish. The
 *       publisher sends "probe" messages until the subscriber receives one (proof that the
 *       subscription reached the publisher), and the subscriber says so over a REQ/REP pair,
 *       the Guide's {@code syncpub}/{@code syncsub}. None is lost.
 * </ol>
 * (A REQ/REP handshake alone is not enough: the subscriber's REQ connection can be ready
 * before its SUB connection, so the probe is what proves the subscription arrived.)
 *
 * <p>To count the losses exactly, each round ends the same way: the publisher synchronises
 * (in the naive round only after publishing) and sends "END", which the subscriber receives
 * after every data message that was going to arrive, since one connection keeps order.
 */
public final class SlowJoiner {
    /** Messages published per round. */
    public static final int MESSAGES = 1000;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private SlowJoiner() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    /** Runs the naive round and the synchronised round; prints what each lost. */
    public static void run(PrintStream out) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Context ctx = Context.create()) {
            int lostNaive = round(ctx, pool, out, false);
            int lostSynced = round(ctx, pool, out, true);
            out.println("summary: lost " + lostNaive + " of " + MESSAGES + " without synchronisation, "
                    + lostSynced + " of " + MESSAGES + " with it");
        } finally {
            pool.shutdownNow();
        }
    }

    private static int round(Context ctx, ExecutorService pool, PrintStream out, boolean syncFirst) throws Exception {
        String name = syncFirst ? "synchronised" : "naive";
        try (Socket publisher = ctx.socket(SocketType.PUB);
             Socket sync = ctx.socket(SocketType.REP)) {
            // High enough that a burst never meets the HWM: a PUB drops past it, and we want
            // every loss here to be the slow joiner's.
            publisher.setSendHwm(10 * MESSAGES);
            String pubEndpoint = publisher.bind("tcp://127.0.0.1:*");
            String syncEndpoint = sync.bind("tcp://127.0.0.1:*");
            out.println(name + ": publisher on " + pubEndpoint + ", sync REP on " + syncEndpoint);

            CountDownLatch subscribed = new CountDownLatch(1);
            Future<Integer> subscriber;
            if (!syncFirst) {
                publisher.send("data 0");               // the subscriber does not exist yet
                subscriber = pool.submit(() -> subscribe(ctx, pubEndpoint, syncEndpoint, subscribed));
                await(subscribed);
                publish(publisher, 1);
                out.println(name + ": published 1 message before the subscriber started and "
                        + (MESSAGES - 1) + " right after its connect() and subscribe() returned");
            } else {
                subscriber = pool.submit(() -> subscribe(ctx, pubEndpoint, syncEndpoint, subscribed));
            }
            int probes = synchronise(publisher, sync);
            out.println(name + ": subscriber confirmed its subscription after " + probes + " probes");
            if (syncFirst) {
                publish(publisher, 0);
                out.println(name + ": published " + MESSAGES + " messages after synchronising");
            }
            publisher.send("END");
            int received = subscriber.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            int lost = MESSAGES - received;
            out.println(name + ": subscriber received " + received + ", lost " + lost);
            return lost;
        }
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        if (!latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the subscriber did not start within " + TIMEOUT);
        }
    }

    private static void publish(Socket publisher, int from) {
        for (int i = from; i < MESSAGES; i++) {
            publisher.send("data " + i);
        }
    }

    /**
     * Publishes "probe" every 10 ms until the subscriber reports, over REQ/REP, that a probe
     * reached it. The 10 ms is the poll period of this wait, not a guess at how long the
     * connection takes: we stop as soon as the subscriber answers.
     */
    private static int synchronise(Socket publisher, Socket sync) {
        Instant deadline = Instant.now().plus(TIMEOUT);
        int probes = 0;
        while (Instant.now().isBefore(deadline)) {
            publisher.send("probe");
            probes++;
            Msg ready = sync.recv(Duration.ofMillis(10));
            if (ready != null) {
                sync.send("go");
                return probes;
            }
        }
        throw new IllegalStateException("the subscriber did not synchronise within " + TIMEOUT);
    }

    /** The subscriber: counts data messages until END; answers the first probe over REQ. */
    private static int subscribe(Context ctx, String pubEndpoint, String syncEndpoint, CountDownLatch subscribed) {
        try (Socket sub = ctx.socket(SocketType.SUB);
             Socket req = ctx.socket(SocketType.REQ)) {
            sub.setReceiveHwm(10 * MESSAGES);
            sub.setReceiveTimeout(TIMEOUT);
            req.setReceiveTimeout(TIMEOUT);
            sub.connect(pubEndpoint);
            sub.subscribe("");
            subscribed.countDown();                     // connect() and subscribe() have returned...
            req.connect(syncEndpoint);                  // ...yet the subscription is still on its way
            boolean synced = false;
            int data = 0;
            while (true) {
                String m = sub.recvString();
                if (m.equals("END")) {
                    return data;
                } else if (m.equals("probe")) {
                    if (!synced) {
                        req.send("ready");
                        req.recv();
                        synced = true;
                    }
                } else {
                    data++;
                }
            }
        }
    }
}
