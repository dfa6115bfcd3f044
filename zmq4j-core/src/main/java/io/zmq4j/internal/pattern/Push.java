package io.zmq4j.internal.pattern;

import io.zmq4j.Msg;
import io.zmq4j.internal.pipe.Pipe;
import io.zmq4j.internal.socket.Options;

/** PUSH: load-balances to pulls; never receives. */
class Push extends Pattern {
    private final LoadBalancer lb = new LoadBalancer();

    Push(Options o) {
        super(o);
    }

    @Override
    public void attach(Pipe p) {
        lb.add(p);
    }

    @Override
    public void terminated(Pipe p) {
        lb.remove(p);
    }

    @Override
    public boolean send(Msg m) {
        return lb.send(m);
    }

    @Override
    public Msg recv() {
        throw notSup("receive", options);
    }

    @Override
    public boolean hasIn() {
        return false;
    }

    @Override
    public boolean hasOut() {
        return lb.hasOut();
    }
}
