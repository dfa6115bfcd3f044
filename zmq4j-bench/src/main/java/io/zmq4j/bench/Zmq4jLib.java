package io.zmq4j.bench;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;

/** zmq4j through its public API only (io.zmq4j). */
final class Zmq4jLib implements Lib {
    private final Context ctx = Context.create();

    @Override
    public Sock socket(Type type) {
        Socket s = ctx.socket(SocketType.valueOf(type.name()));
        return new Sock() {
            @Override
            public void bind(String endpoint) {
                s.bind(endpoint);
            }

            @Override
            public void connect(String endpoint) {
                s.connect(endpoint);
            }

            @Override
            public void send(byte[] data) {
                s.send(Msg.of(data));
            }

            @Override
            public byte[] recv() {
                return s.recv().frame(0);
            }

            @Override
            public void close() {
                s.close();
            }
        };
    }

    @Override
    public void close() {
        ctx.close();
    }
}
