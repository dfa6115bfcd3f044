package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Certificate files as CZMQ writes them, and anything else a file can hold: reading either
 * gives a certificate that writes back to an equal one, or an {@link IOException} naming the
 * file. Never another exception, never a half-read certificate.
 */
class CertificateFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void certificateTextIsReadWhollyOrRefusedWithTheFileNamed(byte[] input) throws IOException {
        String text = new String(input, StandardCharsets.UTF_8);
        Certificate c;
        try {
            c = Certificate.parse(text, "fuzz.cert");
        } catch (IOException refused) {
            assertTrue(refused.getMessage().startsWith("fuzz.cert:"), refused.getMessage());
            return;
        }
        assertNotNull(c.publicZ85());
        boolean secret = c.secretZ85() != null;
        assertEquals(c, Certificate.parse(c.render(secret), "rendered"), "a certificate read back differently from how it was written");
    }
}
