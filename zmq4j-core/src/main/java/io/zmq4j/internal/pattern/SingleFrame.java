package io.zmq4j.internal.pattern;

import io.zmq4j.Msg;
import io.zmq4j.ZmqException;
import io.zmq4j.internal.pipe.Pipe;
import io.zmq4j.internal.socket.Options;

/**
 * The thread-safe family's rule on top of a classic pattern: CLIENT is a DEALER, SCATTER a
 * PUSH, GATHER a PULL, CHANNEL a PAIR, but every message is exactly one frame. Multipart
 * sends are refused; multipart arrivals are dropped.
 */
final class SingleFrame extends Pattern {
    private final Pattern inner;

    SingleFrame(Pattern inner, Options o) {
        super(o);
        this.inner = inner;
    }

    @Override
    public void attach(Pipe p) {
        inner.attach(p);
    }

    @Override
    public void identified(Pipe p) {
        inner.identified(p);
    }

    @Override
    public void terminated(Pipe p) {
        inner.terminated(p);
    }

    @Override
    public boolean send(Msg m) {
        if (m.size() != 1) {
            throw new ZmqException(ZmqException.Kind.EINVAL,
                    options.type + " sockets send single-frame messages only, got " + m.size() + " frames");
        }
        return inner.send(m);
    }

    @Override
    public Msg recv() {
        Msg m;
        while ((m = inner.recv()) != null) {
            if (m.size() == 1) {
                return m;
            }
        }
        return null;
    }

    @Override
    public boolean hasIn() {
        return inner.hasIn();
    }

    @Override
    public boolean hasOut() {
        return inner.hasOut();
    }
}
