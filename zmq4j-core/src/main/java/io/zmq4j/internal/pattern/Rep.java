package io.zmq4j.internal.pattern;

import io.zmq4j.Msg;
import io.zmq4j.ZmqException;
import io.zmq4j.internal.Internals;
import io.zmq4j.internal.pipe.Pipe;
import io.zmq4j.internal.socket.Options;

/**
 * REP: receives a request, keeps its envelope (everything up to and including the empty
 * delimiter), and sends the reply back with that envelope to the same peer (RFC 28).
 */
final class Rep extends Pattern {
    private final FairQueue fq = new FairQueue();
    private boolean sendingReply;
    private Pipe replyPipe;
    private byte[][] envelope;

    Rep(Options o) {
        super(o);
    }

    @Override
    public void attach(Pipe p) {
        fq.add(p);
    }

    @Override
    public void terminated(Pipe p) {
        if (replyPipe == p) {
            replyPipe = null;
        }
        fq.terminated(p);
    }

    @Override
    public boolean send(Msg m) {
        if (!sendingReply) {
            throw new ZmqException(ZmqException.Kind.EFSM, "REP socket must receive a request before sending");
        }
        sendingReply = false;
        if (replyPipe != null) {
            Msg out = m;
            for (int i = envelope.length - 1; i >= 0; i--) {
                out = Internals.msg().envelope(out, envelope[i]);
            }
            replyPipe.write(out); // a full or gone peer loses its reply, as in libzmq
        }
        replyPipe = null;
        envelope = null;
        return true;
    }

    @Override
    public Msg recv() {
        if (sendingReply) {
            throw new ZmqException(ZmqException.Kind.EFSM, "REP socket must send the reply before receiving again");
        }
        while (true) {
            Msg m = fq.recv();
            if (m == null) {
                return null;
            }
            int delim = -1;
            for (int i = 0; i < m.size(); i++) {
                if (m.frame(i).length == 0) {
                    delim = i;
                    break;
                }
            }
            if (delim < 0 || delim == m.size() - 1) {
                continue; // no envelope delimiter or no body: not a request
            }
            envelope = new byte[delim + 1][];
            for (int i = 0; i <= delim; i++) {
                envelope[i] = m.frame(i); // the envelope only: a large body stays where it is
            }
            replyPipe = fq.last();
            sendingReply = true;
            return Internals.msg().unwrap(m, delim + 1);
        }
    }

    @Override
    public boolean hasIn() {
        return !sendingReply && fq.hasIn();
    }

    @Override
    public boolean hasOut() {
        return sendingReply;
    }
}
