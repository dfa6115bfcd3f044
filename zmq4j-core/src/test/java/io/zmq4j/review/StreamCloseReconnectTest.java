package io.zmq4j.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Regression test (a bug the review found, now fixed). What used to happen: a connecting STREAM socket that closes a connection itself ([id, ""]) reconnects:
 * StreamEngine closes with Disconnect.local, and Session.engineClosed schedules a reconnect for
 * any connecting session that is not closing. In libzmq the application's close terminates the
 * raw session's pipe, and session_base_t::pipe_terminated (raw_socket) terminates the session:
 * no reconnect.
 */
@Timeout(30)
class StreamCloseReconnectTest {
    @Test
    void closingAConnectionFromAConnectingStreamDoesNotReconnect() throws Exception {
        try (Context ctx = Context.create();
                ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(3000);
            Socket stream = ctx.socket(SocketType.STREAM).setLinger(Duration.ZERO)
                    .setReconnectInterval(Duration.ofMillis(50));
            stream.connect("tcp://127.0.0.1:" + server.getLocalPort());
            try (java.net.Socket first = server.accept()) {
                Msg hello = stream.recv(Duration.ofSeconds(3));
                assertNotNull(hello, "no connect notification");
                assertEquals(0, hello.frame(1).length);
                byte[] id = hello.frame(0);
                stream.send(Msg.of(id, new byte[0])); // the application closes this connection
                first.setSoTimeout(3000);
                assertEquals(-1, first.getInputStream().read(), "expected the connection to close");
            }
            server.setSoTimeout(1000);
            try (java.net.Socket again = server.accept()) {
                fail("the STREAM socket reconnected after the application closed the connection");
            } catch (SocketTimeoutException expected) {
                // no reconnect: as libzmq
            }
        }
    }
}
