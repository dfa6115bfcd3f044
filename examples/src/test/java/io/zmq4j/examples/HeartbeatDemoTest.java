package io.zmq4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HeartbeatDemoTest {
    @Test
    void frozenPeerIsDroppedByHeartbeatTimeoutAndTheDealerReconnects() throws Exception {
        Captured c = new Captured();
        HeartbeatDemo.run(c.out);
        String text = c.dump();
        List<String> lines = c.lines();
        int handshake = indexOf(lines, "HANDSHAKE_SUCCEEDED", 0);
        int disconnected = indexOf(lines, "DISCONNECTED", handshake + 1);
        int reconnected = indexOf(lines, "HANDSHAKE_SUCCEEDED", disconnected + 1);
        assertTrue(handshake >= 0 && disconnected > handshake && reconnected > disconnected, text);
        assertTrue(lines.get(disconnected).contains("heartbeat timeout"), text);
        assertTrue(text.contains("dealer: reconnected after the heartbeat timeout"), text);
        assertTrue(text.matches("(?s).*frozen peer: accepted [2-9] connections.*"), text);
        assertTrue(text.matches("(?s).*dealer: stats count [1-9]\\d* reconnect\\(s\\).*"), text);
        // Found dead by the heartbeat (at most timeout + interval = 400 ms after the peer went
        // silent), not by TCP, which would never notice: a loose bound for a loaded machine.
        long dead = millis(lines.get(disconnected)) - millis(lines.get(handshake));
        assertTrue(dead >= 300 && dead < 3000, dead + " ms\n" + text);
    }

    @Test
    void theFrozenPeersBytesAreRfc23sGreetingAndReady() {
        byte[] b = HeartbeatDemo.FrozenPeer.handshake();
        assertEquals(94, b.length);
        assertEquals((byte) 0xFF, b[0]);
        assertEquals(0x7F, b[9]);
        assertEquals(3, b[10]);
        assertEquals(1, b[11]);
        assertEquals("NULL", new String(b, 12, 4, StandardCharsets.US_ASCII));
        byte[] ready = {0x04, 28, 5, 'R', 'E', 'A', 'D', 'Y', 11, 'S', 'o', 'c', 'k', 'e', 't', '-', 'T', 'y', 'p', 'e',
            0, 0, 0, 6, 'R', 'O', 'U', 'T', 'E', 'R'};
        assertArrayEquals(ready, java.util.Arrays.copyOfRange(b, 64, 94));
    }

    private static long millis(String eventLine) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("dealer: \\+\\s*(\\d+) ms").matcher(eventLine);
        assertTrue(m.find(), eventLine);
        return Long.parseLong(m.group(1));
    }

    private static int indexOf(List<String> lines, String what, int from) {
        for (int i = Math.max(0, from); i < lines.size(); i++) {
            if (lines.get(i).startsWith("dealer: +") && lines.get(i).contains(" " + what + " ")) {
                return i;
            }
        }
        return -1;
    }
}
