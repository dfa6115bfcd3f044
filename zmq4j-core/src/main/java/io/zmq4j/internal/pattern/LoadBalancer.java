package io.zmq4j.internal.pattern;

import io.zmq4j.Msg;
import io.zmq4j.internal.pipe.Pipe;

/**
 * Sends each message to the next pipe in turn that has room; skips peers at their HWM and
 * forgets terminated ones.
 */
public final class LoadBalancer extends PipeRing {
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
