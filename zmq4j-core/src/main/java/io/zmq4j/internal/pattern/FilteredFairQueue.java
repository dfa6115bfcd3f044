package io.zmq4j.internal.pattern;

import io.zmq4j.Msg;
import io.zmq4j.internal.pipe.Pipe;
import java.util.function.UnaryOperator;

/**
 * A {@link FairQueue} whose messages pass a filter first (a SUB's topics, a DISH's groups).
 * Whether a message is waiting can only be known by taking one and filtering it, so
 * {@link #hasIn} keeps the one it took for the next {@link #recv}.
 */
final class FilteredFairQueue {
    private final FairQueue fq = new FairQueue();
    /** The message to deliver for one read from a pipe, or null to drop it. */
    private final UnaryOperator<Msg> filter;
    private Msg prefetched;

    FilteredFairQueue(UnaryOperator<Msg> filter) {
        this.filter = filter;
    }

    void add(Pipe p) {
        fq.add(p);
    }

    void terminated(Pipe p) {
        fq.terminated(p);
    }

    Msg recv() {
        if (prefetched != null) {
            Msg m = prefetched;
            prefetched = null;
            return m;
        }
        Msg m;
        while ((m = fq.recv()) != null) {
            Msg out = filter.apply(m);
            if (out != null) {
                return out;
            }
        }
        return null;
    }

    boolean hasIn() {
        if (prefetched == null) {
            prefetched = recv();
        }
        return prefetched != null;
    }
}
