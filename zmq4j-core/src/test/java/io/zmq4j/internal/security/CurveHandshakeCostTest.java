package io.zmq4j.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.SocketType;
import io.zmq4j.internal.socket.Options;
import io.zmq4j.internal.zmtp.Mechanism;
import io.zmq4j.internal.zmtp.ZmtpException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a CURVE handshake costs each side in X25519 multiplications, the bulk of its CPU (about
 * 69 µs each for another point, 27 µs for the base point, compiled). libsodium's crypto_box opens
 * and seals with a key it computes each time; we compute HELLO's and WELCOME's shared key once,
 * derive the long-term public key once per socket, and make the server's transient key only for
 * a HELLO that opened.
 */
class CurveHandshakeCostTest {
    private static final byte[][] SERVER_KEYS = CryptoBox.keyPair();
    private static final byte[][] CLIENT_KEYS = CryptoBox.keyPair();
    private static final Map<String, byte[]> OURS = Map.of("Socket-Type", "DEALER".getBytes(StandardCharsets.US_ASCII));

    /** A server socket's options; setting the secret key derives its public key, once per socket. */
    private static Options serverOptions() {
        Options o = new Options(SocketType.DEALER);
        o.mechanism = "CURVE";
        o.asServer = true;
        o.curveSecret(SERVER_KEYS[1].clone());
        return o;
    }

    private static Options clientOptions(byte[] serverKey) {
        Options o = new Options(SocketType.DEALER);
        o.mechanism = "CURVE";
        o.curveServerKey = serverKey;
        o.curvePublicKey = CLIENT_KEYS[0].clone();
        o.curveSecret(CLIENT_KEYS[1].clone());
        return o;
    }

    /** One connection's mechanism. */
    private static Mechanism connection(Options o) {
        return Mechanisms.create(o, OURS, "127.0.0.1", null, () -> {});
    }

    /** Base-point and other-point multiplications since {@code from} ({base, point}). */
    private static long[] since(long[] from) {
        return new long[] {CryptoBox.baseMults() - from[0], CryptoBox.pointMults() - from[1]};
    }

    private static long[] now() {
        return new long[] {CryptoBox.baseMults(), CryptoBox.pointMults()};
    }

    @Test
    void eachSidesHandshakeTakesOneKeyAndThreeSharedSecrets() throws ZmtpException {
        Mechanism server = connection(serverOptions());
        Options co = clientOptions(SERVER_KEYS[0].clone());
        long[] c0 = now();
        Mechanism client = connection(co);
        ArrayDeque<byte[]> toServer = new ArrayDeque<>();
        ArrayDeque<byte[]> toClient = new ArrayDeque<>();
        client.start(toServer::add);
        long[] clientCost = since(c0);
        long[] s0 = now();
        server.start(toClient::add);
        assertFalse(server.command(toServer.poll(), toClient::add), "HELLO");
        long[] serverCost = since(s0);
        c0 = now();
        assertFalse(client.command(toClient.poll(), toServer::add), "WELCOME");
        long[] more = since(c0);
        clientCost[0] += more[0];
        clientCost[1] += more[1];
        s0 = now();
        assertTrue(server.command(toServer.poll(), toClient::add), "INITIATE: no ZAP handler, so READY");
        more = since(s0);
        serverCost[0] += more[0];
        serverCost[1] += more[1];
        assertTrue(client.command(toClient.poll(), toServer::add), "READY");
        // server: its transient key; HELLO's and WELCOME's key, INITIATE's, the vouch's
        assertEquals(1, serverCost[0], "server: base-point multiplications");
        assertEquals(3, serverCost[1], "server: shared secrets");
        // client: its transient key; HELLO's and WELCOME's key, the vouch's, INITIATE's
        assertEquals(1, clientCost[0], "client: base-point multiplications");
        assertEquals(3, clientCost[1], "client: shared secrets");
        byte[] box = client.encode("after the handshake".getBytes(StandardCharsets.US_ASCII), 0);
        byte[] opened = server.decode(box); // the flags byte, then the frame
        assertEquals("after the handshake", new String(opened, 1, opened.length - 1, StandardCharsets.US_ASCII));
        server.close();
        client.close();
    }

    @Test
    void aConnectionThatNeverSaysHelloCostsTheServerNoMultiplication() throws ZmtpException {
        Options so = serverOptions();
        long[] s0 = now();
        Mechanism server = connection(so);
        server.start(b -> { });
        server.close();
        long[] cost = since(s0);
        assertEquals(0, cost[0], "base-point multiplications");
        assertEquals(0, cost[1], "shared secrets");
    }

    @Test
    void aDegenerateServerKeyFailsTheClientsHandshakeAsAKeyExchangeError() {
        Mechanism client = connection(clientOptions(new byte[32])); // u = 0: every shared secret is zero
        try {
            ZmtpException e = org.junit.jupiter.api.Assertions.assertThrows(ZmtpException.class, () -> client.start(b -> { }));
            assertEquals(ZmtpException.Code.KEY_EXCHANGE, e.code());
        } finally {
            client.close();
        }
    }

    @Test
    void aHelloForAnotherServerKeyCostsOneSharedSecretAndNoKey() {
        Mechanism server = connection(serverOptions());
        Mechanism client = connection(clientOptions(CryptoBox.keyPair()[0])); // not this server's key
        ArrayDeque<byte[]> toServer = new ArrayDeque<>();
        try {
            client.start(toServer::add);
            long[] s0 = now();
            ZmtpException e = org.junit.jupiter.api.Assertions.assertThrows(ZmtpException.class,
                    () -> server.command(toServer.poll(), b -> { }));
            assertEquals(ZmtpException.Code.CRYPTOGRAPHIC, e.code());
            long[] cost = since(s0);
            assertEquals(0, cost[0], "no transient key for a HELLO that did not open");
            assertEquals(1, cost[1], "shared secrets");
        } catch (ZmtpException e) {
            throw new AssertionError(e);
        } finally {
            server.close();
            client.close();
        }
    }
}
