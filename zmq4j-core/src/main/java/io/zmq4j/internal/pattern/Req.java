package io.zmq4j.internal.pattern;

import io.zmq4j.Msg;
import io.zmq4j.ZmqException;
import io.zmq4j.internal.Internals;
import io.zmq4j.internal.pipe.Pipe;
import io.zmq4j.internal.socket.Options;
import java.util.Arrays;

/**
 * REQ: strict send/receive alternation (RFC 28). Each request goes to the next peer with an
 * empty delimiter frame in front; only that peer's reply is accepted. With correlate a request
 * id frame precedes the delimiter; with relaxed a new request may be sent before the reply.
 */
final class Req extends Dealer {
    private static final byte[] EMPTY = new byte[0];
    private boolean expectingReply;
    private Pipe replyPipe;
    private int requestId = java.util.concurrent.ThreadLocalRandom.current().nextInt();
    private byte[] requestIdFrame;

    Req(Options o) {
        super(o);
    }

    @Override
    public boolean send(Msg m) {
        if (expectingReply && !options.reqRelaxed) {
            throw new ZmqException(ZmqException.Kind.EFSM, "REQ socket must receive the reply before sending again");
        }
        Msg out = Internals.msg().envelope(m, EMPTY);
        if (options.reqCorrelate) {
            requestId++;
            requestIdFrame = new byte[] {(byte) (requestId >> 24), (byte) (requestId >> 16), (byte) (requestId >> 8), (byte) requestId};
            out = Internals.msg().envelope(out, requestIdFrame);
        }
        if (!lb.send(out)) {
            return false;
        }
        replyPipe = lb.last();
        expectingReply = true;
        return true;
    }

    @Override
    public Msg recv() {
        if (!expectingReply) {
            throw new ZmqException(ZmqException.Kind.EFSM, "REQ socket must send a request before receiving");
        }
        while (true) {
            Msg m = fq.recv();
            if (m == null) {
                return null;
            }
            if (fq.last() != replyPipe) {
                continue; // a late reply from a peer we gave up on
            }
            int body = 0;
            if (options.reqCorrelate) {
                if (m.size() < 2 || !Arrays.equals(m.frame(0), requestIdFrame)) {
                    continue;
                }
                body = 1;
            }
            if (m.size() <= body + 1 || m.frame(body).length != 0) {
                continue; // malformed reply: no delimiter
            }
            expectingReply = false;
            replyPipe = null;
            return Internals.msg().unwrap(m, body + 1);
        }
    }

    @Override
    public boolean hasIn() {
        return expectingReply && replyPipe != null && !replyPipe.in().isEmpty();
    }

    @Override
    public boolean hasOut() {
        return (!expectingReply || options.reqRelaxed) && lb.hasOut();
    }
}
