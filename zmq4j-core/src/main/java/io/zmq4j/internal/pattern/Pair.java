package io.zmq4j.internal.pattern;

import io.zmq4j.Msg;
import io.zmq4j.internal.pipe.Pipe;
import io.zmq4j.internal.socket.Options;

/** PAIR: exactly one peer; a second one is ignored (RFC 31). */
class Pair extends Pattern {
    private Pipe pipe;

    Pair(Options o) {
        super(o);
    }

    @Override
    public void attach(Pipe p) {
        if (pipe == null) {
            pipe = p;
        } else {
            p.markPeerGone();
        }
    }

    @Override
    public void terminated(Pipe p) {
        if (pipe == p && p.in().isEmpty()) {
            pipe = null;
        }
    }

    @Override
    public boolean send(Msg m) {
        return pipe != null && pipe.write(m);
    }

    @Override
    public Msg recv() {
        if (pipe == null) {
            return null;
        }
        Msg m = pipe.read();
        if (m == null && pipe.peerGone() && pipe.in().isEmpty()) {
            pipe = null;
        }
        return m;
    }

    @Override
    public boolean hasIn() {
        return pipe != null && !pipe.in().isEmpty();
    }

    @Override
    public boolean hasOut() {
        return pipe != null && pipe.sendable();
    }
}
