package io.zmq4j.internal.socket;

import io.zmq4j.SocketType;
import io.zmq4j.internal.pipe.MsgQueue;
import io.zmq4j.internal.pipe.Pipe;
import io.zmq4j.internal.pipe.Waker;
import java.util.Map;

/**
 * A pipe from internal machinery (a connection's ZAP client, on an I/O thread) to the socket
 * bound at an inproc name, as libzmq's session does for {@code inproc://zeromq.zap.01}. Both
 * directions are unbounded (libzmq disables the HWM on the ZAP pipe).
 */
public final class InprocLink {
    private final SocketBase binder;
    private final Pipe theirs;
    private final Pipe ours;

    private InprocLink(SocketBase binder, Pipe theirs, Pipe ours) {
        this.binder = binder;
        this.theirs = theirs;
        this.ours = ours;
    }

    /** Joins the socket bound at {@code inproc://name}; null when nothing is bound there. */
    public static InprocLink open(ContextCore ctx, String name, SocketType as, Waker onMessage) {
        SocketBase binder = ctx.boundInproc(name);
        if (binder == null || binder.isClosed()) {
            return null;
        }
        MsgQueue toBinder = new MsgQueue(0);
        MsgQueue toUs = new MsgQueue(0);
        Pipe ours = new Pipe(toUs, toBinder, "inproc://" + name);
        Pipe theirs = new Pipe(toBinder, toUs, "inproc://" + name);
        toUs.readerWaker(onMessage);
        toBinder.readerWaker(binder.waker);
        toUs.writerWaker(binder.waker);
        theirs.peerReady(as, new byte[0], Map.of("Socket-Type", as.name()));
        ours.peerReady(binder.type(), binder.options().routingId, Map.of("Socket-Type", binder.type().name()));
        binder.postAttach(theirs);
        return new InprocLink(binder, theirs, ours);
    }

    /** Our end: write requests to {@code out()}, read replies from {@code in()}. */
    public Pipe pipe() {
        return ours;
    }

    /** Detaches from the bound socket. */
    public void close() {
        ours.markSocketGone();
        theirs.markPeerGone();
        binder.postDetach(theirs);
    }
}
