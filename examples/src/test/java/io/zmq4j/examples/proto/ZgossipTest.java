package io.zmq4j.examples.proto;

import static io.zmq4j.examples.proto.TestServers.WAIT;
import static io.zmq4j.examples.proto.TestServers.await;
import static io.zmq4j.examples.proto.TestServers.bindTcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import io.zmq4j.proto.Actor;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gossip server generated from CZMQ's {@code zgossip.xml}, with DEALER peers speaking {@code zgossip_msg}. */
class ZgossipTest {
    private final Context ctx = Context.create();
    private final Zgossip server = new Zgossip();
    private final Actor actor = Actor.start(ctx, "gossip", server);

    @AfterEach
    void close() {
        actor.close();
        ctx.close();
    }

    private Socket peer(String endpoint) {
        Socket s = ctx.socket(SocketType.DEALER);
        s.connect(endpoint);
        return s;
    }

    private static ZgossipMsg.Message recv(Socket s) {
        Msg m = s.recv(WAIT);
        assertNotNull(m, "nothing within " + WAIT);
        return ZgossipMsg.decode(m);
    }

    private static ZgossipMsg.Publish publish(String key, String value) {
        return ZgossipMsg.Publish.builder().key(key).value(value).ttl(1000).build();
    }

    @Test
    void tuplesReachLateComersAndAreForwardedToConnectedPeersOverTcp() {
        String endpoint = bindTcp(actor);
        try (Socket a = peer(endpoint); Socket b = peer(endpoint)) {
            a.send(ZgossipMsg.Hello.builder().build().encode());          // no tuples yet: nothing comes back
            a.send(publish("service/echo", "tcp://10.0.0.1:5555").encode());
            a.send(ZgossipMsg.Ping.builder().build().encode());
            assertInstanceOf(ZgossipMsg.Pong.class, recv(a), "A has nothing but its PONG");

            b.send(ZgossipMsg.Hello.builder().build().encode());          // B gets what A published
            assertEquals(publish("service/echo", "tcp://10.0.0.1:5555"), recv(b));

            b.send(publish("service/time", "tcp://10.0.0.2:5555").encode());
            assertEquals(publish("service/time", "tcp://10.0.0.2:5555"), recv(a), "forwarded to the other peer");
            b.send(ZgossipMsg.Ping.builder().build().encode());
            assertInstanceOf(ZgossipMsg.Pong.class, recv(b), "not forwarded back to its publisher");
        }
    }

    @Test
    void publishBeforeHelloIsInvalidAndEndsThatSessionOnly() {
        actor.send("BIND", "inproc://gossip-invalid");
        try (Socket rude = peer("inproc://gossip-invalid"); Socket polite = peer("inproc://gossip-invalid")) {
            polite.send(ZgossipMsg.Hello.builder().build().encode());
            rude.send(publish("k", "v").encode());
            assertInstanceOf(ZgossipMsg.Invalid.class, recv(rude));
            await(() -> server.clientsFreed() >= 1, "the rude peer's state freed");
            assertEquals(1, server.clientCount());
            polite.send(ZgossipMsg.Ping.builder().build().encode());
            assertInstanceOf(ZgossipMsg.Pong.class, recv(polite));
            assertNull(rude.recv(Duration.ofMillis(50)), "nothing more for the rude peer");
        }
    }
}
