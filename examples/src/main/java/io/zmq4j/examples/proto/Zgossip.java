package io.zmq4j.examples.proto;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A ZeroMQ gossip (ZGP) server from CZMQ's {@code zgossip.xml} model: the skeleton
 * zmq4j-codegen wrote once, filled in. Peers say HELLO and get every tuple known so far; a
 * tuple one peer PUBLISHes is stored and forwarded to every other connected peer; PING gets
 * PONG; anything else gets INVALID and ends the peer's session.
 *
 * <pre>{@code
 * try (Actor gossip = Actor.start(ctx, "gossip", new Zgossip())) {
 *     gossip.send("BIND", "tcp://*:5670");
 * }
 * }</pre>
 */
public class Zgossip extends ZgossipEngine {
    /** A key and value, as the protocol's PUBLISH carries them. */
    record Tuple(String key, String value, long ttl) {}

    private final Map<String, Tuple> tuples = new LinkedHashMap<>();

    public Zgossip() {}

    @Override
    protected ClientActions createClient() {
        return new Client();
    }

    /** One peer: where it is in the list of known tuples, and tuples waiting to be forwarded to it. */
    final class Client extends ClientActions {
        private Iterator<Tuple> cursor;
        private Tuple current;
        private final ArrayDeque<Tuple> toForward = new ArrayDeque<>();

        @Override
        protected void getFirstTuple() {
            cursor = new ArrayList<>(tuples.values()).iterator();
            getNextTuple();
        }

        @Override
        protected void getNextTuple() {
            if (cursor.hasNext()) {
                current = cursor.next();
                setNextEvent(Event.OK);
            } else {
                setNextEvent(Event.FINISHED);
            }
        }

        @Override
        protected ZgossipMsg.Publish messagePublish() {
            return ZgossipMsg.Publish.builder().key(current.key()).value(current.value()).ttl(current.ttl()).build();
        }

        @Override
        protected void storeTupleIfNew() {
            ZgossipMsg.Publish p = (ZgossipMsg.Publish) message();
            Tuple t = new Tuple(p.key(), p.value(), p.ttl());
            if (t.equals(tuples.get(t.key()))) {
                return; // known already: forwarding it again would loop through the network
            }
            tuples.put(t.key(), t);
            List<Connection> peers = clients();
            for (Connection c : peers) {
                if (c != this) {
                    Client other = (Client) c;
                    other.toForward.add(t);
                    other.sendEvent(Event.FORWARD);
                }
            }
        }

        @Override
        protected void getTupleToForward() {
            current = toForward.poll();
            if (current == null) {
                raise(Event.FINISHED); // nothing left: skip the send (FINISHED is not handled here: ignored)
            }
        }
    }
}
