package io.zmq4j.examples.proto;

import static io.zmq4j.examples.proto.TestServers.WAIT;
import static io.zmq4j.examples.proto.TestServers.await;
import static io.zmq4j.examples.proto.TestServers.bindTcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import io.zmq4j.proto.Actor;
import io.zmq4j.proto.Values;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server generated from {@code greet_server.xml} (engine generated, actions in
 * {@link GreetServer}), driven by plain zmq4j DEALER sockets.
 */
class GreetServerTest {
    private final Context ctx = Context.create();
    private final GreetServer server = new GreetServer();
    private final Actor actor = Actor.start(ctx, "greet", server);

    @AfterEach
    void close() {
        actor.close();
        ctx.close();
    }

    private String bind(String endpoint) {
        actor.send("BIND", endpoint);
        return endpoint;
    }

    private Socket client(String endpoint) {
        Socket s = ctx.socket(SocketType.DEALER);
        s.connect(endpoint);
        return s;
    }

    private static GreetMsg.Message call(Socket s, GreetMsg.Message request) {
        s.send(request.encode());
        return recv(s);
    }

    private static GreetMsg.Message recv(Socket s) {
        Msg reply = s.recv(WAIT);
        assertNotNull(reply, "no reply within " + WAIT);
        return GreetMsg.decode(reply);
    }

    private static GreetMsg.Hello hello(String name) {
        return GreetMsg.Hello.builder().name(name).build();
    }

    private void happyPath(String endpoint) {
        try (Socket c = client(endpoint)) {
            assertEquals(GreetMsg.World.builder().greeting("Hello, ann").build(), call(c, hello("ann")));
            assertInstanceOf(GreetMsg.Pong.class, call(c, GreetMsg.Ping.builder().build()));
            assertEquals(GreetMsg.Done.builder().jobs(1).build(), call(c, GreetMsg.Work.builder().millis(20).build()));
            assertInstanceOf(GreetMsg.GoodbyeOk.class, call(c, GreetMsg.Goodbye.builder().build()));
        }
        await(() -> server.clientCount() == 0 && server.freed.get() == 1, "the client's state freed on GOODBYE");
    }

    @Test
    void clientCompletesTheProtocolOverTcp() {
        happyPath(bindTcp(actor));
    }

    @Test
    void clientCompletesTheProtocolOverInproc() {
        happyPath(bind("inproc://greet-happy"));
    }

    @Test
    void silentClientsExpireInEveryStateInheritingExpiredAndTheirStateIsFreed() {
        actor.send("SET", "server/timeout", "200");
        String endpoint = bind("inproc://greet-expiry");
        long start = System.nanoTime();
        try (Socket inStart = client(endpoint); Socket inConnected = client(endpoint)) {
            assertInstanceOf(GreetMsg.Pong.class, call(inStart, GreetMsg.Ping.builder().build()));  // stays in start
            assertInstanceOf(GreetMsg.World.class, call(inConnected, hello("bob")));                // now connected
            assertEquals(2, server.clientCount());
            await(() -> server.clientsExpired() == 2 && server.clientCount() == 0, "both clients expired");
        }
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(180).toNanos(), "expired before the timeout");
        assertEquals(2, server.expiries.get(), "the model's expired actions ran in start and in connected");
        assertEquals(2, server.freed.get());
        assertEquals(2, server.clientsFreed());
    }

    @Test
    void outOfStateMessageTakesTheWildcardErrorPathAndTheNextClientIsServed() {
        String endpoint = bind("inproc://greet-out-of-state");
        try (Socket a = client(endpoint); Socket b = client(endpoint)) {
            // GOODBYE is valid only in connected: in start the superstate's * answers INVALID.
            assertInstanceOf(GreetMsg.Invalid.class, call(a, GreetMsg.Goodbye.builder().build()));
            assertEquals(1, server.clientCount(), "the error path keeps the client");
            assertEquals(GreetMsg.World.builder().greeting("Hello, cy").build(), call(b, hello("cy")));
            assertEquals(GreetMsg.World.builder().greeting("Hello, al").build(), call(a, hello("al")));
        }
    }

    @Test
    void messageOutOfStateWhereNoWildcardAppliesGetsTheProtocolsInvalid() {
        String endpoint = bind("inproc://greet-no-wildcard");
        try (Socket c = client(endpoint)) {
            call(c, hello("dee"));
            c.send(GreetMsg.Work.builder().millis(300).build().encode());   // into "working", no superstate
            assertInstanceOf(GreetMsg.Invalid.class, call(c, GreetMsg.Ping.builder().build()));
            assertEquals(GreetMsg.Done.builder().jobs(1).build(), recv(c), "the work still finishes");
            assertInstanceOf(GreetMsg.Pong.class, call(c, GreetMsg.Ping.builder().build()), "back in connected");
        }
    }

    @Test
    void malformedMessageGetsInvalidAndTheServerGoesOn() {
        String endpoint = bind("inproc://greet-malformed");
        try (Socket bad = client(endpoint); Socket good = client(endpoint)) {
            bad.send(Msg.of(new byte[] {(byte) 0xAA, (byte) 0xA5, 1, 40, 'x'}));   // HELLO name cut short
            assertInstanceOf(GreetMsg.Invalid.class, recv(bad));
            bad.send(Msg.of(new byte[] {1, 2, 3}));                                 // not this protocol at all
            assertInstanceOf(GreetMsg.Invalid.class, recv(bad));
            assertInstanceOf(GreetMsg.World.class, call(good, hello("eve")));
        }
    }

    @Test
    void badCommandsAndBindsDoNotStopTheServer() {
        actor.send("BIND");                                   // no endpoint
        actor.send("BIND", "nonsense://here");
        actor.send("SET", "server/timeout", "soon");
        actor.send("PORT");
        assertEquals("-1", actor.recv(WAIT).string(1), "a failed bind leaves no port");
        String endpoint = bind("inproc://greet-bad-commands");
        try (Socket c = client(endpoint)) {
            assertInstanceOf(GreetMsg.World.class, call(c, hello("ida")));
        }
    }

    @Test
    void superstateEventFiresInEachInheritingState() {
        String endpoint = bind("inproc://greet-superstate");
        try (Socket c = client(endpoint)) {
            assertInstanceOf(GreetMsg.Pong.class, call(c, GreetMsg.Ping.builder().build()));   // start
            call(c, hello("fay"));
            assertInstanceOf(GreetMsg.Pong.class, call(c, GreetMsg.Ping.builder().build()));   // connected
        }
    }

    @Test
    void loadedConfigurationBindsANewEndpointAndChangesTheTimeoutOfARunningServer(@TempDir Path dir)
            throws Exception {
        String first = bind("inproc://greet-config-first");
        try (Socket c = client(first)) {
            call(c, hello("gil"));     // the server is running, with the default 60 s timeout
        }
        Path cfg = dir.resolve("greet.cfg");
        Files.writeString(cfg, "server\n    timeout = 150\ngreet_server\n    bind\n"
                + "        endpoint = tcp://127.0.0.1:*\n");
        actor.send("LOAD", cfg.toString());
        actor.send("PORT");
        Msg port = actor.recv(WAIT);
        assertTrue(Integer.parseInt(port.string(1)) > 0, "bound from the config: " + port.string(1));
        try (Socket c = client("tcp://127.0.0.1:" + port.string(1))) {
            assertInstanceOf(GreetMsg.World.class, call(c, hello("hal")));
            // A ticket takes the delay in force when it starts: the tcp client's is the loaded
            // 150 ms, while the first client's still runs its 60 s.
            // clientsExpired counts as the expired event starts; the client is dropped by that event
            await(() -> server.clientsExpired() >= 1 && server.clientCount() <= 1,
                    "the tcp client expired after 150 ms and was dropped");
            assertEquals(1, server.clientsExpired(), "only the tcp client expired");
            assertEquals(1, server.clientCount(), "the first client, on the old timeout, is still there");
        }
    }

    @Test
    void handWrittenPeerSendingCodecBytesGetsTheRightBytesBack() {
        String endpoint = bindTcp(actor);
        try (Socket peer = client(endpoint)) {
            // HELLO (id 1) from zproto's rules by hand: signature 0xAAA5, id, string "bob".
            peer.send(Msg.of(new byte[] {(byte) 0xAA, (byte) 0xA5, 1, 3, 'b', 'o', 'b'}));
            Msg world = peer.recv(WAIT);
            assertEquals(1, world.size());
            // WORLD (id 2): signature, id, string "Hello, bob".
            assertEquals("aaa5" + "02" + "0a" + Values.hex("Hello, bob".getBytes()), Values.hex(world.frame(0)));
            peer.send(Msg.of(new byte[] {(byte) 0xAA, (byte) 0xA5, 3}));          // PING
            assertEquals("aaa504", Values.hex(peer.recv(WAIT).frame(0)));         // PONG
        }
    }
}
