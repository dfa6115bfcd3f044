package io.zmq4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RouterDealerEchoTest {
    @Test
    void everyRequestIsEchoedBackToTheDealer() throws Exception {
        Captured c = new Captured();
        RouterDealerEcho.run(c.out, 3);
        String text = c.dump();
        assertTrue(text.matches("(?s)server: ROUTER bound to tcp://127\\.0\\.0\\.1:\\d+\\R.*"), text);
        for (int i = 1; i <= 3; i++) {
            assertTrue(c.lines().contains("client: sent \"hello " + i + "\""), text);
            assertTrue(c.lines().contains("client: reply \"hello " + i + "\""), text);
            assertTrue(text.contains("got \"hello " + i + "\", echoing it back"), text);
        }
        assertEquals("done: 3 round trips", c.lines().get(c.lines().size() - 1));
    }

    @Test
    void repliesArriveInOrder() throws Exception {
        Captured c = new Captured();
        RouterDealerEcho.run(c.out, 20);
        int expected = 1;
        for (String line : c.lines()) {
            if (line.startsWith("client: reply")) {
                assertEquals("client: reply \"hello " + expected + "\"", line);
                expected++;
            }
        }
        assertEquals(21, expected, c.dump());
    }
}
