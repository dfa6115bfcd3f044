package io.zmq4j.examples;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * The ZeroMQ Guide's pub-sub envelope ({@code psenvpub}/{@code psenvsub}): the topic travels in a
 * frame of its own, so the subscriber's prefix filter matches the whole topic and never the
 * payload.
 *
 * <p>The publisher sends {@code [A, "We don't want to see this"]} and
 * {@code [B, "We would like to see this"]}; the subscriber subscribes to {@code B} and receives
 * only B envelopes, each as one two-frame message. Because a subscription takes a moment to
 * reach the publisher (see {@link SlowJoiner}), the publisher keeps publishing, as the Guide's
 * does, until the subscriber has what it wants.
 */
public final class PubSubEnvelope {
    private PubSubEnvelope() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out, 3);
    }

    /** Publishes A and B envelopes until the subscriber has received {@code wanted} messages. */
    public static void run(PrintStream out, int wanted) throws Exception {
        try (Context ctx = Context.create();
             Socket publisher = ctx.socket(SocketType.PUB);
             Socket subscriber = ctx.socket(SocketType.SUB)) {
            String endpoint = publisher.bind("tcp://127.0.0.1:*");
            out.println("publisher: PUB bound to " + endpoint);
            subscriber.connect(endpoint);
            subscriber.subscribe("B");
            out.println("subscriber: SUB connected, subscribed to topic \"B\"");

            int sentA = 0;
            int sentB = 0;
            int received = 0;
            int receivedA = 0;
            Instant deadline = Instant.now().plusSeconds(10);
            while (received < wanted) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("subscriber got " + received + " of " + wanted + " in 10 s");
                }
                publisher.send(Msg.of("A", "We don't want to see this"));
                sentA++;
                publisher.send(Msg.of("B", "We would like to see this"));
                sentB++;
                // One publish round every 10 ms until the subscription is in place; each wait is
                // also the subscriber's poll for the next envelope.
                Msg m = subscriber.recv(Duration.ofMillis(10));
                while (m != null) {
                    received++;
                    if (m.string(0).equals("A")) {
                        receivedA++;
                    }
                    out.println("subscriber: [" + m.string(0) + "] " + m.string(1) + "  (" + m.size() + " frames)");
                    m = received < wanted ? subscriber.tryRecv() : null;
                }
            }
            out.println("publisher: sent " + sentA + " A and " + sentB + " B envelopes");
            out.println("subscriber: received " + received + " envelopes: " + (received - receivedA)
                    + " with topic B, " + receivedA + " with topic A");
        }
    }
}
