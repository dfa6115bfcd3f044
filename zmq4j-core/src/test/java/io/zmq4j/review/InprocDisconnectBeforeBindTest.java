package io.zmq4j.review;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Regression test (a bug the review found, now fixed). What used to happen: SocketBase.disconnect("inproc://x") before x is bound retires the connecter's pipe but
 * leaves the Inproc.Pending in ContextCore.inprocPending. The later bind joins it anyway and the
 * binder attaches a live-looking pipe to a peer that is gone (peerGone never set), so a PUSH
 * binder load-balances part of its messages into a queue nobody will ever read.
 * libzmq terminates the pipes of a disconnected inproc connect, pending or not.
 */
@Timeout(20)
class InprocDisconnectBeforeBindTest {
    private final Context ctx = Context.create();

    @AfterEach
    void close() {
        ctx.close();
    }

    @Test
    void aDisconnectedPendingConnectDoesNotSwallowMessagesAfterTheBind() {
        String ep = "inproc://pending-" + System.nanoTime();
        Socket gone = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO);
        gone.connect(ep);
        gone.disconnect(ep);
        Socket pull = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO);
        pull.connect(ep);
        Socket push = ctx.socket(SocketType.PUSH).setLinger(Duration.ZERO);
        push.bind(ep);
        int n = 10;
        for (int i = 0; i < n; i++) {
            push.send(Msg.of("m" + i), Duration.ofSeconds(2));
        }
        int got = 0;
        while (pull.recv(Duration.ofMillis(500)) != null) {
            got++;
        }
        assertEquals(n, got, "messages went to the pipe of a connect that was disconnected before the bind");
    }
}
