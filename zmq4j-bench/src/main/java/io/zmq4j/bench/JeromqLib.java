package io.zmq4j.bench;

import io.zmq4j.CurveKeyPair;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * JeroMQ (org.zeromq:jeromq) through ZMQ.Context, like libzmq's tools: close with linger -1, then
 * term, so every queued message goes out (ZContext would close its sockets with linger 0 and drop
 * the tail of a throughput run). With {@code curve}, the binding end is a CURVE server with
 * {@link Zmq4jLib.ServerKey#PAIR}'s key and the connecting end a client with a fresh key pair (JeroMQ's
 * CURVE is its own Java code over jnacl), as zmq4j's and libzmq's tools do.
 */
final class JeromqLib implements Lib {
    private final ZMQ.Context ctx = ZMQ.context(1);
    private final boolean curve;

    JeromqLib() {
        this(false);
    }

    JeromqLib(boolean curve) {
        this.curve = curve;
    }

    @Override
    public Sock socket(Type type) {
        ZMQ.Socket s = ctx.socket(SocketType.valueOf(type.name()));
        return new Sock() {
            @Override
            public void bind(String endpoint) {
                if (curve) {
                    s.setCurveServer(true);
                    s.setCurveSecretKey(Zmq4jLib.ServerKey.PAIR.secretKey());
                }
                s.bind(endpoint);
            }

            @Override
            public void connect(String endpoint) {
                if (curve) {
                    CurveKeyPair mine = CurveKeyPair.generate();
                    s.setCurveServerKey(Zmq4jLib.ServerKey.PAIR.publicKey());
                    s.setCurvePublicKey(mine.publicKey());
                    s.setCurveSecretKey(mine.secretKey());
                }
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
