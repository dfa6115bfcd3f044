package io.zmq4j.internal.pattern;

import io.zmq4j.Msg;
import io.zmq4j.internal.pipe.Pipe;
import io.zmq4j.internal.socket.Options;

/** DEALER: load-balances out, fair-queues in; with probe-router it greets each peer. */
class Dealer extends Pattern {
    protected final LoadBalancer lb = new LoadBalancer();
    protected final FairQueue fq = new FairQueue();

    Dealer(Options o) {
        super(o);
    }

    @Override
    public void attach(Pipe p) {
        if (options.probeRouter) {
            p.write(Msg.of(new byte[0]));
        }
        lb.add(p);
        fq.add(p);
    }

    @Override
    public void terminated(Pipe p) {
        lb.remove(p);
        fq.terminated(p);
    }

    @Override
    public boolean send(Msg m) {
        return lb.send(m);
    }

    @Override
    public Msg recv() {
        return fq.recv();
    }

    @Override
    public boolean hasIn() {
        return fq.hasIn();
    }

    @Override
    public boolean hasOut() {
        return lb.hasOut();
    }
}
