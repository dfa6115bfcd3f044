package io.zmq4j.interop;

import static io.zmq4j.interop.Interop.b;
import static io.zmq4j.interop.Interop.frames;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A zmq4j STREAM socket and a libzmq 4.3 STREAM socket: raw bytes both ways, notifications on both sides. */
@Timeout(30)
class LibzmqStreamInteropTest extends LibzmqInteropBase {
    private static void assertNotification(List<byte[]> m, String who) {
        assertNotNull(m, who + ": no connect notification");
        assertEquals(2, m.size(), who + ": " + Interop.show(m));
        assertEquals(0, m.get(1).length, who + ": " + Interop.show(m));
    }

    private void exchange(Socket z, PyPeer p) {
        Msg zHello = z.recv(Interop.WAIT);
        assertNotNull(zHello, "zmq4j STREAM: no connect notification");
        assertNotification(zHello.frames(), "zmq4j STREAM");
        List<byte[]> pHello = p.recv(Interop.WAIT);
        assertNotification(pHello, "libzmq STREAM");
        byte[] zId = zHello.frame(0);
        byte[] pId = pHello.get(0);

        z.send(Msg.of(zId, b("from zmq4j")));
        List<byte[]> got = p.recv(Interop.WAIT);
        assertNotNull(got, "libzmq STREAM got no data");
        assertArrayEquals(pId, got.get(0));
        assertEquals("from zmq4j", new String(got.get(1)));

        p.sendOk(frames(pId, b("from libzmq")));
        Msg back = z.recv(Interop.WAIT);
        assertNotNull(back, "zmq4j STREAM got no data");
        assertArrayEquals(zId, back.frame(0));
        assertEquals("from libzmq", back.string(1));

        // libzmq closes its side with [id, ""]: zmq4j sees the disconnect notification
        p.sendOk(frames(pId, new byte[0]));
        Msg bye = z.recv(Interop.WAIT);
        assertNotNull(bye, "zmq4j STREAM: no disconnect notification");
        assertArrayEquals(zId, bye.frame(0));
        assertEquals(0, bye.frame(1).length, bye.toString());
    }

    @Test
    void zmq4jStreamConnectsToLibzmqStream() {
        PyPeer p = start("--type", "STREAM", "--bind", "tcp://127.0.0.1:*", "interactive");
        Socket z = ctx.socket(SocketType.STREAM).setLinger(Duration.ZERO);
        z.connect(p.endpoint());
        exchange(z, p);
    }

    @Test
    void libzmqStreamConnectsToZmq4jStream() {
        Socket z = ctx.socket(SocketType.STREAM).setLinger(Duration.ZERO);
        String ep = z.bind("tcp://127.0.0.1:*");
        PyPeer p = start("--type", "STREAM", "--connect", ep, "interactive");
        exchange(z, p);
    }
    @Test
    void zmq4jClosingAConnectionWithAnEmptyFrameIsSeenByLibzmqStream() {
        PyPeer p = start("--type", "STREAM", "--bind", "tcp://127.0.0.1:*", "interactive");
        Socket z = ctx.socket(SocketType.STREAM).setLinger(Duration.ZERO);
        z.connect(p.endpoint());
        Msg zHello = z.recv(Interop.WAIT);
        assertNotNull(zHello, "zmq4j STREAM: no connect notification");
        List<byte[]> pHello = p.recv(Interop.WAIT);
        assertNotification(pHello, "libzmq STREAM");
        z.send(Msg.of(zHello.frame(0), new byte[0]));
        List<byte[]> bye = p.recv(Interop.WAIT);
        assertNotNull(bye, "libzmq STREAM: no disconnect notification");
        assertArrayEquals(pHello.get(0), bye.get(0));
        assertEquals(0, bye.get(1).length, Interop.show(bye));
    }
}
