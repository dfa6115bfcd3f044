package io.zmq4j.config;

import io.zmq4j.CurveKeyPair;
import io.zmq4j.Heartbeat;
import io.zmq4j.Mechanism;
import io.zmq4j.Socket;
import io.zmq4j.SocketBuilder;
import io.zmq4j.SocketOption;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** A {@link ConfigFile} as plain maps, lists and values in the keys {@link ConfigReader} reads, for YAML or ZPL. */
final class ConfigWriter {
    private ConfigWriter() {}

    static Map<String, Object> write(ConfigFile file) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (file.hasAuth()) {
            m.put("auth", auth(file.auth()));
        }
        for (Map.Entry<String, SocketConfig> e : file.sockets().entrySet()) {
            m.put(e.getKey(), socket(e.getValue()));
        }
        return m;
    }

    static Map<String, Object> socket(SocketConfig c) {
        SocketBuilder b = c.template();
        Map<String, Object> m = new LinkedHashMap<>();
        if (c.type() != null) {
            m.put("type", c.type().name().toLowerCase(Locale.ROOT));
        }
        putList(m, "bind", endpoints(b.binds()));
        putList(m, "connect", endpoints(b.connects()));
        putList(m, "subscribe", new ArrayList<>(b.subscriptions()));
        putList(m, "join", new ArrayList<>(b.groups()));
        for (SocketOption<?> o : SocketOption.all()) {
            Object v = b.get(o);
            if (v != null) {
                m.put(o.name(), value(v));
            }
        }
        return m;
    }

    private static void putList(Map<String, Object> m, String key, List<Object> l) {
        if (!l.isEmpty()) {
            m.put(key, l);
        }
    }

    private static List<Object> endpoints(List<String> eps) {
        List<Object> l = new ArrayList<>();
        for (String ep : eps) {
            int i = ep.indexOf("://");
            l.add(i < 0 ? ep : Map.of(ep.substring(0, i), ep.substring(i + 3)));
        }
        return l;
    }

    private static Object value(Object v) {
        if (v instanceof Duration d) {
            return duration(d);
        }
        if (v instanceof byte[] b) {
            return bytes(b);
        }
        if (v instanceof Heartbeat h) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("interval", duration(h.interval()));
            if (h.timeout() != null) {
                m.put("timeout", duration(h.timeout()));
            }
            if (!h.ttl().isZero()) {
                m.put("ttl", duration(h.ttl()));
            }
            return m;
        }
        if (v instanceof Mechanism mech) {
            return mechanism(mech);
        }
        if (v instanceof Set<?> s) {
            List<Object> l = new ArrayList<>();
            for (Socket.ReconnectStop r : Socket.ReconnectStop.values()) {
                if (s.contains(r)) {
                    l.add(r.name().toLowerCase(Locale.ROOT));
                }
            }
            return l;
        }
        return v; // Integer, Long, Boolean, String
    }

    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 0) {
            return "infinite";
        }
        if (ms == 0) {
            return "0s";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    /** Printable UTF-8 as text; anything else as {@code {hex: ...}}, so that it reads back the same. */
    private static Object bytes(byte[] b) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b)).toString();
            if (s.codePoints().noneMatch(Character::isISOControl) && s.equals(s.strip())) {
                return s;
            }
        } catch (CharacterCodingException e) {
            // not text
        }
        return Map.of("hex", HexFormat.of().formatHex(b));
    }

    private static Object mechanism(Mechanism m) {
        switch (m.kind()) {
            case NULL:
                return "null";
            case PLAIN_SERVER:
                return "plain_server";
            case PLAIN_CLIENT: {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("username", m.username());
                p.put("password", m.password());
                return Map.of("plain_client", p);
            }
            case CURVE_CLIENT: {
                Map<String, Object> c = new LinkedHashMap<>();
                CurveKeyPair own = m.keyPair();
                if (own != null) {
                    Map<String, Object> k = new LinkedHashMap<>();
                    k.put("public", own.publicZ85());
                    k.put("secret", own.secretZ85());
                    c.put("client", k);
                }
                c.put("server", m.serverPublicZ85());
                return Map.of("curve_client", c);
            }
            default:
                return Map.of("curve_server", Map.of("secret", m.keyPair().secretZ85()));
        }
    }

    static Map<String, Object> auth(AuthConfig a) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!a.curveRegistry().isEmpty()) {
            m.put("curve_registry", new ArrayList<Object>(a.curveRegistry()));
        }
        if (a.curveAny()) {
            m.put("curve_any", true);
        }
        if (a.curveDirectory() != null) {
            m.put("curve_directory", a.curveDirectory().toString());
        }
        if (!a.plainRegistry().isEmpty()) {
            List<Object> users = new ArrayList<>();
            for (Map.Entry<String, String> e : a.plainRegistry().entrySet()) {
                Map<String, Object> u = new LinkedHashMap<>();
                u.put("username", e.getKey());
                u.put("password", e.getValue());
                users.add(u);
            }
            m.put("plain_registry", users);
        }
        if (a.passwordFile() != null) {
            m.put("password_file", a.passwordFile().toString());
        }
        if (!a.allow().isEmpty()) {
            m.put("allow", new ArrayList<Object>(a.allow()));
        }
        if (!a.deny().isEmpty()) {
            m.put("deny", new ArrayList<Object>(a.deny()));
        }
        return m;
    }
}
