package io.zmq4j.internal.pattern;

import io.zmq4j.Msg;
import io.zmq4j.internal.pipe.Pipe;
import java.util.ArrayList;

/**
 * Sends each message to the next pipe in turn that has room; skips peers at their HWM and
 * forgets terminated ones.
 */
public final class LoadBalancer {
    private final ArrayList<Pipe> pipes = new ArrayList<>();
    private int next;
    private Pipe last;

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

    /** False when every pipe is full (or there is none). */
    public boolean send(Msg m) {
        int n = pipes.size();
        for (int i = 0; i < n; i++) {
            if (next >= pipes.size()) {
                next = 0;
            }
            Pipe p = pipes.get(next);
            next = next + 1 >= pipes.size() ? 0 : next + 1;
            if (p.write(m)) {
                last = p;
                return true;
            }
        }
        return false;
    }

    public boolean hasOut() {
        for (int i = 0; i < pipes.size(); i++) {
            if (pipes.get(i).sendable()) {
                return true;
            }
        }
        return false;
    }

}
