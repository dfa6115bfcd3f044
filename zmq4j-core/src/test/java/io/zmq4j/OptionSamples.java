package io.zmq4j;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * For every {@link SocketOption}, a socket type that takes it and a value other than the
 * default: the tables the round-trip tests (here and in zmq4j-config) go over, so that an option
 * added without a sample fails them.
 */
public final class OptionSamples {
    private OptionSamples() {}

    /** A socket type and a non-default value of one option. */
    public record Sample(SocketType type, Object value) {}

    public static final CurveKeyPair SERVER = CurveKeyPair.fromSecret("JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6");
    public static final CurveKeyPair CLIENT = CurveKeyPair.fromSecret("D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%cs");

    /** The wss test certificate and its key (src/test/resources/tls), each on one line, as a config file holds it. */
    public static final String WSS_CERT = "-----BEGIN CERTIFICATE----- MIIBnDCCAUKgAwIBAgIJAPzoPf6O/P6+MAoGCCqGSM49BAMCMCoxFDASBgNVBAoT C3ptcTRqIHRlc3RzMRIwEAYDVQQDEwlsb2NhbGhvc3QwIBcNMjYxMjA2MjAzMzQ2 WhgPMjEyNjExMTIyMDMzNDZaMCoxFDASBgNVBAoTC3ptcTRqIHRlc3RzMRIwEAYD VQQDEwlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASvXHIBUnv4 Nq0V9AMUTNMCQ2aZIAUwtcyg0fZWa0cDx36YjLyq2hFs5isolKrW9TlOm+DNQCaE rFFTLNs4CFn+o08wTTAdBgNVHQ4EFgQUtYHIH1qSU8YtStmWgubWKWlPhnAwLAYD VR0RBCUwI4IJbG9jYWxob3N0hwR/AAABhxAAAAAAAAAAAAAAAAAAAAABMAoGCCqG SM49BAMCA0gAMEUCIQCsfyh/zL1TzN/1qCwCtVqk2IaPi27XVn5K5VuPrB06/QIg Cx5F+LfUK7LW3Jwo1oeT3H5FCZMe14bzRFmrH7IwHfY= -----END CERTIFICATE-----";
    public static final String WSS_KEY = "-----BEGIN PRIVATE KEY----- MEECAQAwEwYHKoZIzj0CAQYIKoZIzj0DAQcEJzAlAgEBBCBf4T5a5ahk073t5ctv u3TmoE0Zg4jGI1lXmfeel3ZGGw== -----END PRIVATE KEY-----";

    public static Map<SocketOption<?>, Sample> all() {
        Map<SocketOption<?>, Sample> m = new LinkedHashMap<>();
        m.put(SocketOption.SEND_HWM, new Sample(SocketType.DEALER, 17));
        m.put(SocketOption.RECV_HWM, new Sample(SocketType.DEALER, 23));
        m.put(SocketOption.LINGER, new Sample(SocketType.DEALER, Duration.ofMillis(250)));
        m.put(SocketOption.SEND_TIMEOUT, new Sample(SocketType.DEALER, Duration.ofMillis(300)));
        m.put(SocketOption.RECV_TIMEOUT, new Sample(SocketType.DEALER, Duration.ofSeconds(2)));
        m.put(SocketOption.ROUTING_ID, new Sample(SocketType.DEALER, "alice".getBytes(StandardCharsets.UTF_8)));
        m.put(SocketOption.CONNECT_ROUTING_ID, new Sample(SocketType.ROUTER, "bob".getBytes(StandardCharsets.UTF_8)));
        m.put(SocketOption.ROUTER_MANDATORY, new Sample(SocketType.ROUTER, true));
        m.put(SocketOption.ROUTER_HANDOVER, new Sample(SocketType.ROUTER, true));
        m.put(SocketOption.PROBE_ROUTER, new Sample(SocketType.DEALER, true));
        m.put(SocketOption.REQ_CORRELATE, new Sample(SocketType.REQ, true));
        m.put(SocketOption.REQ_RELAXED, new Sample(SocketType.REQ, true));
        m.put(SocketOption.RECONNECT_INTERVAL, new Sample(SocketType.DEALER, Duration.ofMillis(40)));
        m.put(SocketOption.RECONNECT_INTERVAL_MAX, new Sample(SocketType.DEALER, Duration.ofMinutes(2)));
        m.put(SocketOption.BACKLOG, new Sample(SocketType.ROUTER, 7));
        m.put(SocketOption.MAX_MSG_SIZE, new Sample(SocketType.PULL, 65_536L));
        m.put(SocketOption.MULTICAST_HOPS, new Sample(SocketType.RADIO, 8));
        m.put(SocketOption.MULTICAST_LOOP, new Sample(SocketType.RADIO, false));
        m.put(SocketOption.TCP_KEEPALIVE, new Sample(SocketType.DEALER, 1));
        m.put(SocketOption.TCP_KEEPALIVE_IDLE, new Sample(SocketType.DEALER, 60));
        m.put(SocketOption.TCP_KEEPALIVE_COUNT, new Sample(SocketType.DEALER, 4));
        m.put(SocketOption.TCP_KEEPALIVE_INTERVAL, new Sample(SocketType.DEALER, 10));
        m.put(SocketOption.IMMEDIATE, new Sample(SocketType.PUSH, true));
        m.put(SocketOption.HANDSHAKE_INTERVAL, new Sample(SocketType.DEALER, Duration.ofSeconds(5)));
        m.put(SocketOption.HEARTBEAT, new Sample(SocketType.SERVER,
                Heartbeat.of(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(3)).ttl(Duration.ofSeconds(3))));
        m.put(SocketOption.CONNECT_TIMEOUT, new Sample(SocketType.DEALER, Duration.ofMillis(1500)));
        m.put(SocketOption.RECONNECT_STOP, new Sample(SocketType.DEALER,
                EnumSet.of(Socket.ReconnectStop.CONNECTION_REFUSED, Socket.ReconnectStop.AFTER_DISCONNECT)));
        m.put(SocketOption.STREAM_NOTIFY, new Sample(SocketType.STREAM, false));
        m.put(SocketOption.CONFLATE, new Sample(SocketType.SUB, true));
        m.put(SocketOption.XPUB_VERBOSE, new Sample(SocketType.XPUB, true));
        m.put(SocketOption.XPUB_VERBOSER, new Sample(SocketType.XPUB, true));
        m.put(SocketOption.XPUB_MANUAL, new Sample(SocketType.XPUB, true));
        m.put(SocketOption.XPUB_MANUAL_LAST_VALUE, new Sample(SocketType.XPUB, true));
        m.put(SocketOption.XPUB_WELCOME_MESSAGE, new Sample(SocketType.XPUB, "welcome".getBytes(StandardCharsets.UTF_8)));
        m.put(SocketOption.XPUB_NODROP, new Sample(SocketType.XPUB, true));
        m.put(SocketOption.INVERT_MATCHING, new Sample(SocketType.SUB, true));
        m.put(SocketOption.ONLY_FIRST_SUBSCRIBE, new Sample(SocketType.XSUB, true));
        m.put(SocketOption.ZAP_DOMAIN, new Sample(SocketType.ROUTER, "global"));
        m.put(SocketOption.WSS_CERT_PEM, new Sample(SocketType.PUB, WSS_CERT));
        m.put(SocketOption.WSS_KEY_PEM, new Sample(SocketType.PUB, WSS_KEY));
        m.put(SocketOption.WSS_TRUST_PEM, new Sample(SocketType.SUB, WSS_CERT));
        m.put(SocketOption.MECHANISM, new Sample(SocketType.DEALER, Mechanism.curveClient(CLIENT, SERVER.publicKey())));
        return m;
    }

    /** Builders covering every option with the fewest sockets: one per type, each with all of that type's samples. */
    public static Map<SocketType, SocketBuilder> buildersByType() {
        Map<SocketType, SocketBuilder> m = new LinkedHashMap<>();
        for (Map.Entry<SocketOption<?>, Sample> e : all().entrySet()) {
            SocketType t = e.getValue().type();
            m.put(t, with(m.getOrDefault(t, SocketBuilder.of(t)), e.getKey(), e.getValue().value()));
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    public static <T> SocketBuilder with(SocketBuilder b, SocketOption<T> option, Object value) {
        return b.set(option, (T) value);
    }
}
