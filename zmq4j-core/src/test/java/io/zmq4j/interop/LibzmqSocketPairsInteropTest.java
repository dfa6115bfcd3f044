package io.zmq4j.interop;

import static io.zmq4j.interop.Interop.assertFrames;
import static io.zmq4j.interop.Interop.b;
import static io.zmq4j.interop.Interop.concat;
import static io.zmq4j.interop.Interop.frames;
import static io.zmq4j.interop.Interop.hex;

import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import io.zmq4j.interop.Interop.Side;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every socket pair of issue 2 against libzmq 4.3 (pyzmq): zmq4j plays each side of the pair
 * in turn, binds or connects in turn, over tcp and ipc. Each conversation carries multipart
 * messages with empty and binary frames, and checks the envelope each side sees (routing ids,
 * REQ's empty delimiter) byte for byte.
 */
@Timeout(30)
class LibzmqSocketPairsInteropTest extends LibzmqInteropBase {
    static final byte[] ID_A = b("client-A");
    static final byte[] ID_B = b("server-B");

    /** A is the side that starts each exchange, B the side that answers. */
    enum Pair {
        PAIR_PAIR(SocketType.PAIR, SocketType.PAIR),
        PUSH_PULL(SocketType.PUSH, SocketType.PULL),
        REQ_REP(SocketType.REQ, SocketType.REP),
        REQ_ROUTER(SocketType.REQ, SocketType.ROUTER),
        DEALER_REP(SocketType.DEALER, SocketType.REP),
        DEALER_ROUTER(SocketType.DEALER, SocketType.ROUTER),
        ROUTER_ROUTER(SocketType.ROUTER, SocketType.ROUTER);

        final SocketType a;
        final SocketType b;

        Pair(SocketType a, SocketType b) {
            this.a = a;
            this.b = b;
        }

        boolean symmetric() {
            return a == b;
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Pair p : Pair.values()) {
            for (boolean zmq4jIsA : p.symmetric() ? new boolean[] {true} : new boolean[] {true, false}) {
                for (boolean zmq4jBinds : new boolean[] {true, false}) {
                    for (String transport : new String[] {"tcp", "ipc"}) {
                        out.add(Arguments.of(p, zmq4jIsA, zmq4jBinds, transport));
                    }
                }
            }
        }
        return out.stream();
    }




    @ParameterizedTest(name = "{0} zmq4jIsA={1} zmq4jBinds={2} over {3}")
    @MethodSource("cases")
    void messagesFlowBothWaysWithTheRightEnvelope(Pair pair, boolean zmq4jIsA, boolean zmq4jBinds, String transport) {
        SocketType zType = zmq4jIsA ? pair.a : pair.b;
        SocketType pType = zmq4jIsA ? pair.b : pair.a;
        byte[] zId = zmq4jIsA ? ID_A : ID_B;
        byte[] pId = zmq4jIsA ? ID_B : ID_A;

        Socket z = ctx.socket(zType).setLinger(Duration.ZERO).setRoutingId(zId);
        if (zType == SocketType.ROUTER) {
            z.setRouterMandatory(true);
        }
        List<String> args = new ArrayList<>(List.of("--type", pType.name(), "--identity", hex(pId)));
        if (pType == SocketType.ROUTER) {
            args.add("--mandatory");
        }
        PyPeer peer;
        if (zmq4jBinds) {
            String ep = z.bind(Interop.bindEndpoint(transport));
            endpoints.add(ep);
            args.addAll(List.of("--connect", ep, "interactive"));
            peer = start(args);
        } else {
            args.addAll(List.of("--bind", Interop.bindEndpoint(transport), "interactive"));
            peer = start(args);
            endpoints.add(peer.endpoint());
            z.connect(peer.endpoint());
        }
        Side zs = Interop.zmq4j(z);
        Side ps = Interop.libzmq(peer, pType.name());
        Side a = zmq4jIsA ? zs : ps;
        Side bSide = zmq4jIsA ? ps : zs;

        int rounds = pair == Pair.PUSH_PULL ? 20 : 3;
        for (int i = 0; i < rounds; i++) {
            List<byte[]> body = frames(b("hello"), new byte[0], b("round " + i), new byte[] {0, 1, 2, (byte) 0xff}, new byte[0]);
            // what A puts on its socket
            List<byte[]> sent;
            if (pair.a == SocketType.DEALER && pair.b == SocketType.REP) {
                sent = concat(frames(new byte[0]), body);
            } else if (pair.a == SocketType.ROUTER) {
                sent = concat(frames(ID_B), body);
            } else {
                sent = body;
            }
            // what B should read
            List<byte[]> seen;
            if (pair.b == SocketType.ROUTER) {
                seen = concat(frames(ID_A), pair.a == SocketType.REQ ? concat(frames(new byte[0]), body) : body);
            } else {
                seen = body;
            }
            a.send(sent);
            List<byte[]> got = bSide.recv();
            assertFrames(seen, got, bSide + " received from " + a + " (round " + i + ")");
            if (pair == Pair.PUSH_PULL) {
                continue;
            }
            bSide.send(got);
            assertFrames(sent, a.recv(), a + " got the reply from " + bSide + " (round " + i + ")");
        }
    }

    private PyPeer start(List<String> args) {
        PyPeer p = PyPeer.start(args.toArray(new String[0]));
        peers.add(p);
        return p;
    }
}
