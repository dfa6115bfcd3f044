package io.zmq4j.internal.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zmq4j.Msg;
import io.zmq4j.internal.zmtp.ZmtpException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The small readers of security input that a peer, a handler or a file controls: Z85 text and
 * ZAP replies. Each either returns a value that round-trips or refuses with its documented
 * error ({@link IllegalArgumentException} for Z85, surfaced as EINVAL by the options;
 * {@link ZmtpException} for ZAP, which fails the handshake as libzmq does).
 */
class SecurityInputFuzzTest {
    private static final Set<String> STATUSES = Set.of("200", "300", "400", "500");

    @FuzzTest(maxDuration = "30s")
    void z85DecodesOnlyWhatItCanEncodeBack(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        byte[] decoded;
        try {
            decoded = Z85.decode(text);
        } catch (IllegalArgumentException refused) {
            assertNotNull(refused.getMessage());
            return;
        }
        assertEquals(text.length() / 5 * 4, decoded.length);
        assertEquals(text, Z85.encode(decoded), "Z85 text decoded to bytes that encode differently");
    }

    @FuzzTest(maxDuration = "30s")
    void z85KeyIsThirtyTwoBytesOrRefused(byte[] input) {
        try {
            byte[] key = Z85.key(input, "CURVE_SERVERKEY");
            assertEquals(32, key.length);
            if (input.length == 32) {
                assertArrayEquals(input, key);
            }
        } catch (IllegalArgumentException refused) {
            assertNotNull(refused.getMessage());
        }
    }

    @FuzzTest(maxDuration = "30s")
    void zapReplyIsAcceptedOnlyWhenWellFormed(FuzzedDataProvider data) {
        List<byte[]> frames = new ArrayList<>();
        int count = data.consumeInt(1, 9); // a message has at least one frame
        for (int i = 0; i < count; i++) {
            frames.add(data.consumeBytes(data.consumeInt(0, 64)));
        }
        Zap.Reply reply;
        try {
            reply = Zap.parseReply(Msg.of(frames));
        } catch (ZmtpException refused) {
            assertEquals(ZmtpException.Code.AUTH_FAILED, refused.code());
            return;
        }
        assertEquals(7, frames.size());
        assertEquals(0, frames.get(0).length);
        assertEquals("1.0", new String(frames.get(1), StandardCharsets.UTF_8));
        assertTrue(STATUSES.contains(reply.status), "accepted status " + reply.status);
        assertNotNull(reply.metadata);
    }
}
