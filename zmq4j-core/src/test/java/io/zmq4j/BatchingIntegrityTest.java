package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engines pack many messages into one write and decode many from one read, so frame and
 * message boundaries fall anywhere in a buffer, and a large frame spans several. A burst of
 * random multipart messages (empty frames, 1-byte and 8-byte size headers, bodies larger than
 * the engine's buffers) must arrive byte for byte, in order, on every transport.
 */
@Timeout(60)
class BatchingIntegrityTest {
    private final Context ctx = Context.create();

    @AfterEach
    void close() {
        ctx.close();
    }

    private static List<Msg> randomMessages(long seed, int count) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Msg> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int frames = 1 + rnd.nextInt(5);
            byte[][] f = new byte[frames][];
            for (int j = 0; j < frames; j++) {
                int kind = rnd.nextInt(20);
                int size = kind == 0 ? 0
                        : kind < 12 ? rnd.nextInt(1, 256)         // 1-byte size header
                        : kind < 19 ? rnd.nextInt(256, 4096)      // 8-byte size header
                        : rnd.nextInt(16 * 1024, 70 * 1024);      // spans engine buffers
                f[j] = new byte[size];
                for (int k = 0; k < size; k++) {
                    f[j][k] = (byte) rnd.nextInt();
                }
            }
            out.add(Msg.of(f));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc", "inproc"})
    void aBurstOfRandomMultipartMessagesArrivesIntactAndInOrder(String transport) throws Exception {
        List<Msg> sent = randomMessages(transport.hashCode(), 3000);
        try (Socket pull = ctx.socket(SocketType.PULL).setReceiveTimeout(Duration.ofSeconds(20));
             Socket push = ctx.socket(SocketType.PUSH).setLinger(Duration.ofSeconds(20))) {
            String ep = pull.bind(TestEndpoints.bindable(transport));
            push.connect(ep);
            Thread sender = new Thread(() -> sent.forEach(push::send));
            sender.start();
            for (int i = 0; i < sent.size(); i++) {
                Msg got = pull.recv();
                assertNotNull(got, "message " + i + " of " + sent.size() + " never came");
                Msg want = sent.get(i);
                assertEquals(want.size(), got.size(), "frames in message " + i);
                for (int j = 0; j < want.size(); j++) {
                    assertArrayEquals(want.frame(j), got.frame(j), "message " + i + " frame " + j);
                }
            }
            sender.join();
        }
    }
}
