package io.zmq4j.bench;

import io.zmq4j.Context;
import io.zmq4j.CurveKeyPair;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * zmq4j through its public API only (io.zmq4j). With {@code curve}, the binding end is a CURVE
 * server and the connecting end a CURVE client (a fresh keypair per run), to put CURVE's cost next to
 * NULL's in the same tools. Received messages are closed when done, which gives large frames'
 * pooled memory back (they are read in place, never copied into an array).
 */
final class Zmq4jLib implements Lib {
    /**
     * From this size the sender uses the zero-copy API, a direct buffer (libzmq's tools take a
     * 64 KiB message from malloc, which neither zeroes nor fills it; a new Java array is zeroed).
     * Below it, {@code Msg.allocate(size)} per message, libzmq's {@code zmq_msg_init_size}: an
     * array a receiver closed before, or a new one (over tcp and ipc always a new one, since
     * the received copies are other arrays).
     */
    static final int ZERO_COPY_FROM = 32 * 1024;

    /**
     * A fixed server keypair, so the two processes of a run agree without exchanging keys. In a
     * holder of its own: deriving the public key is an X25519 multiplication, 30-40 ms
     * interpreted and then a C2 compile, which NULL runs must not pay at start.
     */
    static final class ServerKey {
        static final CurveKeyPair PAIR = CurveKeyPair.fromSecret(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});

        private ServerKey() {
        }
    }

    /** Makes {@code s} the CURVE server of {@link ServerKey}. */
    static Socket curveServer(Socket s) {
        return s.setCurveServer(true).setCurveSecretKey(ServerKey.PAIR.secretKey());
    }

    /** Makes {@code s} a CURVE client of {@link ServerKey} with its own keypair {@code mine}. */
    static Socket curveClient(Socket s, CurveKeyPair mine) {
        return s.setCurveServerKey(ServerKey.PAIR.publicKey()).setCurvePublicKey(mine.publicKey()).setCurveSecretKey(mine.secretKey());
    }

    /** The opt-in idle strategy that {@code zmq4j-spin} measures (Context.Builder#ioSpin). */
    static final Duration SPIN = Duration.ofNanos(50_000);

    private final Context ctx;
    private final boolean curve;

    Zmq4jLib(boolean curve, Context ctx) {
        this.curve = curve;
        this.ctx = ctx;
    }

    /** The context for an implementation name: {@code zmq4j-spin} polls 50 µs after work. */
    static Context context(String impl) {
        return impl.equals("zmq4j-spin") ? Context.builder().ioSpin(SPIN).build() : Context.create();
    }

    @Override
    public Sock socket(Type type) {
        Socket s = ctx.socket(SocketType.valueOf(type.name()));
        return new Sock() {
            @Override
            public void bind(String endpoint) {
                if (curve) {
                    curveServer(s);
                }
                s.bind(endpoint);
            }

            @Override
            public void connect(String endpoint) {
                if (curve) {
                    // the client's own keypair made before connecting, as zperf (zmq_curve_keypair)
                    // and JeromqLib do: without it each connection makes one in the timed run
                    curveClient(s, CurveKeyPair.generate());
                }
                s.connect(endpoint);
            }

            /** One direct buffer per size, sent again and again: Msg.of(ByteBuffer) never changes it. */
            private ByteBuffer large;

            @Override
            public void sendNew(int size) {
                if (size < ZERO_COPY_FROM) {
                    s.send(Msg.allocate(size));
                    return;
                }
                if (large == null || large.capacity() != size) {
                    large = ByteBuffer.allocateDirect(size);
                }
                s.send(Msg.of(large));
            }

            @Override
            public Object recv() {
                return s.recv();
            }

            @Override
            public int size(Object msg) {
                return (int) ((Msg) msg).byteSize();
            }

            @Override
            public void send(Object msg) {
                s.send((Msg) msg);
            }

            @Override
            public void done(Object msg) {
                ((Msg) msg).close();
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
