package io.zmq4j.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.codegen.example.ZprotoExample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shape of generated code as a user meets it: builders, immutability, printing, sockets. */
class GeneratedApiTest {

    @Test
    void valuesAreImmutableEvenWhenInputsChange() {
        byte[] key = {1, 2, 3};
        List<String> aliases = new ArrayList<>(List.of("a"));
        ZprotoExample.Binary b = ZprotoExample.Binary.builder().publicKey(key).build();
        key[0] = 9;
        assertEquals(1, b.publicKey()[0], "builder copied the array");
        b.publicKey()[1] = 9;
        assertEquals(2, b.publicKey()[1], "accessor hands out a copy");
        ZprotoExample.Structures s = ZprotoExample.Structures.builder().aliases(aliases).build();
        aliases.add("b");
        assertEquals(List.of("a"), s.aliases());
        assertThrows(UnsupportedOperationException.class, () -> s.aliases().add("c"));
    }

    @Test
    void toStringIsReadable() {
        Map<String, String> headers = new HashMap<>();
        headers.put("k", "v");
        assertEquals("STRUCTURES{sequence=7, aliases=[x, y], headers={k=v}}", ZprotoExample.Structures.builder()
                .sequence(7).aliases(List.of("x", "y")).headers(headers).build().toString());
        String log = ZprotoExample.Log.builder().time(-1L).host("h").build().toString();
        assertTrue(log.contains("version=3"), log);
        assertTrue(log.contains("time=18446744073709551615"), "8-byte numbers print unsigned: " + log);
        assertTrue(log.contains("host=\"h\""), log);
        assertTrue(ZprotoExample.Binary.builder().address(new byte[] {(byte) 0xab}).build().toString()
                .contains("address=ab"));
    }

    @Test
    void toBuilderChangesOneFieldAndKeepsTheRest() {
        ZprotoExample.Log a = ZprotoExample.Log.builder().level(1).host("x").build();
        ZprotoExample.Log b = a.toBuilder().level(2).build();
        assertEquals("x", b.host());
        assertEquals(2, b.level());
        assertNotEquals(a, b);
        assertEquals(a, b.toBuilder().level(1).build());
    }

    @Test
    void messagesSwitchOnTheSealedInterface() {
        ZprotoExample.Message m = ZprotoExample.decode(ZprotoExample.Structures.builder().build().encode());
        String kind;
        if (m instanceof ZprotoExample.Log) {
            kind = "log";
        } else if (m instanceof ZprotoExample.Structures) {
            kind = "structures";
        } else {
            kind = "other";
        }
        assertEquals("structures", kind);
        assertEquals(ZprotoExample.Structures.ID, m.messageId());
        assertEquals("STRUCTURES", m.messageName());
        assertEquals(1, ZprotoExample.VERSION, "defines become constants");
        assertEquals(0xAAA0, ZprotoExample.SIGNATURE);
    }

    @Test
    void routerReplyGoesBackToTheSenderThroughTheSocketView() {
        ArrayQueueSocket router = new ArrayQueueSocket(true);
        ZprotoExample.Log hello = ZprotoExample.Log.builder().host("client").build();
        router.inbound.add(hello.encode().prepend(new byte[] {7, 7}));
        ZprotoExample.Message in = ZprotoExample.recv(router);
        assertArrayEquals(new byte[] {7, 7}, in.routingId());
        ZprotoExample.Log reply = ZprotoExample.Log.builder().host("server").build().withRoutingId(in.routingId());
        reply.send(router);
        assertArrayEquals(new byte[] {7, 7}, router.outbound.get(0).frame(0));
        assertEquals(reply, ZprotoExample.decode(router.outbound.get(0), true));

        ArrayQueueSocket dealer = new ArrayQueueSocket(false);
        reply.send(dealer);
        assertEquals(1, dealer.outbound.get(0).size(), "no routing id frame off a ROUTER");
    }
}
