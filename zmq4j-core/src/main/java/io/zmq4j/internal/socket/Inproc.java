package io.zmq4j.internal.socket;

import io.zmq4j.internal.pipe.MsgQueue;
import io.zmq4j.internal.pipe.Pipe;
import java.util.List;

/**
 * The inproc transport: two sockets joined by a pair of queues, no I/O thread and no copy.
 * Connecting before the bind works, as in libzmq 4.x: the connecter's pipe exists at once and
 * queues messages, and the binder picks it up when it binds.
 */
final class Inproc {
    /** A connect waiting for its bind, or a live link between two sockets. */
    static final class Pending {
        final SocketBase connecter;
        final String name;
        final MsgQueue toBinder;
        final MsgQueue toConnecter;
        final Pipe connecterPipe;
        SocketBase binder;
        Pipe binderPipe;

        Pending(SocketBase connecter, String name, MsgQueue toBinder, MsgQueue toConnecter, Pipe connecterPipe) {
            this.connecter = connecter;
            this.name = name;
            this.toBinder = toBinder;
            this.toConnecter = toConnecter;
            this.connecterPipe = connecterPipe;
        }

        /** Tells the survivor that {@code closing} has gone. */
        void closedBy(SocketBase closing) {
            if (closing == connecter) {
                if (binderPipe != null) {
                    binderPipe.markPeerGone();
                    binder.postDetach(binderPipe);
                }
            } else {
                connecterPipe.markPeerGone();
                connecter.postDetach(connecterPipe);
            }
        }
    }

    private Inproc() {}

    static int sum(int a, int b) {
        return a == 0 || b == 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, (long) a + b);
    }

    /** Connects {@code s} to {@code inproc://name}; returns the link. Runs on s's thread. */
    static Pending connect(ContextCore ctx, SocketBase s, String name, String endpoint, byte[] reservedId) {
        Options o = s.options();
        // The far side's HWM is not known until it binds; count our receive HWM in its place.
        // Conflation belongs to each queue's reader: the binder's, if it is already there.
        SocketBase already = ctx.boundInproc(name);
        boolean binderConflates = already != null && already.options().conflate;
        MsgQueue toBinder = new MsgQueue(sum(o.sndhwm, o.rcvhwm), binderConflates, true);
        MsgQueue toConnecter = new MsgQueue(sum(o.rcvhwm, o.sndhwm), o.conflate, true);
        Pipe mine = new Pipe(toConnecter, toBinder, endpoint);
        toConnecter.readerWaker(s.waker);
        toBinder.writerWaker(s.waker);
        if (o.connectRoutingId != null) {
            mine.routingId = o.connectRoutingId;
        }
        if (reservedId != null) {
            mine.routingId = reservedId;
        }
        Pending link = new Pending(s, name, toBinder, toConnecter, mine);
        SocketBase bound = ctx.findOrWaitInproc(name, link);
        s.attachLocal(mine);
        if (bound != null) {
            join(link, bound);
        }
        return link;
    }

    /** Completes a link once the binder is known: called from either side's thread. */
    static void join(Pending link, SocketBase binder) {
        Options bo = binder.options();
        Options co = link.connecter.options();
        Pipe theirs = new Pipe(link.toBinder, link.toConnecter, "inproc://" + link.name);
        // libzmq sizes an inproc link by both ends: sender's SNDHWM plus receiver's RCVHWM
        link.toBinder.hwm(sum(co.sndhwm, bo.rcvhwm));
        link.toConnecter.hwm(sum(bo.sndhwm, co.rcvhwm));
        link.toBinder.readerWaker(binder.waker);
        link.toConnecter.writerWaker(binder.waker);
        theirs.peerReady(co.type, co.routingId, java.util.Map.of("Socket-Type", co.type.name()));
        link.binder = binder;
        link.binderPipe = theirs;
        binder.addLink(link);
        link.connecterPipe.peerReady(bo.type, bo.routingId, java.util.Map.of("Socket-Type", bo.type.name()));
        binder.postAttach(theirs);
        link.connecter.postIdentified(link.connecterPipe);
        link.toBinder.readerWaker(binder.waker);
        binder.waker.wake();
    }

    static void bound(List<Pending> waiting, SocketBase binder) {
        for (Pending p : waiting) {
            join(p, binder);
        }
    }
}
