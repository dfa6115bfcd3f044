package io.zmq4j.internal.pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Msg;
import io.zmq4j.SocketType;
import io.zmq4j.ZmqException;
import io.zmq4j.internal.pipe.MsgQueue;
import io.zmq4j.internal.pipe.Pipe;
import io.zmq4j.internal.socket.Options;
import org.junit.jupiter.api.Test;

/** The routing rules, tested on bare pipes: no network, no threads. */
class PatternTest {
    private static Pipe pipe(SocketType peerType, String identity, int hwm) {
        Pipe p = new Pipe(new MsgQueue(hwm), new MsgQueue(hwm), "test://" + identity);
        p.peerReady(peerType, identity.getBytes(), java.util.Map.of());
        return p;
    }

    private static Pattern pattern(SocketType t) {
        return Pattern.create(new Options(t));
    }

    @Test
    void pushRoundRobinsAcrossPeers() {
        Pattern push = pattern(SocketType.PUSH);
        Pipe a = pipe(SocketType.PULL, "a", 10);
        Pipe b = pipe(SocketType.PULL, "b", 10);
        push.attach(a);
        push.attach(b);
        for (int i = 0; i < 4; i++) {
            assertTrue(push.send(Msg.of("m" + i)));
        }
        assertEquals("m0", a.out().poll().string(0));
        assertEquals("m1", b.out().poll().string(0));
        assertEquals("m2", a.out().poll().string(0));
        assertEquals("m3", b.out().poll().string(0));
    }

    @Test
    void pushSkipsAPeerAtItsHwmAndBlocksWhenAllAreFull() {
        Pattern push = pattern(SocketType.PUSH);
        Pipe a = pipe(SocketType.PULL, "a", 1);
        Pipe b = pipe(SocketType.PULL, "b", 2);
        push.attach(a);
        push.attach(b);
        assertTrue(push.send(Msg.of("1")));
        assertTrue(push.send(Msg.of("2")));
        assertTrue(push.send(Msg.of("3")), "a is full, b takes it");
        assertFalse(push.send(Msg.of("4")), "everyone at HWM: would block");
        assertFalse(push.hasOut());
        b.out().poll();
        assertTrue(push.hasOut());
        assertTrue(push.send(Msg.of("4")));
    }

    @Test
    void pushWithNoPeerWouldBlock() {
        assertFalse(pattern(SocketType.PUSH).send(Msg.of("x")));
    }

    @Test
    void pullFairQueuesOneMessagePerPeerInTurn() {
        Pattern pull = pattern(SocketType.PULL);
        Pipe a = pipe(SocketType.PUSH, "a", 10);
        Pipe b = pipe(SocketType.PUSH, "b", 10);
        pull.attach(a);
        pull.attach(b);
        a.in().offer(Msg.of("a1"));
        a.in().offer(Msg.of("a2"));
        a.in().offer(Msg.of("a3"));
        b.in().offer(Msg.of("b1"));
        assertEquals("a1", pull.recv().string(0));
        assertEquals("b1", pull.recv().string(0));
        assertEquals("a2", pull.recv().string(0));
        assertEquals("a3", pull.recv().string(0));
        assertNull(pull.recv());
    }

    @Test
    void pullStillDeliversWhatAGonePeerSent() {
        Pattern pull = pattern(SocketType.PULL);
        Pipe a = pipe(SocketType.PUSH, "a", 10);
        pull.attach(a);
        a.in().offer(Msg.of("last words"));
        a.markPeerGone();
        pull.terminated(a);
        assertEquals("last words", pull.recv().string(0));
        assertNull(pull.recv());
    }

    @Test
    void reqRefusesToSendTwiceWithoutReceiving() {
        Pattern req = pattern(SocketType.REQ);
        req.attach(pipe(SocketType.REP, "r", 10));
        assertTrue(req.send(Msg.of("q1")));
        ZmqException e = assertThrows(ZmqException.class, () -> req.send(Msg.of("q2")));
        assertEquals(ZmqException.Kind.EFSM, e.kind());
    }

    @Test
    void reqRefusesToReceiveBeforeSending() {
        Pattern req = pattern(SocketType.REQ);
        assertEquals(ZmqException.Kind.EFSM, assertThrows(ZmqException.class, req::recv).kind());
    }

    @Test
    void reqPrependsTheDelimiterAndStripsItFromTheReply() {
        Pattern req = pattern(SocketType.REQ);
        Pipe rep = pipe(SocketType.REP, "r", 10);
        req.attach(rep);
        req.send(Msg.of("hello"));
        Msg onWire = rep.out().poll();
        assertEquals(2, onWire.size());
        assertEquals(0, onWire.frame(0).length);
        rep.in().offer(Msg.of(new byte[0], "world".getBytes()));
        Msg reply = req.recv();
        assertEquals(1, reply.size());
        assertEquals("world", reply.string(0));
    }

    @Test
    void reqIgnoresRepliesFromOtherPeers() {
        Pattern req = pattern(SocketType.REQ);
        Pipe a = pipe(SocketType.REP, "a", 10);
        Pipe b = pipe(SocketType.REP, "b", 10);
        req.attach(a);
        req.attach(b);
        req.send(Msg.of("q"));
        b.in().offer(Msg.of(new byte[0], "stray".getBytes()));
        assertNull(req.recv());
        a.in().offer(Msg.of(new byte[0], "answer".getBytes()));
        assertEquals("answer", req.recv().string(0));
    }

    @Test
    void relaxedCorrelatedReqAcceptsOnlyTheReplyToTheLatestRequest() {
        Options o = new Options(SocketType.REQ);
        o.reqRelaxed = true;
        o.reqCorrelate = true;
        Pattern req = Pattern.create(o);
        Pipe rep = pipe(SocketType.ROUTER, "r", 10);
        req.attach(rep);
        req.send(Msg.of("first"));
        Msg first = rep.out().poll();
        req.send(Msg.of("second"));
        Msg second = rep.out().poll();
        rep.in().offer(Msg.of(first.frame(0), new byte[0], "old".getBytes()));
        assertNull(req.recv(), "reply to a superseded request is dropped");
        rep.in().offer(Msg.of(second.frame(0), new byte[0], "new".getBytes()));
        assertEquals("new", req.recv().string(0));
    }

    @Test
    void repSendsTheReplyWithTheRequestsEnvelope() {
        Pattern rep = pattern(SocketType.REP);
        Pipe router = pipe(SocketType.ROUTER, "x", 10);
        rep.attach(router);
        router.in().offer(Msg.of("hop1".getBytes(), "hop2".getBytes(), new byte[0], "req".getBytes()));
        assertEquals("req", rep.recv().string(0));
        assertEquals(ZmqException.Kind.EFSM, assertThrows(ZmqException.class, rep::recv).kind());
        rep.send(Msg.of("rep"));
        Msg out = router.out().poll();
        assertEquals(4, out.size());
        assertEquals("hop1", out.string(0));
        assertEquals("hop2", out.string(1));
        assertEquals("rep", out.string(3));
    }

    @Test
    void routerPrefixesTheSendersIdentityAndRoutesByIt() {
        Pattern router = pattern(SocketType.ROUTER);
        Pipe a = pipe(SocketType.DEALER, "alice", 10);
        Pipe b = pipe(SocketType.DEALER, "bob", 10);
        router.attach(a);
        router.attach(b);
        b.in().offer(Msg.of("hi"));
        Msg m = router.recv();
        assertEquals("bob", m.string(0));
        router.send(Msg.of("alice".getBytes(), "for alice".getBytes()));
        assertEquals("for alice", a.out().poll().string(0));
        assertNull(b.out().poll());
    }

    @Test
    void routerGivesAnonymousPeersFiveByteIds() {
        Pattern router = pattern(SocketType.ROUTER);
        Pipe a = pipe(SocketType.DEALER, "", 10);
        router.attach(a);
        a.in().offer(Msg.of("x"));
        byte[] id = router.recv().frame(0);
        assertEquals(5, id.length);
        assertEquals(0, id[0]);
    }

    @Test
    void routerDropsUnroutableMessagesSilentlyByDefault() {
        Pattern router = pattern(SocketType.ROUTER);
        assertTrue(router.send(Msg.of("nobody".getBytes(), "x".getBytes())));
    }

    @Test
    void mandatoryRouterRaisesHostUnreachableForUnknownPeers() {
        Options o = new Options(SocketType.ROUTER);
        o.routerMandatory = true;
        Pattern router = Pattern.create(o);
        ZmqException e = assertThrows(ZmqException.class, () -> router.send(Msg.of("nobody".getBytes(), "x".getBytes())));
        assertEquals(ZmqException.Kind.EHOSTUNREACH, e.kind());
    }

    @Test
    void mandatoryRouterWouldBlockWhenThePeerIsFull() {
        Options o = new Options(SocketType.ROUTER);
        o.routerMandatory = true;
        Pattern router = Pattern.create(o);
        Pipe a = pipe(SocketType.DEALER, "a", 1);
        router.attach(a);
        assertTrue(router.send(Msg.of("a".getBytes(), "1".getBytes())));
        assertFalse(router.send(Msg.of("a".getBytes(), "2".getBytes())));
    }

    @Test
    void duplicateIdentityIsIgnoredUnlessHandoverIsOn() {
        Pattern router = pattern(SocketType.ROUTER);
        Pipe first = pipe(SocketType.DEALER, "same", 10);
        Pipe second = pipe(SocketType.DEALER, "same", 10);
        router.attach(first);
        router.attach(second);
        router.send(Msg.of("same".getBytes(), "x".getBytes()));
        assertEquals("x", first.out().poll().string(0));
        assertNull(second.out().poll());

        Options o = new Options(SocketType.ROUTER);
        o.routerHandover = true;
        Pattern handover = Pattern.create(o);
        Pipe old = pipe(SocketType.DEALER, "same", 10);
        Pipe fresh = pipe(SocketType.DEALER, "same", 10);
        handover.attach(old);
        handover.attach(fresh);
        handover.send(Msg.of("same".getBytes(), "y".getBytes()));
        assertEquals("y", fresh.out().poll().string(0));
        assertNull(old.out().poll());
    }

    @Test
    void dealerWithProbeRouterGreetsEachNewPeer() {
        Options o = new Options(SocketType.DEALER);
        o.probeRouter = true;
        Pattern dealer = Pattern.create(o);
        Pipe r = pipe(SocketType.ROUTER, "r", 10);
        dealer.attach(r);
        Msg probe = r.out().poll();
        assertEquals(1, probe.size());
        assertEquals(0, probe.frame(0).length);
    }

    @Test
    void pairTalksToItsFirstPeerOnly() {
        Pattern pair = pattern(SocketType.PAIR);
        Pipe a = pipe(SocketType.PAIR, "a", 10);
        Pipe b = pipe(SocketType.PAIR, "b", 10);
        pair.attach(a);
        pair.attach(b);
        pair.send(Msg.of("x"));
        assertEquals("x", a.out().poll().string(0));
        assertNull(b.out().poll());
    }
}
