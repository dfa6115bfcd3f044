package io.zmq4j.interop;

import static io.zmq4j.interop.Interop.assertFrames;
import static io.zmq4j.interop.Interop.b;
import static io.zmq4j.interop.Interop.frames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A zmq4j socket connected to a libzmq peer that crashes (SIGKILL) and is started again on the
 * same endpoint reconnects on its own, and messages flow again.
 */
@Timeout(30)
class LibzmqReconnectInteropTest extends LibzmqInteropBase {
    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc"})
    void dealerTalksToLibzmqRouterAgainAfterItIsKilledAndRestarted(String transport) {
        PyPeer first = start("--type", "ROUTER", "--bind", Interop.bindEndpoint(transport), "interactive");
        String ep = first.endpoint(); // the same endpoint (tcp port, ipc path) for the second life
        Socket dealer = ctx.socket(SocketType.DEALER).setLinger(Duration.ZERO).setRoutingId(b("dealer"))
                .setSendTimeout(Interop.WAIT).setReconnectInterval(Duration.ofMillis(50));
        dealer.connect(ep);
        dealer.send(Msg.of("before"));
        assertFrames(frames(b("dealer"), b("before")), first.recv(Interop.WAIT), "first life");
        first.sendOk(frames(b("dealer"), b("reply 1")));
        assertEquals("reply 1", dealer.recv(Interop.WAIT).string(0));

        first.kill();
        PyPeer second = start("--type", "ROUTER", "--bind", ep, "interactive");
        assertEquals(ep, second.endpoint());

        // Messages written in the moment the old connection died may be lost (as with libzmq):
        // probe until one arrives, then check a full round trip.
        long deadline = System.nanoTime() + Interop.WAIT.toNanos();
        List<byte[]> got = null;
        for (int i = 0; got == null && System.nanoTime() < deadline; i++) {
            dealer.send(Msg.of("probe " + i));
            got = second.recv(Duration.ofMillis(200));
        }
        assertNotNull(got, "nothing reached the restarted libzmq ROUTER within " + Interop.WAIT);
        assertEquals("dealer", new String(got.get(0)), "the restarted ROUTER sees the same routing id");
        second.sendOk(frames(b("dealer"), b("reply 2")));
        Msg reply = null;
        while (reply == null || reply.string(0).startsWith("probe")) {
            reply = dealer.recv(Interop.WAIT);
            assertNotNull(reply, "no reply from the restarted libzmq ROUTER");
        }
        assertEquals("reply 2", reply.string(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc"})
    void pullReceivesFromLibzmqPushAgainAfterItIsKilledAndRestarted(String transport) {
        PyPeer first = start("--type", "PUSH", "--bind", Interop.bindEndpoint(transport), "interactive");
        String ep = first.endpoint();
        Socket pull = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO).setReconnectInterval(Duration.ofMillis(50));
        pull.connect(ep);
        first.sendOk(frames(b("first life")));
        Msg m = pull.recv(Interop.WAIT);
        assertNotNull(m, "nothing from the first libzmq PUSH");
        assertEquals("first life", m.string(0));

        first.kill();
        PyPeer second = start("--type", "PUSH", "--bind", ep, "interactive");
        // a bound PUSH with no connected peer says EAGAIN: sendOk retries that until the pull is back
        second.sendOk(frames(b("second life"), new byte[0]));
        m = pull.recv(Interop.WAIT);
        assertNotNull(m, "nothing from the restarted libzmq PUSH");
        assertFrames(frames(b("second life"), new byte[0]), m.frames(), "after the restart");
    }
}
