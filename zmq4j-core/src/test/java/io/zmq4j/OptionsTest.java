package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class OptionsTest {
    private final Context ctx = Context.create();

    @AfterEach
    void close() {
        ctx.close();
    }

    private static void assertInvalid(Executable call, String... mustMention) {
        ZmqException e = assertThrows(ZmqException.class, call);
        assertEquals(ZmqException.Kind.EINVAL, e.kind());
        for (String s : mustMention) {
            assertTrue(e.getMessage().contains(s), "'" + e.getMessage() + "' should mention " + s);
        }
    }

    @Test
    void defaultsMatchLibzmq() {
        Socket s = ctx.socket(SocketType.DEALER);
        assertEquals(1000, s.sendHwm());
        assertEquals(1000, s.receiveHwm());
        assertNull(s.linger(), "libzmq's default linger is -1: wait for ever");
    }

    @Test
    void negativeHwmIsRejectedNamingTheOptionAndValue() {
        assertInvalid(() -> ctx.socket(SocketType.PUSH).setSendHwm(-5), "SNDHWM", "-5");
        assertInvalid(() -> ctx.socket(SocketType.PULL).setReceiveHwm(-1), "RCVHWM", "-1");
    }

    @Test
    void routingIdMustBeOneTo255BytesNotStartingWithZero() {
        Socket s = ctx.socket(SocketType.DEALER);
        assertInvalid(() -> s.setRoutingId(new byte[0]), "ROUTING_ID");
        assertInvalid(() -> s.setRoutingId(new byte[256]), "ROUTING_ID");
        assertInvalid(() -> s.setRoutingId(new byte[] {0, 1}), "ROUTING_ID");
    }

    @Test
    void typeSpecificOptionsAreRefusedOnOtherTypes() {
        assertInvalid(() -> ctx.socket(SocketType.DEALER).setRouterMandatory(true), "ROUTER_MANDATORY", "DEALER");
        assertInvalid(() -> ctx.socket(SocketType.REP).setReqRelaxed(true), "REQ_RELAXED");
        assertInvalid(() -> ctx.socket(SocketType.PUSH).setConnectRoutingId("x".getBytes()), "CONNECT_ROUTING_ID");
    }

    @Test
    void badTcpKeepaliveAndMaxMsgSizeAreRejected() {
        Socket s = ctx.socket(SocketType.PAIR);
        assertInvalid(() -> s.setTcpKeepalive(2), "TCP_KEEPALIVE", "2");
        assertInvalid(() -> s.setMaxMsgSize(-2), "MAXMSGSIZE", "-2");
        assertInvalid(() -> s.setBacklog(-1), "BACKLOG");
    }

    @Test
    void malformedEndpointsAreEinvalAndUnknownTransportsEprotonosupport() {
        Socket s = ctx.socket(SocketType.PAIR);
        assertInvalid(() -> s.bind("127.0.0.1:5555"), "127.0.0.1:5555");
        assertInvalid(() -> s.bind("tcp://127.0.0.1"), "host:port");
        assertInvalid(() -> s.bind("tcp://127.0.0.1:99999"), "out of range");
        assertInvalid(() -> s.connect("tcp://127.0.0.1:abc"), "abc");
        ZmqException e = assertThrows(ZmqException.class, () -> s.bind("sctp://127.0.0.1:5555"));
        assertEquals(ZmqException.Kind.EPROTONOSUPPORT, e.kind());
        assertEquals(ZmqException.Kind.ENOCOMPATPROTO, assertThrows(ZmqException.class, () -> s.bind("udp://127.0.0.1:5555")).kind());
    }

    @Test
    void bindingAnAddressInUseIsEaddrinuse() {
        String ep = ctx.socket(SocketType.PULL).bind("tcp://127.0.0.1:*");
        ZmqException e = assertThrows(ZmqException.class, () -> ctx.socket(SocketType.PULL).bind(ep));
        assertEquals(ZmqException.Kind.EADDRINUSE, e.kind());
        String inproc = "inproc://taken";
        ctx.socket(SocketType.PULL).bind(inproc);
        assertEquals(ZmqException.Kind.EADDRINUSE, assertThrows(ZmqException.class, () -> ctx.socket(SocketType.PULL).bind(inproc)).kind());
    }

    @Test
    void wildcardBindReportsTheChosenPortAsLastEndpoint() {
        Socket s = ctx.socket(SocketType.PULL);
        String ep = s.bind("tcp://*:*");
        assertTrue(ep.matches("tcp://0\\.0\\.0\\.0:\\d+"), ep);
        assertEquals(ep, s.lastEndpoint());
        String v6 = ctx.socket(SocketType.PULL).bind("tcp://[::1]:*");
        assertTrue(v6.matches("tcp://\\[::1\\]:\\d+"), v6);
    }

    @Test
    void unbindAndDisconnectOfUnknownEndpointsAreEnoent() {
        Socket s = ctx.socket(SocketType.PULL);
        assertEquals(ZmqException.Kind.ENOENT, assertThrows(ZmqException.class, () -> s.unbind("tcp://127.0.0.1:1")).kind());
        assertEquals(ZmqException.Kind.ENOENT, assertThrows(ZmqException.class, () -> s.disconnect("tcp://127.0.0.1:1")).kind());
    }

    @Test
    void sendTimeoutRaisesEagainWhenNoPeerTakesTheMessage() {
        Socket push = ctx.socket(SocketType.PUSH).setSendTimeout(Duration.ofMillis(50)).setLinger(Duration.ZERO);
        assertEquals(ZmqException.Kind.EAGAIN, assertThrows(ZmqException.class, () -> push.send(Msg.of("x"))).kind());
        assertTrue(!push.trySend(Msg.of("x")), "would block, reported without an exception");
    }

    @Test
    void keepaliveParametersAreValidatedAndConnectionsStillWork() {
        Socket pull = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO);
        assertInvalid(() -> pull.setTcpKeepaliveParameters(0, 3, 5), "TCP_KEEPALIVE_IDLE");
        assertInvalid(() -> pull.setTcpKeepaliveParameters(60, -2, 5), "TCP_KEEPALIVE_CNT");
        pull.setTcpKeepalive(1).setTcpKeepaliveParameters(60, 3, 5);
        Socket push = ctx.socket(SocketType.PUSH).setLinger(Duration.ZERO).setTcpKeepalive(1).setTcpKeepaliveParameters(30, 2, 2);
        push.connect(pull.bind("tcp://127.0.0.1:*"));
        push.send(Msg.of("alive"));
        assertEquals("alive", pull.recv(Duration.ofSeconds(5)).string(0));
    }
}
