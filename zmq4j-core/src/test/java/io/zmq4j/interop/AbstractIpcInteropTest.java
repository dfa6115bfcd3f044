package io.zmq4j.interop;

import static io.zmq4j.interop.Interop.assertFrames;
import static io.zmq4j.interop.Interop.b;
import static io.zmq4j.interop.Interop.frames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import io.zmq4j.ZmqException;
import io.zmq4j.internal.transport.AbstractIpc;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Linux abstract ipc addresses ({@code ipc://@name}) against libzmq 4.3 (pyzmq), both ways. They
 * work on Java 22 or later when the build compiled the FFM part ({@code -Dffm.jdk=DIR}, whose
 * profile also runs this class on that JDK with {@code -Dzmq4j.abstractIpc=expected}, so there a
 * missing implementation fails instead of skipping); elsewhere they are EPROTONOSUPPORT with the
 * reason.
 */
@Timeout(30)
class AbstractIpcInteropTest extends LibzmqInteropBase {
    private static final boolean EXPECTED = "expected".equals(System.getProperty("zmq4j.abstractIpc"));
    private static final AtomicInteger SEQ = new AtomicInteger();

    private static String name() {
        return "ipc://@zmq4j-test-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
    }

    private static void needSupport() {
        String why = AbstractIpc.unsupportedReason();
        if (EXPECTED) {
            assertNull(why, "abstract ipc was expected to work on Java " + Runtime.version());
        }
        assumeTrue(why == null, () -> "abstract ipc is not supported here: " + why);
    }

    @Test
    void whereUnsupportedBindAndConnectAreProtocolNotSupportedSayingWhy() {
        String why = AbstractIpc.unsupportedReason();
        assumeTrue(why != null && !EXPECTED, "abstract ipc works here");
        String ep = name();
        ZmqException bind = assertThrows(ZmqException.class, () -> ctx.socket(SocketType.PULL).bind(ep));
        assertEquals(ZmqException.Kind.EPROTONOSUPPORT, bind.kind());
        assertTrue(bind.getMessage().contains(ep) && bind.getMessage().contains(why), bind.getMessage());
        ZmqException connect = assertThrows(ZmqException.class, () -> ctx.socket(SocketType.PUSH).connect(ep));
        assertEquals(ZmqException.Kind.EPROTONOSUPPORT, connect.kind());
    }

    @Test
    void anEmptyOrOverlongAbstractNameIsInvalid() {
        Socket s = ctx.socket(SocketType.PULL);
        assertEquals(ZmqException.Kind.EINVAL, assertThrows(ZmqException.class, () -> s.bind("ipc://@")).kind());
        String tooLong = "ipc://@" + "x".repeat(AbstractIpc.MAX_NAME_BYTES + 1);
        ZmqException e = assertThrows(ZmqException.class, () -> s.connect(tooLong));
        assertEquals(ZmqException.Kind.EINVAL, e.kind());
        assertTrue(e.getMessage().contains("107"), e.getMessage());
    }

    @Test
    void libzmqConnectsToAZmq4jAbstractListener() {
        needSupport();
        Socket z = socket(SocketType.PAIR);
        String ep = z.bind(name());
        assertTrue(ep.startsWith("ipc://@zmq4j-test-"), ep);
        PyPeer p = start("--type", "PAIR", "--connect", ep, "interactive");
        converse(z, p);
    }

    @Test
    void zmq4jConnectsToALibzmqAbstractListener() {
        needSupport();
        PyPeer p = start("--type", "PAIR", "--bind", name(), "interactive");
        assertTrue(p.endpoint().startsWith("ipc://@zmq4j-test-"), p.endpoint());
        Socket z = socket(SocketType.PAIR);
        z.connect(p.endpoint());
        converse(z, p);
    }

    private static void converse(Socket z, PyPeer p) {
        Interop.Side zs = Interop.zmq4j(z);
        Interop.Side ps = Interop.libzmq(p, "PAIR");
        List<byte[]> there = frames(b("to libzmq"), new byte[0], new byte[300]);
        zs.send(there);
        assertFrames(there, ps.recv(), "libzmq PAIR received");
        List<byte[]> back = frames(b("to zmq4j"), new byte[] {0, 1, 2});
        ps.send(back);
        assertFrames(back, zs.recv(), "zmq4j PAIR received");
    }

    @Test
    void aSecondBindToTheSameNameIsAddressInUse() {
        needSupport();
        String ep = name();
        socket(SocketType.PULL).bind(ep);
        ZmqException e = assertThrows(ZmqException.class, () -> socket(SocketType.PULL).bind(ep));
        assertEquals(ZmqException.Kind.EADDRINUSE, e.kind());
    }

    @Test
    void aConnectBeforeAnyoneListensIsRetriedUntilTheListenerAppears() {
        needSupport();
        String ep = name();
        Socket push = socket(SocketType.PUSH);
        push.connect(ep); // refused now; the session retries at the reconnect interval
        push.send(Msg.of("queued"), Interop.WAIT);
        Socket pull = socket(SocketType.PULL);
        pull.bind(ep);
        Msg m = pull.recv(Interop.WAIT);
        assertNotNull(m, "nothing arrived after the listener appeared");
        assertEquals("queued", m.string(0));
    }

    @Test
    void unbindingReleasesTheNameForTheNextBind() {
        needSupport();
        String ep = name();
        Socket first = socket(SocketType.PULL);
        first.bind(ep);
        first.unbind(ep);
        Socket second = socket(SocketType.PULL);
        // unbind closes the listener on its I/O thread, as libzmq does: the name frees shortly after
        long deadline = System.nanoTime() + Interop.WAIT.toNanos();
        while (true) {
            try {
                assertEquals(ep, second.bind(ep));
                break;
            } catch (ZmqException e) {
                if (e.kind() != ZmqException.Kind.EADDRINUSE || System.nanoTime() > deadline) {
                    throw e;
                }
                Interop.pause();
            }
        }
        Socket push = socket(SocketType.PUSH);
        push.connect(ep);
        push.send(Msg.of("to the second"));
        assertEquals("to the second", second.recv(Interop.WAIT).string(0));
    }

    @Test
    void manyLargeMessagesCrossAnAbstractConnectionIntactAndInOrder() {
        needSupport();
        String ep = name();
        Socket pull = socket(SocketType.PULL);
        pull.bind(ep);
        Socket push = socket(SocketType.PUSH);
        push.connect(ep);
        // 200 x 64 KiB is far more than the socket buffers: partial writes and waits for writability
        for (int i = 0; i < 200; i++) {
            byte[] body = new byte[64 * 1024];
            java.util.Arrays.fill(body, (byte) i);
            push.send(Msg.of(body), Interop.WAIT);
        }
        for (int i = 0; i < 200; i++) {
            Msg m = pull.recv(Interop.WAIT);
            assertNotNull(m, "message " + i + " did not arrive");
            byte[] body = m.frame(0);
            assertEquals(64 * 1024, body.length);
            assertEquals((byte) i, body[0]);
            assertEquals((byte) i, body[body.length - 1]);
        }
    }
}
