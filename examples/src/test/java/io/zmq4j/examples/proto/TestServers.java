package io.zmq4j.examples.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Msg;
import io.zmq4j.proto.Actor;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** What the tests of the generated servers share: reaching a server actor over tcp, and waiting on it. */
final class TestServers {
    static final Duration WAIT = Duration.ofSeconds(5);

    private TestServers() {}

    /** Binds the server actor to a free tcp port on 127.0.0.1 and returns the endpoint to connect to. */
    static String bindTcp(Actor server) {
        server.send("BIND", "tcp://127.0.0.1:*");
        server.send("PORT");
        Msg port = server.recv(WAIT);
        assertNotNull(port, "no PORT answer within " + WAIT);
        assertEquals("PORT", port.string(0));
        return "tcp://127.0.0.1:" + port.string(1);
    }

    /** Polls {@code condition} until it holds, failing the test after {@link #WAIT}. */
    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for: " + what);
            LockSupport.parkNanos(1_000_000);
        }
    }
}
