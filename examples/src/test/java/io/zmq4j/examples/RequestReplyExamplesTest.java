package io.zmq4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.CurveKeyPair;
import io.zmq4j.Event;
import io.zmq4j.ZmqException;
import io.zmq4j.config.ConfigFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The libzmq-rs guide's three request-reply examples, in Java. */
@Timeout(60)
class RequestReplyExamplesTest {
    @Test
    void basicServerAnswersEveryPingAndItsLoopEndsWithEtermWhenTheContextShutsDown() throws Exception {
        Captured c = new Captured();
        assertEquals(ZmqException.Kind.ETERM, BasicRequestReply.run(c.out, 5));
        assertEquals(5, c.lines().stream().filter("client: pong"::equals).count(), c::dump);
        assertTrue(c.lines().contains("server: ETERM, stopping"), c::dump);
    }

    @Test
    void reliableServerDropsTheReplyItCannotRouteAndServesTheNextClient() throws Exception {
        Captured c = new Captured();
        ReliableRequestReply.Outcome o = ReliableRequestReply.run(c.out);
        String text = c.dump();
        assertTrue(o.impatientClientGotNothing(), text);
        assertEquals(1, o.dropped(), text);
        assertTrue(text.contains("server: dropped a reply (EHOSTUNREACH), serving on"), text);
        assertEquals("pong", o.patientClientGot(), text);
        assertEquals(1, o.replied(), text);
    }

    @Test
    void secureClientInTheRegistryGetsItsPong() throws Exception {
        Captured c = new Captured();
        SecureRequestReply.Outcome o = SecureRequestReply.run(c.out, SecureRequestReply.bundled());
        assertEquals(Event.HANDSHAKE_SUCCEEDED, o.handshake(), c::dump);
        assertEquals("pong", o.reply(), c::dump);
    }

    @Test
    void secureClientNotInTheRegistryIsRefusedWithHandshakeFailedAuthAndDeliversNothing() throws Exception {
        String yaml = SecureRequestReply.bundledText();
        ConfigFile good = ConfigFile.parseYaml(yaml, "secure.yml");
        CurveKeyPair registered = good.socket("client").builder(io.zmq4j.SocketType.CLIENT).get(io.zmq4j.SocketOption.MECHANISM).keyPair();
        CurveKeyPair stranger = CurveKeyPair.generate();
        // the same file with only the client's own keys changed: the registry does not know them
        String strangerYaml = yaml.replace("public: \"" + registered.publicZ85() + "\"", "public: \"" + stranger.publicZ85() + "\"")
                .replace("secret: \"" + registered.secretZ85() + "\"", "secret: \"" + stranger.secretZ85() + "\"");
        ConfigFile bad = ConfigFile.parseYaml(strangerYaml, "stranger.yml");
        assertEquals(stranger.publicZ85(),
                bad.socket("client").builder(io.zmq4j.SocketType.CLIENT).get(io.zmq4j.SocketOption.MECHANISM).keyPair().publicZ85());
        Captured c = new Captured();
        SecureRequestReply.Outcome o = SecureRequestReply.run(c.out, bad);
        assertEquals(Event.HANDSHAKE_FAILED_AUTH, o.handshake(), c::dump);
        assertNull(o.delivered(), c::dump);
        assertNull(o.reply(), c::dump);
    }
}
