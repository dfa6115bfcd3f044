package io.zmq4j.internal.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zmq4j.SocketType;
import io.zmq4j.internal.socket.Options;
import io.zmq4j.internal.zmtp.Mechanism;
import io.zmq4j.internal.zmtp.ZmtpException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;

/**
 * The NULL, PLAIN and CURVE handshakes, both sides, with a fuzzer in the middle: it passes each
 * command on, damages it, drops it, or sends its own bytes to either side in any state. Each side
 * either completes or throws a {@link ZmtpException} (the documented error; the engine closes the
 * connection and raises the monitor event), never anything else. Once a CURVE handshake is done,
 * a damaged MESSAGE box must be refused, never opened.
 */
class HandshakeFuzzTest {
    private static final String[] MECHANISMS = {"NULL", "PLAIN", "CURVE"};
    private static final byte[][] SERVER_KEYS = CryptoBox.keyPair();
    private static final byte[][] CLIENT_KEYS = CryptoBox.keyPair();
    private static final Map<String, byte[]> OURS = Map.of("Socket-Type", "DEALER".getBytes(StandardCharsets.US_ASCII));

    private static Mechanism create(String mechanism, boolean server) {
        Options o = new Options(SocketType.DEALER);
        o.mechanism = mechanism;
        o.asServer = server;
        if (mechanism.equals("PLAIN") && !server) {
            o.plainUsername = "admin".getBytes(StandardCharsets.US_ASCII);
            o.plainPassword = "secret".getBytes(StandardCharsets.US_ASCII);
        }
        if (mechanism.equals("CURVE")) {
            if (server) {
                o.curveSecret(SERVER_KEYS[1].clone());
            } else {
                o.curveServerKey = SERVER_KEYS[0].clone();
                o.curvePublicKey = CLIENT_KEYS[0].clone();
                o.curveSecret(CLIENT_KEYS[1].clone());
            }
        }
        // no context: no ZAP handler, so the servers let every well-formed client in, as libzmq does
        return Mechanisms.create(o, OURS, "127.0.0.1", null, () -> {});
    }

    @FuzzTest(maxDuration = "30s")
    void handshakeCompletesOrFailsWithAZmtpErrorWhateverArrives(FuzzedDataProvider data) {
        String name = data.pickValue(MECHANISMS);
        Mechanism server = create(name, true);
        Mechanism client = create(name, false);
        ArrayDeque<byte[]> toServer = new ArrayDeque<>();
        ArrayDeque<byte[]> toClient = new ArrayDeque<>();
        boolean serverDone = false;
        boolean clientDone = false;
        try {
            client.start(toServer::add);
            server.start(toClient::add);
            // Without fuzz bytes every choice is 0: the commands pass unharmed, so the empty input is
            // a clean handshake and each mutation departs from a real exchange.
            for (int step = 0; step < 16 && !(serverDone && clientDone); step++) {
                int action = data.consumeInt(0, 4);
                boolean toS;
                if (!toServer.isEmpty() && !toClient.isEmpty()) {
                    toS = !data.consumeBoolean();
                } else if (!toServer.isEmpty() || !toClient.isEmpty()) {
                    toS = !toServer.isEmpty();
                } else if (action == 3) {
                    toS = data.consumeBoolean();
                } else {
                    break; // nothing in flight, nothing injected: the handshake is stuck or done
                }
                ArrayDeque<byte[]> queue = toS ? toServer : toClient;
                byte[] command = tamper(queue.poll(), action, data);
                if (command == null || (toS ? serverDone : clientDone)) {
                    continue; // lost, or for a side past its handshake (the engine takes those)
                }
                boolean done = (toS ? server : client).command(command, (toS ? toClient : toServer)::add);
                if (toS) {
                    serverDone = done;
                } else {
                    clientDone = done;
                }
            }
            if (serverDone) {
                assertNotNull(server.peerProperties(), "a completed handshake has the peer's metadata");
            }
            if (serverDone && clientDone && server.encrypts()) {
                boxesRefuseTampering(client, server, data);
            }
        } catch (ZmtpException e) {
            assertNotNull(e.code());
            assertNotNull(e.getMessage());
        } finally {
            server.close();
            client.close();
        }
    }

    /** The command as it arrives: as sent, damaged, replaced, or none (dropped). */
    private static byte[] tamper(byte[] command, int action, FuzzedDataProvider data) {
        if (command == null || action == 3) {
            return data.consumeBytes(data.consumeInt(0, 300));
        }
        switch (action) {
            case 1: { // one byte changed
                byte[] c = command.clone();
                if (c.length > 0) {
                    c[data.consumeInt(0, c.length - 1)] ^= (byte) data.consumeInt(1, 255);
                }
                return c;
            }
            case 2: // cut short
                return Arrays.copyOf(command, data.consumeInt(0, command.length));
            case 4: // lost
                return null;
            default:
                return command;
        }
    }

    private static void boxesRefuseTampering(Mechanism client, Mechanism server, FuzzedDataProvider data) {
        byte[] frame = data.consumeBytes(data.consumeInt(0, 200));
        int flags = data.consumeInt(0, 3);
        byte[] box = client.encode(frame, flags);
        byte[] damaged = box.clone();
        int at = data.consumeInt(0, damaged.length - 1);
        damaged[at] ^= (byte) data.consumeInt(1, 255);
        try {
            server.decode(damaged);
            fail("a MESSAGE box with byte " + at + " changed was opened");
        } catch (ZmtpException expected) {
            // refused, as it must be
        }
        try {
            // the real box still opens: a refused forgery does not disturb the connection's nonces
            byte[] opened = server.decode(box);
            assertTrue(opened.length == frame.length + 1);
            assertArrayEquals(frame, Arrays.copyOfRange(opened, 1, opened.length));
        } catch (ZmtpException e) {
            fail("the genuine box after a forgery was refused: " + e.getMessage());
        }
    }
}
