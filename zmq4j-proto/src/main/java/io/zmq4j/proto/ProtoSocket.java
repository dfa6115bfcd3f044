package io.zmq4j.proto;

import io.zmq4j.Msg;

/**
 * The two operations a generated codec needs from a socket, and whether the socket is a
 * ROUTER (whose first frame is the peer's routing id).
 *
 * <p>Kept this small so codecs do not depend on the socket implementation; adapt any socket
 * with a method reference:
 *
 * <pre>{@code
 * ProtoSocket s = ProtoSocket.of(socket::send, socket::recv, socket.type() == SocketType.ROUTER);
 * ZprotoExample.Message m = ZprotoExample.recv(s);
 * m.send(s);
 * }</pre>
 */
public interface ProtoSocket {
    /** Sends one whole message. */
    void send(Msg msg);

    /** Receives one whole message, blocking; null when the socket has nothing and never will. */
    Msg recv();

    /** True on a ROUTER: received messages start with a routing id frame and sent ones must. */
    boolean router();

    /** A socket view made from two method references and the ROUTER flag. */
    static ProtoSocket of(java.util.function.Consumer<Msg> send,
                          java.util.function.Supplier<Msg> recv,
                          boolean router) {
        return new ProtoSocket() {
            @Override
            public void send(Msg msg) {
                send.accept(msg);
            }

            @Override
            public Msg recv() {
                return recv.get();
            }

            @Override
            public boolean router() {
                return router;
            }
        };
    }
}
