package io.zmq4j.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.codegen.example.TelemetryMsg;
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
        List<String> tags = new ArrayList<>(List.of("a"));
        TelemetryMsg.Sample b = TelemetryMsg.Sample.builder().key(key).build();
        key[0] = 9;
        assertEquals(1, b.key()[0], "builder copied the array");
        b.key()[1] = 9;
        assertEquals(2, b.key()[1], "accessor hands out a copy");
        TelemetryMsg.Labels s = TelemetryMsg.Labels.builder().tags(tags).build();
        tags.add("b");
        assertEquals(List.of("a"), s.tags());
        assertThrows(UnsupportedOperationException.class, () -> s.tags().add("c"));
    }

    @Test
    void toStringIsReadable() {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("k", "v");
        assertEquals("LABELS{sequence=7, tags=[x, y], attributes={k=v}}", TelemetryMsg.Labels.builder()
                .sequence(7).tags(List.of("x", "y")).attributes(attributes).build().toString());
        String reading = TelemetryMsg.Reading.builder().timestamp(-1L).source("h").build().toString();
        assertTrue(reading.contains("version=2"), reading);
        assertTrue(reading.contains("timestamp=18446744073709551615"), "8-byte numbers print unsigned: " + reading);
        assertTrue(reading.contains("source=\"h\""), reading);
        assertTrue(TelemetryMsg.Sample.builder().origin(new byte[] {(byte) 0xab}).build().toString()
                .contains("origin=ab"));
    }

    @Test
    void builderStartsFromTheModelsDefaults() {
        TelemetryMsg.Hello hello = TelemetryMsg.Hello.builder().build();
        assertEquals("unnamed", hello.name());
        assertEquals(1000L, hello.interval());
        assertEquals("ada", hello.toBuilder().name("ada").build().name());
    }

    @Test
    void toBuilderChangesOneFieldAndKeepsTheRest() {
        TelemetryMsg.Reading a = TelemetryMsg.Reading.builder().channel(1).source("x").build();
        TelemetryMsg.Reading b = a.toBuilder().channel(2).build();
        assertEquals("x", b.source());
        assertEquals(2, b.channel());
        assertNotEquals(a, b);
        assertEquals(a, b.toBuilder().channel(1).build());
    }

    @Test
    void messagesSwitchOnTheSealedInterface() {
        TelemetryMsg.Message m = TelemetryMsg.decode(TelemetryMsg.Labels.builder().build().encode());
        String kind;
        if (m instanceof TelemetryMsg.Reading) {
            kind = "reading";
        } else if (m instanceof TelemetryMsg.Labels) {
            kind = "labels";
        } else {
            kind = "other";
        }
        assertEquals("labels", kind);
        assertEquals(TelemetryMsg.Labels.ID, m.messageId());
        assertEquals("LABELS", m.messageName());
        assertEquals(2, TelemetryMsg.VERSION, "defines become constants");
        assertEquals(64, TelemetryMsg.MAX_CHANNELS, "a define's name with a space becomes one constant");
        assertEquals(0xAAA7, TelemetryMsg.SIGNATURE);
    }

    @Test
    void routerReplyGoesBackToTheSenderThroughTheSocketView() {
        ArrayQueueSocket router = new ArrayQueueSocket(true);
        TelemetryMsg.Reading hello = TelemetryMsg.Reading.builder().source("client").build();
        router.inbound.add(hello.encode().prepend(new byte[] {7, 7}));
        TelemetryMsg.Message in = TelemetryMsg.recv(router);
        assertArrayEquals(new byte[] {7, 7}, in.routingId());
        TelemetryMsg.Reading reply = TelemetryMsg.Reading.builder().source("server").build().withRoutingId(in.routingId());
        reply.send(router);
        assertArrayEquals(new byte[] {7, 7}, router.outbound.get(0).frame(0));
        assertEquals(reply, TelemetryMsg.decode(router.outbound.get(0), true));

        ArrayQueueSocket dealer = new ArrayQueueSocket(false);
        reply.send(dealer);
        assertEquals(1, dealer.outbound.get(0).size(), "no routing id frame off a ROUTER");
    }
}
