package io.zmq4j.examples.proto;

import static io.zmq4j.examples.proto.TestServers.WAIT;
import static io.zmq4j.examples.proto.TestServers.await;
import static io.zmq4j.examples.proto.TestServers.bindTcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Context;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import io.zmq4j.proto.Actor;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client generated from {@code greet_client.xml} against the server generated from {@code greet_server.xml}. */
class GreetClientTest {
    private final Context ctx = Context.create();
    private final GreetServer server = new GreetServer();
    private final Actor actor = Actor.start(ctx, "greet", server);

    @AfterEach
    void close() {
        actor.close();
        ctx.close();
    }

    @Test
    void constructorConnectsAndABlockingCallGetsItsReplyOverTcp() {
        try (GreetClient client = new GreetClient(ctx, bindTcp(actor), "ann")) {
            assertEquals(new GreetClient.Connected("Hello, ann"), client.constructorReply());
            assertEquals(new GreetClient.Done(1), client.work(10));
            assertEquals(new GreetClient.Done(2), client.work(10));
        }
    }

    @Test
    void clientWorksOverInproc() {
        actor.send("BIND", "inproc://greet-client");
        try (GreetClient client = new GreetClient(ctx, "inproc://greet-client", "bo")) {
            assertEquals(new GreetClient.Connected("Hello, bo"), client.constructorReply());
            assertEquals(new GreetClient.Done(1), client.work(10));
        }
    }

    @Test
    void timedCallReturnsNullInTimeAndTheLateReplyArrivesAsASignal() {
        try (GreetClient client = new GreetClient(ctx, bindTcp(actor), "cy")) {
            long start = System.nanoTime();
            assertNull(client.work(Duration.ofMillis(100), 600));
            // Null already shows it gave up before the 600 ms reply; the bound is only a sanity check.
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos(), "the timed call waited too long");
            assertEquals(new GreetClient.Done(1), client.signal(WAIT));
        }
    }

    @Test
    void heartbeatingClientNeverExpiresWhileASilentPeerDoes() throws Exception {
        actor.send("SET", "server/timeout", "600");
        String endpoint = bindTcp(actor);
        try (GreetClient client = new GreetClient(ctx, endpoint, "dee");
             Socket silent = ctx.socket(SocketType.DEALER)) {
            silent.connect(endpoint);
            silent.send(GreetMsg.Hello.builder().name("mute").build().encode());
            assertInstanceOf(GreetMsg.World.class, GreetMsg.decode(silent.recv(WAIT)));
            await(() -> server.clientsExpired() == 1, "the silent peer expired");
            // Over three times the server's timeout, with the client saying nothing of its own: its
            // heartbeat (PING every 100 ms of silence from the server) kept it alive.
            Thread.sleep(2000); // a span of time is the point here: nothing to wait on
            assertEquals(1, server.clientsExpired(), "only the silent peer expired");
            assertEquals(1, server.clientCount());
            GreetClient.Pongs pongs = assertInstanceOf(GreetClient.Pongs.class, client.pongs());
            assertTrue(pongs.count() >= 5, "heartbeats answered: " + pongs.count());
        }
    }

    @Test
    void callOnAClientWhoseActionFailedThrowsInsteadOfWaitingForEver() {
        GreetClientActions failing = new GreetClientActions() {
            @Override
            protected void signalDone() {
                throw new IllegalStateException("boom");
            }
        };
        try (GreetClient client = new GreetClient(ctx, failing, bindTcp(actor), "fay")) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> client.work(10));
            assertTrue(e.getMessage().contains("actor has ended"), e.getMessage());
        }
    }

    @Test
    void closeRunsTheDestructorWhoseGoodbyeFreesTheServersState() {
        try (GreetClient client = new GreetClient(ctx, bindTcp(actor), "eve")) {
            assertEquals(1, server.clientCount());
        }
        await(() -> server.clientCount() == 0, "GOODBYE freed the client's state on the server");
        assertEquals(1, server.freed.get());
        assertEquals(0, server.clientsExpired());
    }
}
