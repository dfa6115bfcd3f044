package io.zmq4j.internal.pattern;

import io.zmq4j.Msg;
import io.zmq4j.ZmqException;
import io.zmq4j.internal.Internals;
import io.zmq4j.internal.pipe.Pipe;
import io.zmq4j.internal.socket.Options;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * ROUTER (and STREAM, which routes raw connections the same way): every received message gets
 * the sender's routing id in front; the first frame of a sent message picks the peer.
 * Peers without an identity get a generated 5-byte one (0x00 + 4 bytes), as in libzmq.
 */
final class Router extends Pattern {
    private final FairQueue fq = new FairQueue();
    private final Map<ByteBuffer, Pipe> byId = new HashMap<>();
    private final boolean stream;
    /** SERVER and PEER: 4-byte ids always generated here, single-frame bodies. */
    private final boolean server;
    private int nextId = ThreadLocalRandom.current().nextInt();

    Router(Options o, boolean stream) {
        super(o);
        this.stream = stream;
        this.server = o.type == io.zmq4j.SocketType.SERVER || o.type == io.zmq4j.SocketType.PEER;
    }

    /** A fresh id for a peer: 0x00 + 4 bytes for ROUTER and STREAM, 4 non-zero bytes for SERVER and PEER. */
    byte[] newId() {
        if (server) {
            int id;
            do {
                id = nextId++;
            } while (id == 0 || byId.containsKey(ByteBuffer.wrap(ByteBuffer.allocate(4).putInt(id).array())));
            return ByteBuffer.allocate(4).putInt(id).array();
        }
        return ByteBuffer.allocate(5).put((byte) 0).putInt(nextId++).array();
    }

    @Override
    public void attach(Pipe p) {
        if (options.probeRouter && !stream) {
            // written at once, before the peer is identified: a connecting pipe is not yet
            p.write(Msg.of(new byte[0]));
        }
        if (identify(p)) {
            fq.add(p);
        }
    }

    @Override
    public void identified(Pipe p) {
        if (p.identified) {
            byte[] wanted = p.peerRoutingId();
            boolean changed = !p.localRoutingId && !stream && !server && wanted != null && wanted.length > 0
                    && !java.util.Arrays.equals(wanted, p.routingId);
            if (!changed) {
                return;
            }
            byId.remove(ByteBuffer.wrap(p.routingId));
            fq.remove(p);
            p.routingId = null;
            p.identified = false;
        }
        if (identify(p)) {
            fq.add(p);
        }
    }

    /** Gives the pipe its routing id; false while it has none yet (or it clashes). */
    private boolean identify(Pipe p) {
        byte[] id = p.routingId; // a connect routing id chosen locally
        if (id == null) {
            if (!p.peerKnown() && !stream) {
                return false; // handshake not done yet: identified() will come
            }
            byte[] peer = p.peerRoutingId();
            if (peer != null && peer.length > 0 && !stream && !server) {
                id = peer;
            } else {
                id = newId();
            }
        } else {
            p.localRoutingId = true;
        }
        ByteBuffer key = ByteBuffer.wrap(id);
        Pipe existing = byId.get(key);
        if (existing != null && existing != p) {
            if (!options.routerHandover) {
                return false; // duplicate identity: ignored, as libzmq does
            }
            // As libzmq: the old connection keeps what it already delivered, under a fresh
            // generated id, and is closed; the newcomer takes the routing id.
            byId.remove(key);
            byte[] renamed = newId();
            existing.routingId = renamed;
            byId.put(ByteBuffer.wrap(renamed), existing);
            existing.markPeerGone();
            existing.requestClose();
        }
        p.routingId = id;
        p.identified = true;
        byId.put(key, p);
        return true;
    }

    @Override
    public void terminated(Pipe p) {
        if (p.routingId != null && byId.get(ByteBuffer.wrap(p.routingId)) == p) {
            byId.remove(ByteBuffer.wrap(p.routingId));
        }
        fq.terminated(p);
    }

    @Override
    public boolean send(Msg m) {
        if (server) {
            if (m.size() != 2) {
                throw new ZmqException(ZmqException.Kind.EINVAL, options.type
                        + " sends [routing id, body]: single-frame bodies only, got " + m.size() + " frames");
            }
            Pipe p = byId.get(ByteBuffer.wrap(m.frame(0)));
            if (p == null || p.peerGone()) {
                throw unreachable(m.frame(0));
            }
            return p.write(Internals.msg().unwrap(m, 1));
        }
        if (m.size() < 2) {
            if (stream) {
                throw new ZmqException(ZmqException.Kind.EINVAL, "STREAM messages need two frames: routing id and data");
            }
            // a routing id with no body: nothing to route, as libzmq drops it
            if (options.routerMandatory && byId.get(ByteBuffer.wrap(m.frame(0))) == null) {
                throw unreachable(m.frame(0));
            }
            return true;
        }
        Pipe p = byId.get(ByteBuffer.wrap(m.frame(0)));
        if (p == null || p.peerGone()) {
            if (options.routerMandatory) {
                throw unreachable(m.frame(0));
            }
            return true; // silently dropped, as libzmq does without mandatory
        }
        Msg body = Internals.msg().unwrap(m, 1);
        if (stream && body.size() > 1) {
            // STREAM writes each data frame as raw bytes; join them
            body = Msg.of(join(body));
        }
        if (p.write(body)) {
            return true;
        }
        return !options.routerMandatory; // full: dropped, or would block with mandatory
    }

    private static byte[] join(Msg m) {
        byte[] out = new byte[(int) m.byteSize()];
        int pos = 0;
        for (int i = 0; i < m.size(); i++) {
            System.arraycopy(m.frame(i), 0, out, pos, m.frame(i).length);
            pos += m.frame(i).length;
        }
        return out;
    }

    private ZmqException unreachable(byte[] id) {
        return new ZmqException(ZmqException.Kind.EHOSTUNREACH,
                "no peer with routing id " + Msg.printable(id) + " is connected to this " + options.type);
    }

    @Override
    public Msg recv() {
        while (true) {
            Msg m = fq.recv();
            if (m == null) {
                return null;
            }
            if (server && m.size() != 1) {
                continue; // the thread-safe family is single-frame: multipart from a peer is dropped
            }
            return Internals.msg().envelope(m, fq.last().routingId);
        }
    }

    /** PEER: the routing id for a connection this socket initiates. */
    @Override
    public byte[] reserveId() {
        return newId();
    }

    @Override
    public boolean hasIn() {
        return fq.hasIn();
    }

    @Override
    public boolean hasOut() {
        return true;
    }
}
