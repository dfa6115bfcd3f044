package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

@Timeout(30)
class SocketBuilderTest {
    private final Context ctx = Context.create();

    @AfterEach
    void close() {
        ctx.close();
    }

    private static ZmqException assertFieldError(Executable call, ZmqException.Kind kind, String field, String... mentions) {
        ZmqException e = assertThrows(ZmqException.class, call);
        assertEquals(kind, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("field " + field + ":"), "'" + e.getMessage() + "' should name field " + field);
        for (String m : mentions) {
            assertTrue(e.getMessage().contains(m), "'" + e.getMessage() + "' should mention " + m);
        }
        return e;
    }

    @Test
    void aServerAndClientBuiltInOneExpressionEachTalk() {
        try (Socket server = ctx.socketBuilder(SocketType.SERVER).bind("inproc://builder-ping").receiveTimeout(Duration.ofSeconds(5))
                .heartbeat(Heartbeat.of(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(3))).build();
             Socket client = ctx.socketBuilder(SocketType.CLIENT).connect("inproc://builder-ping").sendTimeout(Duration.ofMillis(300))
                     .receiveTimeout(Duration.ofSeconds(5)).build()) {
            client.send(Msg.of("ping"));
            Msg request = server.recv();
            assertEquals("ping", request.string(1));
            server.send(Msg.of(request.routingId(), "pong".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertEquals("pong", client.recv().string(0));
        }
    }

    @Test
    void everyOptionGivenToABuilderIsWhatTheBuiltSocketHas() {
        Map<SocketOption<?>, OptionSamples.Sample> samples = OptionSamples.all();
        assertEquals(Set.copyOf(SocketOption.all()), samples.keySet(), "every option needs a sample");
        for (Map.Entry<SocketOption<?>, OptionSamples.Sample> e : samples.entrySet()) {
            SocketBuilder b = OptionSamples.with(ctx.socketBuilder(e.getValue().type()), e.getKey(), e.getValue().value());
            try (Socket s = b.build()) {
                assertTrue(Objects.deepEquals(e.getValue().value(), s.get(e.getKey())),
                        e.getKey() + ": set " + e.getValue().value() + ", socket has " + s.get(e.getKey()));
                assertTrue(Objects.deepEquals(e.getValue().value(), b.get(e.getKey())), e.getKey() + " reads back from the builder");
            }
        }
    }

    @Test
    void everyPublicSetterOfSocketHasAnOptionKey() {
        // setter name -> option names it is reached by; a new setter without a key fails here
        Map<String, String> reached = Map.ofEntries(Map.entry("setSendHwm", "send_high_water_mark"),
                Map.entry("setReceiveHwm", "recv_high_water_mark"), Map.entry("setHwm", "send_high_water_mark"),
                Map.entry("setLinger", "linger"), Map.entry("setSendTimeout", "send_timeout"),
                Map.entry("setReceiveTimeout", "recv_timeout"), Map.entry("setRoutingId", "routing_id"),
                Map.entry("setConnectRoutingId", "connect_routing_id"), Map.entry("setRouterMandatory", "router_mandatory"),
                Map.entry("setRouterHandover", "router_handover"), Map.entry("setProbeRouter", "probe_router"),
                Map.entry("setReqCorrelate", "req_correlate"), Map.entry("setReqRelaxed", "req_relaxed"),
                Map.entry("setReconnectInterval", "reconnect_interval"), Map.entry("setReconnectIntervalMax", "reconnect_interval_max"),
                Map.entry("setBacklog", "backlog"), Map.entry("setMaxMsgSize", "max_msg_size"),
                Map.entry("setTcpKeepalive", "tcp_keepalive"), Map.entry("setTcpKeepaliveParameters", "tcp_keepalive_idle"),
                Map.entry("setImmediate", "immediate"), Map.entry("setHandshakeInterval", "handshake_interval"),
                Map.entry("setHeartbeat", "heartbeat"), Map.entry("setHeartbeatTtl", "heartbeat"),
                Map.entry("setConnectTimeout", "connect_timeout"), Map.entry("setReconnectStop", "reconnect_stop"),
                Map.entry("setStreamNotify", "stream_notify"), Map.entry("setConflate", "conflate"),
                Map.entry("setXpubVerbose", "xpub_verbose"), Map.entry("setXpubVerboser", "xpub_verboser"),
                Map.entry("setXpubManual", "xpub_manual"), Map.entry("setXpubManualLastValue", "xpub_manual_last_value"),
                Map.entry("setXpubWelcomeMessage", "xpub_welcome_message"), Map.entry("setXpubNoDrop", "xpub_nodrop"),
                Map.entry("setInvertMatching", "invert_matching"), Map.entry("setOnlyFirstSubscribe", "only_first_subscribe"),
                Map.entry("setPlainServer", "mechanism"), Map.entry("setPlainCredentials", "mechanism"),
                Map.entry("setCurveServer", "mechanism"), Map.entry("setCurveServerKey", "mechanism"),
                Map.entry("setCurvePublicKey", "mechanism"), Map.entry("setCurveSecretKey", "mechanism"),
                Map.entry("setZapDomain", "zap_domain"), Map.entry("setMulticastHops", "multicast_hops"),
                Map.entry("setMulticastLoop", "multicast_loop"), Map.entry("setWssCertPem", "wss_cert_pem"),
                Map.entry("setWssKeyPem", "wss_key_pem"), Map.entry("setWssTrustPem", "wss_trust_pem"));
        Set<String> setters = new TreeSet<>();
        for (Method m : Socket.class.getMethods()) {
            if (m.getName().startsWith("set") && m.getName().length() > 3 && !Modifier.isStatic(m.getModifiers())) {
                setters.add(m.getName());
            }
        }
        assertEquals(new TreeSet<>(reached.keySet()), setters, "Socket's setters and the table of option keys differ");
        Set<String> names = SocketOption.all().stream().map(SocketOption::name).collect(Collectors.toSet());
        for (String option : reached.values()) {
            assertNotNull(SocketOption.named(option), option);
            assertTrue(names.contains(option), option);
        }
    }

    @Test
    void aBuilderIsAnImmutableTemplate() {
        SocketBuilder base = SocketBuilder.of(SocketType.DEALER).sendHwm(5);
        SocketBuilder a = base.routingId("a").connect("inproc://x");
        SocketBuilder b = base.routingId("b");
        assertEquals(5, base.get(SocketOption.SEND_HWM));
        assertEquals(null, base.get(SocketOption.ROUTING_ID));
        assertEquals(Set.of(), Set.copyOf(base.connects()));
        assertArrayEquals("a".getBytes(), a.get(SocketOption.ROUTING_ID));
        assertArrayEquals("b".getBytes(), b.get(SocketOption.ROUTING_ID));
        assertNotEquals(a, b);
        assertEquals(base.routingId("b"), b, "value equality, byte options by content");
    }

    @Test
    void aBadValueFailsAtBuildNamingTheField() {
        SocketBuilder ttl = ctx.socketBuilder(SocketType.DEALER).heartbeat(Heartbeat.of(Duration.ofSeconds(1)).ttl(Duration.ofHours(2)));
        assertFieldError(ttl::build, ZmqException.Kind.EINVAL, "heartbeat", "HEARTBEAT_TTL");
        assertFieldError(ctx.socketBuilder(SocketType.PUSH).sendHwm(-1)::build, ZmqException.Kind.EINVAL, "send_high_water_mark", "-1");
        assertFieldError(ctx.socketBuilder(SocketType.DEALER).routerMandatory(true)::build, ZmqException.Kind.EINVAL, "router_mandatory",
                "DEALER");
        assertFieldError(ctx.socketBuilder(SocketType.PUSH).subscribe("x")::build, ZmqException.Kind.EINVAL, "subscribe");
    }

    @Test
    void aCurveKeyOfTheWrongLengthFailsNamingTheMechanism() {
        SocketBuilder b = ctx.socketBuilder(SocketType.DEALER).mechanism(Mechanism.curveClient(null, new byte[31]));
        assertFieldError(b::build, ZmqException.Kind.EINVAL, "mechanism", "CURVE_SERVERKEY");
        SocketBuilder s = ctx.socketBuilder(SocketType.ROUTER).mechanism(Mechanism.curveServer("not-z85"));
        assertFieldError(s::build, ZmqException.Kind.EINVAL, "mechanism", "CURVE_SECRETKEY");
    }

    @Test
    void aMalformedEndpointFailsNamingItsPlace() {
        assertFieldError(ctx.socketBuilder(SocketType.PULL).bind("inproc://fine", "tcp://no-port")::build, ZmqException.Kind.EINVAL,
                "bind[1]", "no-port");
        assertFieldError(ctx.socketBuilder(SocketType.PUSH).connect("sctp://127.0.0.1:5")::build, ZmqException.Kind.EPROTONOSUPPORT,
                "connect[0]");
    }

    @Test
    void validateChecksWithoutMakingASocket() {
        SocketBuilder ok = SocketBuilder.of(SocketType.ROUTER).routerMandatory(true).bind("tcp://127.0.0.1:*");
        assertEquals(ok, ok.validate());
        assertFieldError(SocketBuilder.of(SocketType.REP).reqRelaxed(true)::validate, ZmqException.Kind.EINVAL, "req_relaxed");
        ZmqException e = assertThrows(ZmqException.class, SocketBuilder.of(SocketType.REP)::build);
        assertTrue(e.getMessage().contains("no context"), e.getMessage());
    }

    @Test
    void aBuildThatFailsHalfWayClosesTheSocketAndReleasesWhatItBound() {
        try (Socket squatter = ctx.socket(SocketType.PULL)) {
            String taken = squatter.bind("tcp://127.0.0.1:*");
            SocketBuilder b = ctx.socketBuilder(SocketType.PULL).bind("inproc://half-built", taken);
            assertFieldError(b::build, ZmqException.Kind.EADDRINUSE, "bind[1]");
            // the first bind of the failed socket was undone with it: the name is free again
            try (Socket again = ctx.socketBuilder(SocketType.PULL).bind("inproc://half-built").build()) {
                assertEquals("inproc://half-built", again.lastEndpoint());
            }
        }
    }

    @Test
    void mechanismsAreValuesThatReadBackFromTheSocket() {
        Mechanism curve = Mechanism.curveClient(OptionSamples.CLIENT, OptionSamples.SERVER.publicZ85());
        assertEquals(Mechanism.curveClient(OptionSamples.CLIENT, OptionSamples.SERVER.publicKey()), curve, "Z85 or bytes: same key");
        try (Socket s = ctx.socketBuilder(SocketType.DEALER).mechanism(curve).build()) {
            assertEquals(curve, s.get(SocketOption.MECHANISM));
            assertEquals("CURVE", s.mechanism());
        }
        try (Socket s = ctx.socketBuilder(SocketType.DEALER).mechanism(Mechanism.plainClient("admin", "secret")).build()) {
            Mechanism m = s.get(SocketOption.MECHANISM);
            assertEquals(Mechanism.Kind.PLAIN_CLIENT, m.kind());
            assertEquals("admin", m.username());
            assertTrue(!m.toString().contains("secret"), m.toString());
        }
        try (Socket s = ctx.socketBuilder(SocketType.ROUTER).mechanism(Mechanism.curveServer(OptionSamples.SERVER.secretZ85())).build()) {
            assertEquals(OptionSamples.SERVER.publicZ85(), s.get(SocketOption.MECHANISM).keyPair().publicZ85());
        }
        assertEquals(Mechanism.NULL, ctx.socket(SocketType.PAIR).get(SocketOption.MECHANISM));
    }
}
