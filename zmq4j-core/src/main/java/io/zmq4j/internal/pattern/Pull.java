package io.zmq4j.internal.pattern;

import io.zmq4j.Msg;
import io.zmq4j.internal.pipe.Pipe;
import io.zmq4j.internal.socket.Options;

/** PULL: fair-queues from pushes; never sends. */
class Pull extends Pattern {
    private final FairQueue fq = new FairQueue();

    Pull(Options o) {
        super(o);
    }

    @Override
    public void attach(Pipe p) {
        fq.add(p);
    }

    @Override
    public void terminated(Pipe p) {
        fq.terminated(p);
    }

    @Override
    public boolean send(Msg m) {
        throw notSup("send", options);
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
        return false;
    }
}
