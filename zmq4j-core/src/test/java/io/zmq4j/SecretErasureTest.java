package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A socket's own copy of its CURVE secret key and PLAIN password is overwritten once the socket
 * is closed and nothing of it can connect again (engines erase their copies as they close).
 */
@Timeout(20)
class SecretErasureTest {
    private static boolean erasedWithin(byte[] secret, Duration d) throws InterruptedException {
        long until = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < until) {
            boolean zero = true;
            for (byte b : secret) {
                zero &= b == 0;
            }
            if (zero) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    @Test
    void aClosedCurveSocketForgetsItsSecretKeyOnceItsConnectionsAreDone() throws Exception {
        CurveKeyPair serverKeys = CurveKeyPair.generate();
        CurveKeyPair clientKeys = CurveKeyPair.generate();
        try (Context ctx = Context.create()) {
            Socket server = ctx.socket(SocketType.PULL).setCurveServer(true).setCurveSecretKey(serverKeys.secretKey());
            Socket client = ctx.socket(SocketType.PUSH).setCurveServerKey(serverKeys.publicKey())
                    .setCurvePublicKey(clientKeys.publicKey()).setCurveSecretKey(clientKeys.secretKey())
                    .setLinger(Duration.ofSeconds(5));
            client.connect(server.bind("tcp://127.0.0.1:*"));
            client.send(Msg.of("over curve"));
            assertEquals("over curve", server.recv(Duration.ofSeconds(5)).string(0));
            byte[] clientSecret = client.base().options().curveSecretKey;
            byte[] serverSecret = server.base().options().curveSecretKey;
            assertTrue(Arrays.equals(clientKeys.secretKey(), clientSecret), "the socket holds the key while open");
            client.close();
            assertTrue(erasedWithin(clientSecret, Duration.ofSeconds(10)), "client key still there after close and linger");
            server.close();
            assertTrue(erasedWithin(serverSecret, Duration.ofSeconds(10)), "server key still there after close");
            assertTrue(!Arrays.equals(new byte[32], clientKeys.secretKey()), "the caller's own array is not touched");
        }
    }

    @Test
    void aClosedPlainClientForgetsItsPassword() throws Exception {
        try (Context ctx = Context.create()) {
            Socket server = ctx.socket(SocketType.PULL).setPlainServer(true);
            Socket client = ctx.socket(SocketType.PUSH).setPlainCredentials("admin", "secret");
            client.connect(server.bind("tcp://127.0.0.1:*"));
            client.send(Msg.of("over plain"));
            assertEquals("over plain", server.recv(Duration.ofSeconds(5)).string(0));
            byte[] password = client.base().options().plainPassword;
            client.close();
            assertTrue(erasedWithin(password, Duration.ofSeconds(10)), "password still there after close");
            server.close();
        }
    }
}
