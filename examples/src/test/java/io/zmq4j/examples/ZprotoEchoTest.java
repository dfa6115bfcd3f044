package io.zmq4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Msg;
import io.zmq4j.examples.proto.EchoMsg;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ZprotoEchoTest {
    @Test
    void clientGetsTheServersReplies() throws Exception {
        Captured c = new Captured();
        ZprotoEcho.run(c.out, 3);
        String text = c.dump();
        assertTrue(text.contains("client: got  WELCOME{"), text);
        assertTrue(text.contains("Welcome, ada (protocol version 1)"), text);
        for (int i = 1; i <= 3; i++) {
            assertTrue(text.contains("client: echo " + i + " payload \"payload " + i + "\" came back"), text);
        }
        assertTrue(text.contains("client: got  GOODBYE OK{echoes=3}"), text);
        assertTrue(text.contains("server: got  HELLO{"), text);
        assertTrue(text.trim().endsWith("done"), text);
    }

    @Test
    void theGeneratedCodecPutsZprotosLayoutOnTheWire() {
        EchoMsg.Hello hello = EchoMsg.Hello.builder().name("ada").capabilities(List.of("x")).headers(Map.of()).build();
        Msg m = hello.encode();
        assertEquals(1, m.size());
        byte[] expected = {
            (byte) 0xAA, (byte) 0xA5,      // signature 0xAAA0 | 5
            1,                             // HELLO
            1,                             // version constant
            3, 'a', 'd', 'a',              // string
            0, 0, 0, 1, 0, 0, 0, 1, 'x',   // strings: count, then longstr
            0, 0, 0, 0,                    // empty hash
        };
        assertArrayEquals(expected, m.frame(0));
        assertEquals(hello, EchoMsg.decode(m));

        EchoMsg.EchoOk ok = EchoMsg.EchoOk.builder().sequence(7).payload(new byte[] {9}).serverTime(1)
                .trailer(new byte[] {42}).build();
        Msg routed = ok.withRoutingId(new byte[] {0, 1}).encode(true);
        assertEquals(3, routed.size(), "routing id, body, trailer frame");
        assertArrayEquals(new byte[] {42}, routed.frame(2));
        assertEquals(ok.withRoutingId(new byte[] {0, 1}), EchoMsg.decode(routed, true));
    }
}
