package io.zmq4j.internal.pattern;

import io.zmq4j.internal.pipe.Pipe;
import java.util.ArrayList;

/**
 * Pipes taken in turn: the list and the cursor that {@link FairQueue} and {@link LoadBalancer}
 * share. Removing a pipe keeps the cursor on the pipe that was next.
 */
abstract class PipeRing {
    protected final ArrayList<Pipe> pipes = new ArrayList<>();
    protected int next;
    protected Pipe last;

    public void add(Pipe p) {
        pipes.add(p);
    }

    public void remove(Pipe p) {
        int i = pipes.indexOf(p);
        if (i >= 0) {
            pipes.remove(i);
            if (next > i) {
                next--;
            }
            if (next >= pipes.size()) {
                next = 0;
            }
        }
    }

    /** The pipe the last message came from or went to. */
    public Pipe last() {
        return last;
    }

    public int size() {
        return pipes.size();
    }
}
