package io.zmq4j.interop;

import static io.zmq4j.interop.Interop.b;
import static io.zmq4j.interop.Interop.frames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Handshake-level interop with libzmq 4.3: socket-type checks both ways, READY metadata, heartbeats. */
@Timeout(30)
class LibzmqHandshakeInteropTest extends LibzmqInteropBase {
    /** How long "nothing arrives" is watched for; a bounded wait, as long as the point needs. */
    private static final Duration QUIET = Duration.ofMillis(500);




    @Test
    void zmq4jPullRefusesALibzmqReqAndKeepsServingALibzmqPush() {
        Socket pull = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO);
        String ep = pull.bind("tcp://127.0.0.1:*");
        PyPeer req = start("--type", "REQ", "--connect", ep, "interactive");
        // libzmq queues this on the pipe it made at connect, unless zmq4j's refusal already
        // closed that pipe (then EAGAIN): either way the message must never reach the PULL
        String r = req.send(frames(b("from a REQ")), Duration.ZERO);
        assertTrue(r.equals("{\"ok\": true}") || r.equals("{\"error\": \"EAGAIN\"}"), r);
        assertNull(pull.recv(QUIET), "a PULL must not accept a REQ peer's message");
        PyPeer push = start("--type", "PUSH", "--connect", ep, "interactive");
        push.sendOk(frames(b("from a PUSH")));
        Msg m = pull.recv(Interop.WAIT);
        assertNotNull(m, "the PULL stopped serving after refusing the REQ");
        assertEquals("from a PUSH", m.string(0));
        assertNull(pull.recv(QUIET), "the REQ's message arrived after all");
    }

    @Test
    void libzmqRepRefusesAZmq4jPush() {
        PyPeer rep = start("--type", "REP", "--bind", "tcp://127.0.0.1:*", "interactive");
        Socket push = ctx.socket(SocketType.PUSH).setLinger(Duration.ZERO).setSendTimeout(Interop.WAIT);
        push.connect(rep.endpoint());
        push.send(Msg.of("from a PUSH")); // queued on zmq4j's side; libzmq must refuse the connection
        assertNull(rep.recv(QUIET), "libzmq REP accepted a PUSH peer");
    }

    @ParameterizedTest(name = "zmq4j {0} receiving from libzmq {1}")
    @CsvSource({"ROUTER,DEALER", "PULL,PUSH", "REP,REQ", "DEALER,DEALER", "PAIR,PAIR"})
    void readyMetadataFromLibzmqIsReadableOnTheReceivedMessage(SocketType zType, SocketType pType) {
        Socket z = ctx.socket(zType).setLinger(Duration.ZERO);
        String ep = z.bind("tcp://127.0.0.1:*");
        start("--type", pType.name(), "--identity", Interop.hex(b("py")), "--connect", ep, "--msg", PyPeer.msgArg(frames(b("hi"))), "send");
        Msg m = z.recv(Interop.WAIT);
        assertNotNull(m);
        assertEquals("hi", m.string(m.size() - 1));
        assertEquals(pType.name(), m.property("Socket-Type"), "Socket-Type of " + m);
        // libzmq 4.3 puts Identity in its READY only for REQ, DEALER and ROUTER sockets
        boolean sendsIdentity = pType == SocketType.REQ || pType == SocketType.DEALER || pType == SocketType.ROUTER;
        assertEquals(sendsIdentity ? "py" : null, m.property("Identity"), "Identity of " + m);
        assertNotNull(m.property("Peer-Address"), "Peer-Address of " + m);
    }

    @Test
    void libzmqHeartbeatsAreAnsweredSoItKeepsTheConnection() {
        Socket router = ctx.socket(SocketType.ROUTER).setLinger(Duration.ZERO);
        String ep = router.bind("tcp://127.0.0.1:*");
        // libzmq pings every 100 ms and drops the connection if nothing answers within 600 ms;
        // with reconnection off, a dropped connection would stay dropped
        PyPeer dealer = start("--type", "DEALER", "--identity", Interop.hex(b("hb")), "--heartbeat", "100,600", "--no-reconnect",
                "--connect", ep, "interactive");
        dealer.sendOk(frames(b("one")));
        Msg m = router.recv(Interop.WAIT);
        assertNotNull(m);
        assertEquals("one", m.string(1));
        // stay idle for several heartbeat timeouts: only PING/PONG cross the connection
        assertNull(router.recv(Duration.ofMillis(1500)));
        router.send(Msg.of(b("hb"), b("still there?")));
        List<byte[]> back = dealer.recv(Interop.WAIT);
        assertNotNull(back, "libzmq dropped the connection: zmq4j did not answer its PINGs");
        assertEquals("still there?", new String(back.get(0)));
        dealer.sendOk(frames(b("two")));
        m = router.recv(Interop.WAIT);
        assertNotNull(m, "libzmq dropped the connection: zmq4j did not answer its PINGs");
        assertEquals("two", m.string(1));
    }
}
