package io.zmq4j.security;

import io.zmq4j.Event;
import io.zmq4j.Socket;
import io.zmq4j.SocketEvent;
import java.util.concurrent.BlockingQueue;

/** Event helpers shared with the interop tests. */
public final class SecurityEvents {
    private SecurityEvents() {}

    public static BlockingQueue<SocketEvent> of(Socket s, Event e) {
        return AuthenticatorTest.events(s, e);
    }

    public static void expect(BlockingQueue<SocketEvent> q, long value, String who) {
        AuthenticatorTest.expectEvent(q, value, who);
    }
}
