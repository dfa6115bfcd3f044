package io.zmq4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PubSubEnvelopeTest {
    @Test
    void subscriberSeesOnlyTopicBEachAsTwoFrames() throws Exception {
        Captured c = new Captured();
        PubSubEnvelope.run(c.out, 3);
        String text = c.dump();
        List<String> received = c.lines().stream()
                .filter(l -> l.startsWith("subscriber: ["))
                .collect(Collectors.toList());
        assertEquals(3, received.size(), text);
        for (String line : received) {
            assertEquals("subscriber: [B] We would like to see this  (2 frames)", line);
        }
        assertFalse(text.contains("[A]"), text);
        assertTrue(text.contains("subscriber: received 3 envelopes: 3 with topic B, 0 with topic A"), text);
    }
}
