package io.zmq4j.internal.pattern;

import io.zmq4j.Msg;
import io.zmq4j.internal.pipe.Pipe;

/**
 * Reads from many pipes in turn, one message from each, so no peer can starve another.
 * A terminated pipe stays until what it delivered has been read.
 */
public final class FairQueue extends PipeRing {
    /** A terminated pipe goes at once if it has nothing left to read, else once drained. */
    public void terminated(Pipe p) {
        if (p.in().isEmpty()) {
            remove(p);
        }
    }

    /** The next message in turn, or null; {@link #last()} then names its pipe. */
    public Msg recv() {
        int n = pipes.size();
        for (int i = 0; i < n && !pipes.isEmpty(); i++) {
            if (next >= pipes.size()) {
                next = 0;
            }
            Pipe p = pipes.get(next);
            Msg m = p.read();
            if (m != null) {
                last = p;
                next = next + 1 >= pipes.size() ? 0 : next + 1;
                return m;
            }
            if (p.peerGone() && p.in().isEmpty()) {
                remove(p);
                continue;
            }
            next = next + 1 >= pipes.size() ? 0 : next + 1;
        }
        return null;
    }

    public boolean hasIn() {
        for (int i = 0; i < pipes.size(); i++) {
            if (!pipes.get(i).in().isEmpty()) {
                return true;
            }
        }
        return false;
    }

}
