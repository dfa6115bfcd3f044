package io.zmq4j.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

/**
 * Regression test (a bug the review found, now fixed). What used to happen: libzmq's router_t::xattach_pipe writes the ZMQ_PROBE_ROUTER probe on every attach,
 * before identify_peer. Router.attach here writes it only when identify() succeeds at attach
 * time, which a connecting pipe (tcp before its handshake, inproc before the join's IDENTIFIED)
 * never does; Router.identified() does not send it. So a connecting ROUTER never probes.
 */
@Timeout(20)
class ProbeRouterConnectTest {
    private final Context ctx = Context.create();

    @AfterEach
    void close() {
        ctx.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp://127.0.0.1:*", "inproc://probe"})
    void connectingRouterSendsItsProbe(String where) {
        Socket dealer = ctx.socket(SocketType.DEALER).setLinger(Duration.ZERO);
        String ep = dealer.bind(where);
        Socket router = ctx.socket(SocketType.ROUTER).setLinger(Duration.ZERO).setProbeRouter(true);
        router.connect(ep);
        Msg probe = dealer.recv(Duration.ofSeconds(3));
        assertNotNull(probe, "the DEALER never got the ROUTER's probe");
        assertEquals(1, probe.size());
        assertEquals(0, probe.frame(0).length);
    }
}
