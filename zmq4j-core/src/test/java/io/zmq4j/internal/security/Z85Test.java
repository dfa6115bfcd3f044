package io.zmq4j.internal.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Z85Test {
    @Test
    void rfc32TestVector() {
        byte[] data = {(byte) 0x86, 0x4F, (byte) 0xD2, 0x6F, (byte) 0xB5, 0x59, (byte) 0xF7, 0x5B};
        assertEquals("HelloWorld", Z85.encode(data));
        assertArrayEquals(data, Z85.decode("HelloWorld"));
    }

    @Test
    void libzmqCurveTestKeysRoundTrip() {
        // the server public key from libzmq's CURVE examples (zmq_curve(7))
        String pub = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";
        byte[] raw = Z85.decode(pub);
        assertEquals(32, raw.length);
        assertEquals(pub, Z85.encode(raw));
    }

    @Test
    void randomRoundTrips() {
        Random r = new Random(7);
        for (int i = 0; i < 1000; i++) {
            byte[] b = new byte[4 * r.nextInt(20)];
            r.nextBytes(b);
            String s = Z85.encode(b);
            assertEquals(b.length / 4 * 5, s.length());
            assertArrayEquals(b, Z85.decode(s));
        }
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> Z85.encode(new byte[3]));
        assertThrows(IllegalArgumentException.class, () -> Z85.decode("Hello"  + "Worl"));
        assertThrows(IllegalArgumentException.class, () -> Z85.decode("Hell\"World".substring(0, 10)));
        assertThrows(IllegalArgumentException.class, () -> Z85.decode("#####")); // above 2^32
    }
}
