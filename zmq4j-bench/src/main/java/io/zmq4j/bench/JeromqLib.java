package io.zmq4j.bench;

import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * JeroMQ (org.zeromq:jeromq) through ZMQ.Context, like libzmq's tools: close with linger -1, then
 * term, so every queued message goes out (ZContext would close its sockets with linger 0 and drop
 * the tail of a throughput run).
 */
final class JeromqLib implements Lib {
    private final ZMQ.Context ctx = ZMQ.context(1);

    @Override
    public Sock socket(Type type) {
        ZMQ.Socket s = ctx.socket(SocketType.valueOf(type.name()));
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
            public void sendNew(int size) {
                send(new byte[size]);
            }

            @Override
            public Object recv() {
                byte[] b = s.recv(0);
                if (b == null) {
                    throw new IllegalStateException("jeromq recv failed: errno " + s.errno());
                }
                return b;
            }

            @Override
            public int size(Object msg) {
                return ((byte[]) msg).length;
            }

            @Override
            public void send(Object msg) {
                if (!s.send((byte[]) msg, 0)) {
                    throw new IllegalStateException("jeromq send failed: errno " + s.errno());
                }
            }

            @Override
            public void done(Object msg) {
                // arrays: the GC has them
            }

            @Override
            public void close() {
                s.setLinger(-1);
                s.close();
            }
        };
    }

    @Override
    public void close() {
        ctx.term();
    }
}
