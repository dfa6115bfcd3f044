package io.zmq4j.config;

import io.zmq4j.CurveKeyPair;
import io.zmq4j.Heartbeat;
import io.zmq4j.Mechanism;
import io.zmq4j.Socket;
import io.zmq4j.SocketBuilder;
import io.zmq4j.SocketOption;
import io.zmq4j.SocketType;
import io.zmq4j.ZmqException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Interprets a {@link Tree} (from YAML or ZPL) as sockets and an auth section; every error names file, line and key path. */
final class ConfigReader {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Set<String> SOCKET_KEYS = Set.of("type", "bind", "connect", "subscribe", "join");
    private static final Set<String> AUTH_KEYS = Set.of("curve_registry", "curve_any", "curve_directory", "plain_registry", "password_file",
            "allow", "deny");

    private ConfigReader() {}

    static ConfigFile read(Tree root, Path dir) {
        Map<String, SocketConfig> sockets = new LinkedHashMap<>();
        AuthConfig auth = null;
        for (Map.Entry<String, Tree> e : root.entries()) {
            if (e.getKey().equals("auth")) {
                auth = auth(e.getValue(), dir);
            } else {
                sockets.put(e.getKey(), socket(e.getValue()));
            }
        }
        return ConfigFile.of(sockets, auth, root.source);
    }

    // ---- a socket ----

    static SocketConfig socket(Tree t) {
        Map<String, Tree> fields = fields(t, null, "a socket option or one of type, bind, connect, subscribe, join");
        SocketType type = null;
        Tree typeNode = fields.get("type");
        if (typeNode != null) {
            String name = typeNode.text().toUpperCase(Locale.ROOT);
            try {
                type = SocketType.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw typeNode.error("no socket type '" + typeNode.text() + "' (one of " + Arrays.toString(SocketType.values()).toLowerCase(Locale.ROOT)
                        + ")");
            }
        }
        SocketBuilder b = SocketBuilder.of(type == null ? SocketType.PAIR : type);
        Map<String, String> where = new HashMap<>();
        // with no type in the file, builder() names the socket itself
        where.put("type", typeNode != null ? typeNode.where() : t.keyWhere());
        for (Map.Entry<String, Tree> f : fields.entrySet()) {
            String key = f.getKey();
            Tree v = f.getValue();
            switch (key) {
                case "type":
                    break;
                case "bind":
                case "connect": {
                    List<Tree> items = v.items();
                    for (int i = 0; i < items.size(); i++) {
                        Tree item = items.get(i);
                        String ep = endpoint(item);
                        String field = key + "[" + (key.equals("bind") ? b.binds().size() : b.connects().size()) + "]";
                        where.put(field, item.where());
                        b = key.equals("bind") ? b.bind(ep) : b.connect(ep);
                    }
                    break;
                }
                case "subscribe":
                    for (Tree item : v.items()) {
                        b = b.subscribe(item.text == null ? "" : item.text());
                    }
                    where.put(key, v.where());
                    break;
                case "join":
                    for (Tree item : v.items()) {
                        b = b.join(item.text());
                    }
                    where.put(key, v.where());
                    break;
                default: {
                    SocketOption<?> o = SocketOption.named(key);
                    b = set(b, o, v);
                    where.put(key, v.where());
                }
            }
        }
        SocketConfig c = new SocketConfig(type, b, Map.copyOf(where));
        if (type != null) {
            c.builder(type); // a value the socket's setter refuses is an error of the file, found now
        }
        return c;
    }

    private static <T> SocketBuilder set(SocketBuilder b, SocketOption<T> o, Tree v) {
        return b.set(o, o.valueType().cast(value(o, v)));
    }

    /** {@code {tcp: "127.0.0.1:*"}} (the guide's form) or {@code "tcp://127.0.0.1:*"}; checked by the core's parser. */
    private static String endpoint(Tree t) {
        String ep;
        if (t.kind == Tree.Kind.MAP) {
            List<Map.Entry<String, Tree>> e = t.entries();
            if (e.size() != 1) {
                throw t.error("an endpoint is one transport and its address, e.g. {tcp: \"127.0.0.1:5555\"}");
            }
            ep = e.get(0).getKey() + "://" + e.get(0).getValue().text();
        } else {
            ep = t.text();
        }
        try {
            SocketBuilder.of(SocketType.PAIR).connect(ep).validate();
        } catch (ZmqException e) {
            throw t.error("endpoint " + ep + " does not parse: " + strip(e), e);
        }
        return ep;
    }

    static Object value(SocketOption<?> o, Tree t) {
        Class<?> c = o.valueType();
        if (c == Integer.class) {
            try {
                return Integer.valueOf(t.text().strip());
            } catch (NumberFormatException e) {
                throw t.error("expected a whole number, got " + t.describe());
            }
        }
        if (c == Long.class) {
            try {
                return Long.valueOf(t.text().strip());
            } catch (NumberFormatException e) {
                throw t.error("expected a whole number, got " + t.describe());
            }
        }
        if (c == Boolean.class) {
            return bool(t);
        }
        if (c == Duration.class) {
            return duration(t);
        }
        if (c == String.class) {
            return t.text();
        }
        if (c == byte[].class) {
            return bytes(t);
        }
        if (c == Heartbeat.class) {
            return heartbeat(t);
        }
        if (c == Mechanism.class) {
            return mechanism(t);
        }
        if (c == Set.class) {
            Set<Socket.ReconnectStop> s = EnumSet.noneOf(Socket.ReconnectStop.class);
            for (Tree item : t.items()) {
                try {
                    s.add(Socket.ReconnectStop.valueOf(item.text().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw item.error("expected one of connection_refused, handshake_failed, after_disconnect, got " + item.describe());
                }
            }
            return s;
        }
        throw new AssertionError("no reader for " + c);
    }

    private static boolean bool(Tree t) {
        switch (t.text().strip().toLowerCase(Locale.ROOT)) {
            case "true":
            case "1":
                return true;
            case "false":
            case "0":
                return false;
            default:
                throw t.error("expected true or false, got " + t.describe());
        }
    }

    /** {@code 300ms}, {@code 1s}, {@code 2m}, {@code 1h}, {@code 0}, or {@code infinite} / {@code -1} (libzmq's -1). */
    static Duration duration(Tree t) {
        String s = t.text().strip();
        if (s.equals("infinite") || s.equals("-1")) {
            return Duration.ofMillis(-1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) {
            throw t.error("bad duration " + t.describe() + ": a whole number with ms, s, m or h (300ms, 1s, 2m), or infinite");
        }
        try {
            long n = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "ms":
                    return Duration.ofMillis(n);
                case "s":
                    return Duration.ofSeconds(n);
                case "m":
                    return Duration.ofMinutes(n);
                default:
                    return Duration.ofHours(n);
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw t.error("bad duration " + t.describe() + ": too long");
        }
    }

    /** Text as UTF-8, or {@code {hex: "00ff"}} for bytes that are not text. */
    private static byte[] bytes(Tree t) {
        if (t.kind != Tree.Kind.MAP) {
            return t.text().getBytes(StandardCharsets.UTF_8);
        }
        Map<String, Tree> f = fields(t, Set.of("hex"), "hex");
        Tree hex = required(t, f, "hex");
        try {
            return java.util.HexFormat.of().parseHex(hex.text().strip());
        } catch (IllegalArgumentException e) {
            throw hex.error("expected hexadecimal digits in pairs, got " + hex.describe());
        }
    }

    private static Heartbeat heartbeat(Tree t) {
        Map<String, Tree> f = fields(t, Set.of("interval", "timeout", "ttl"), "interval, timeout, ttl");
        Heartbeat h = Heartbeat.of(duration(required(t, f, "interval")));
        if (f.containsKey("timeout")) {
            h = h.timeout(duration(f.get("timeout")));
        }
        if (f.containsKey("ttl")) {
            h = h.ttl(duration(f.get("ttl")));
        }
        return h;
    }

    private static Mechanism mechanism(Tree t) {
        if (t.kind == Tree.Kind.SCALAR) {
            String s = t.text == null ? "null" : t.text.strip();
            switch (s) {
                case "null":
                case "NULL":
                    return Mechanism.NULL;
                case "plain_server":
                    return Mechanism.plainServer();
                default:
                    throw t.error("expected null, plain_server, or a map of plain_client, curve_client or curve_server, got " + t.describe());
            }
        }
        Map<String, Tree> f = fields(t, Set.of("null", "plain_client", "plain_server", "curve_client", "curve_server"),
                "null, plain_client, plain_server, curve_client, curve_server");
        if (f.size() != 1) {
            throw t.error("expected one mechanism, got " + f.keySet());
        }
        Map.Entry<String, Tree> e = f.entrySet().iterator().next();
        Tree v = e.getValue();
        switch (e.getKey()) {
            case "null":
                return Mechanism.NULL;
            case "plain_server":
                if (v.kind == Tree.Kind.MAP) {
                    fields(v, Set.of(), "nothing");
                }
                return Mechanism.plainServer();
            case "plain_client": {
                Map<String, Tree> p = fields(v, Set.of("username", "password"), "username, password");
                Tree user = required(v, p, "username");
                return Mechanism.plainClient(user.text(), p.containsKey("password") ? p.get("password").text() : "");
            }
            case "curve_client": {
                Map<String, Tree> c = fields(v, Set.of("client", "server"), "client, server");
                byte[] server = key(required(v, c, "server"));
                CurveKeyPair own = null;
                if (c.containsKey("client")) {
                    Tree ct = c.get("client");
                    Map<String, Tree> k = fields(ct, Set.of("public", "secret"), "public, secret");
                    own = CurveKeyPair.fromSecret(key(required(ct, k, "secret")));
                    if (k.containsKey("public") && !Arrays.equals(key(k.get("public")), own.publicKey())) {
                        throw k.get("public").error("is not the public key of the secret key given with it");
                    }
                }
                return Mechanism.curveClient(own, server);
            }
            default: {
                Map<String, Tree> s = fields(v, Set.of("secret"), "secret");
                return Mechanism.curveServer(key(required(v, s, "secret")));
            }
        }
    }

    /** A CURVE key: 40 characters of Z85, 32 bytes. */
    static byte[] key(Tree t) {
        String z = t.text().strip();
        if (z.length() != 40) {
            throw t.error("not a CURVE key: a key is 32 bytes, written as 40 characters of Z85, not " + z.length());
        }
        try {
            return CurveKeyPair.decodeKey(z);
        } catch (ZmqException e) {
            throw t.error("not a CURVE key: not valid Z85 (" + strip(e) + ")");
        }
    }

    // ---- the auth section ----

    private static AuthConfig auth(Tree t, Path dir) {
        Map<String, Tree> f = fields(t, AUTH_KEYS, String.join(", ", new java.util.TreeSet<>(AUTH_KEYS)));
        AuthConfig a = AuthConfig.empty();
        for (Map.Entry<String, Tree> e : f.entrySet()) {
            Tree v = e.getValue();
            switch (e.getKey()) {
                case "curve_registry":
                    for (Tree k : v.items()) {
                        key(k);
                        a = a.curveKey(k.text().strip());
                    }
                    break;
                case "curve_any":
                    a = a.curveAny(bool(v));
                    break;
                case "curve_directory":
                    a = a.curveDirectory(path(v, dir));
                    break;
                case "password_file":
                    a = a.passwordFile(path(v, dir));
                    break;
                case "plain_registry":
                    for (Tree u : v.items()) {
                        Map<String, Tree> p = fields(u, Set.of("username", "password"), "username, password");
                        a = a.plainUser(required(u, p, "username").text(), required(u, p, "password").text());
                    }
                    break;
                case "allow":
                    for (Tree ip : v.items()) {
                        a = a.allow(ip.text());
                    }
                    break;
                default:
                    for (Tree ip : v.items()) {
                        a = a.deny(ip.text());
                    }
            }
        }
        return a;
    }

    private static Path path(Tree t, Path dir) {
        Path p = Path.of(t.text());
        return dir == null || p.isAbsolute() ? p : dir.resolve(p);
    }

    // ---- keys ----

    /** A map's keys, each known: {@code allowed} null means socket keys (SOCKET_KEYS and every option name). */
    private static Map<String, Tree> fields(Tree t, Set<String> allowed, String expected) {
        Map<String, Tree> m = new LinkedHashMap<>();
        for (Map.Entry<String, Tree> e : t.entries()) {
            String k = e.getKey();
            boolean known = allowed == null ? SOCKET_KEYS.contains(k) || SocketOption.named(k) != null : allowed.contains(k);
            if (!known) {
                throw e.getValue().keyError("unknown key '" + k + "' (expected " + expected + ")");
            }
            m.put(k, e.getValue());
        }
        return m;
    }

    private static Tree required(Tree parent, Map<String, Tree> fields, String key) {
        Tree v = fields.get(key);
        if (v == null) {
            throw parent.error("missing key '" + key + "'");
        }
        return v;
    }

    /** A core error's message without its "EINVAL: " prefix, to be put after our own location. */
    static String strip(ZmqException e) {
        String m = e.getMessage();
        String prefix = e.kind() + ": ";
        m = m.startsWith(prefix) ? m.substring(prefix.length()) : m;
        // SocketBuilder names its field ("field routing_id: ..."); our key path already does
        return m.startsWith("field ") && m.indexOf(": ") > 0 ? m.substring(m.indexOf(": ") + 2) : m;
    }
}
