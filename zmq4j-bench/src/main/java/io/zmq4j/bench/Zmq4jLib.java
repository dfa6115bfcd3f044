package io.zmq4j.bench;

import io.zmq4j.Context;
import io.zmq4j.CurveKeyPair;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;

/**
 * zmq4j through its public API only (io.zmq4j). With {@code curve}, the binding end is a CURVE
 * server and the connecting end a CURVE client (ephemeral keys), to put CURVE's cost next to
 * NULL's in the same tools.
 */
final class Zmq4jLib implements Lib {
    /** A fixed server keypair, so the two processes of a run agree without exchanging keys. */
    private static final CurveKeyPair SERVER = CurveKeyPair.fromSecret(new byte[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});

    private final Context ctx = Context.create();
    private final boolean curve;

    Zmq4jLib() {
        this(false);
    }

    Zmq4jLib(boolean curve) {
        this.curve = curve;
    }

    @Override
    public Sock socket(Type type) {
        Socket s = ctx.socket(SocketType.valueOf(type.name()));
        return new Sock() {
            @Override
            public void bind(String endpoint) {
                if (curve) {
                    s.setCurveServer(true).setCurveSecretKey(SERVER.secretKey());
                }
                s.bind(endpoint);
            }

            @Override
            public void connect(String endpoint) {
                if (curve) {
                    s.setCurveServerKey(SERVER.publicKey());
                }
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
