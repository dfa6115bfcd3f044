package io.zmq4j;

import io.zmq4j.internal.security.Z85;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A ZAP handler (RFC 27) for one context, like CZMQ's {@code zauth}: a thread with a REP
 * socket bound at {@code inproc://zeromq.zap.01}, answering the authentication requests of
 * every PLAIN, CURVE (and NULL with a ZAP domain) server socket of the context. It can be
 * replaced by any other ZAP handler, in Java or not, since the protocol is libzmq's.
 *
 * <ul>
 *   <li>Addresses: with an allow list, only those IP addresses get in; otherwise addresses on
 *       the deny list are refused. For NULL that is the whole check.</li>
 *   <li>PLAIN: username and password must match the configured passwords (a map, or a file of
 *       {@code user=password} lines); User-Id is the username.</li>
 *   <li>CURVE: the client's public key must be in the allow list, or in a directory of
 *       certificates (CZMQ format), or any key is accepted; User-Id is the key in Z85, and the
 *       certificate's metadata goes to the application with each message.</li>
 * </ul>
 *
 * Configuration may change at any time, and {@link #reload()} re-reads the password file and
 * the certificate directory: new handshakes see the change, live connections are untouched.
 *
 * <pre>{@code
 * try (Context ctx = Context.create();
 *      Authenticator auth = Authenticator.start(ctx)) {
 *     auth.allowCurveDirectory(Path.of("certs/clients"));       // or allowAnyCurve()
 *     Socket server = ctx.socket(SocketType.ROUTER);
 *     server.setCurveServer(true).setCurveSecretKey(serverCert.secretKey());
 *     server.bind("tcp://*:5555");
 *     Msg m = server.recv();
 *     String who = m.property("User-Id");                        // the client's key, Z85
 * }
 * }</pre>
 */
public final class Authenticator implements AutoCloseable {
    /** The endpoint every ZAP handler binds. */
    public static final String ENDPOINT = "inproc://zeromq.zap.01";

    private static final class Config {
        final Set<String> allow;
        final Set<String> deny;
        final Map<String, String> passwords; // null: PLAIN not configured, everyone refused
        final Path passwordFile;
        final boolean anyCurve;
        final Map<String, Map<String, String>> curveKeys; // Z85 -> metadata
        final Set<String> explicitKeys;
        final Path certDirectory;

        Config(Set<String> allow, Set<String> deny, Map<String, String> passwords, Path passwordFile, boolean anyCurve,
                Map<String, Map<String, String>> curveKeys, Set<String> explicitKeys, Path certDirectory) {
            this.allow = allow;
            this.deny = deny;
            this.passwords = passwords;
            this.passwordFile = passwordFile;
            this.anyCurve = anyCurve;
            this.curveKeys = curveKeys;
            this.explicitKeys = explicitKeys;
            this.certDirectory = certDirectory;
        }
    }

    private final Socket socket;
    private final Thread thread;
    private final Object lock = new Object();
    private volatile Config config = new Config(Set.of(), Set.of(), null, null, false, Map.of(), Set.of(), null);
    private volatile boolean closing;
    private volatile boolean verbose;

    private Authenticator(Context ctx) {
        socket = ctx.socket(SocketType.REP).setLinger(Duration.ZERO);
        socket.bind(ENDPOINT); // EADDRINUSE if this context already has a handler
        thread = new Thread(this::loop, "zmq4j-zap-handler");
        thread.setDaemon(true);
    }

    /** Starts a handler for {@code ctx}; EADDRINUSE if the context has one already. */
    public static Authenticator start(Context ctx) {
        Authenticator a = new Authenticator(ctx);
        a.thread.start();
        return a;
    }

    /** Logs each decision through {@code System.Logger} "io.zmq4j.auth" at INFO. */
    public Authenticator setVerbose(boolean on) {
        verbose = on;
        return this;
    }

    /** Lets in only these addresses (and any earlier allowed); the deny list is then ignored. */
    public Authenticator allow(String... addresses) {
        synchronized (lock) {
            Config c = config;
            Set<String> a = new LinkedHashSet<>(c.allow);
            a.addAll(java.util.List.of(addresses));
            config = new Config(Set.copyOf(a), c.deny, c.passwords, c.passwordFile, c.anyCurve, c.curveKeys, c.explicitKeys, c.certDirectory);
        }
        return this;
    }

    /** Refuses these addresses (unless an allow list is set). */
    public Authenticator deny(String... addresses) {
        synchronized (lock) {
            Config c = config;
            Set<String> d = new LinkedHashSet<>(c.deny);
            d.addAll(java.util.List.of(addresses));
            config = new Config(c.allow, Set.copyOf(d), c.passwords, c.passwordFile, c.anyCurve, c.curveKeys, c.explicitKeys, c.certDirectory);
        }
        return this;
    }

    /** PLAIN: these username/password pairs (replacing any file). */
    public Authenticator setPasswords(Map<String, String> passwords) {
        synchronized (lock) {
            Config c = config;
            config = new Config(c.allow, c.deny, Map.copyOf(passwords), null, c.anyCurve, c.curveKeys, c.explicitKeys, c.certDirectory);
        }
        return this;
    }

    /**
     * PLAIN: passwords from a file of {@code user=password} lines (blank lines and lines
     * starting with {@code #} are skipped), as CZMQ's zauth reads it; {@link #reload()} reads it again.
     */
    public Authenticator setPasswordFile(Path file) {
        Map<String, String> p = readPasswords(file);
        synchronized (lock) {
            Config c = config;
            config = new Config(c.allow, c.deny, p, file, c.anyCurve, c.curveKeys, c.explicitKeys, c.certDirectory);
        }
        return this;
    }

    private static Map<String, String> readPasswords(Path file) {
        Map<String, String> p = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                int eq = l.indexOf('=');
                if (eq > 0) {
                    p.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read password file " + file, e);
        }
        return Map.copyOf(p);
    }

    /** CURVE: also let in clients with these public keys (Z85, 40 characters). */
    public Authenticator allowCurveKeys(Collection<String> publicKeysZ85) {
        for (String k : publicKeysZ85) {
            CurveKeyPair.decodeKey(k); // EINVAL for a bad key
        }
        synchronized (lock) {
            Config c = config;
            Set<String> e = new LinkedHashSet<>(c.explicitKeys);
            e.addAll(publicKeysZ85);
            config = new Config(c.allow, c.deny, c.passwords, c.passwordFile, false, merge(e, c.certDirectory), Set.copyOf(e), c.certDirectory);
        }
        return this;
    }

    /** CURVE: let in clients whose public certificates (CZMQ format) are in this directory; {@link #reload()} rescans it. */
    public Authenticator allowCurveDirectory(Path directory) {
        synchronized (lock) {
            Config c = config;
            config = new Config(c.allow, c.deny, c.passwords, c.passwordFile, false, merge(c.explicitKeys, directory), c.explicitKeys, directory);
        }
        return this;
    }

    /** CURVE: let in any client (encryption without authentication, the Stonehouse pattern). */
    public Authenticator allowAnyCurve() {
        synchronized (lock) {
            Config c = config;
            config = new Config(c.allow, c.deny, c.passwords, c.passwordFile, true, c.curveKeys, c.explicitKeys, c.certDirectory);
        }
        return this;
    }

    /** Re-reads the password file and the certificate directory. */
    public Authenticator reload() {
        synchronized (lock) {
            Config c = config;
            Map<String, String> p = c.passwordFile == null ? c.passwords : readPasswords(c.passwordFile);
            config = new Config(c.allow, c.deny, p, c.passwordFile, c.anyCurve, merge(c.explicitKeys, c.certDirectory), c.explicitKeys,
                    c.certDirectory);
        }
        return this;
    }

    private static Map<String, Map<String, String>> merge(Set<String> explicit, Path directory) {
        Map<String, Map<String, String>> keys = new LinkedHashMap<>();
        if (directory != null && Files.isDirectory(directory)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory)) {
                for (Path f : ds) {
                    if (!Files.isRegularFile(f)) {
                        continue;
                    }
                    try {
                        Certificate c = Certificate.read(f);
                        keys.put(c.publicZ85(), c.metadata());
                    } catch (IOException e) {
                        // not a certificate: skipped, as CZMQ's certificate store does
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read certificate directory " + directory, e);
            }
        }
        for (String k : explicit) {
            keys.putIfAbsent(k, Map.of());
        }
        return Map.copyOf(keys);
    }

    // ---- the handler thread ----

    private void loop() {
        try {
            while (!closing) {
                Msg req;
                try {
                    req = socket.recv(Duration.ofMillis(100));
                } catch (ZmqException e) {
                    return; // context closed
                }
                if (req == null) {
                    continue;
                }
                socket.send(handle(req));
            }
        } finally {
            try {
                socket.close();
            } catch (ZmqException e) {
                // already closed with the context
            }
        }
    }

    /** One ZAP request (without its envelope) to its reply. */
    Msg handle(Msg req) {
        if (req.size() < 6) {
            byte[] id = req.size() > 1 ? req.frame(1) : new byte[0];
            return reply(id, "500", "Not enough frames", "", Map.of());
        }
        byte[] requestId = req.frame(1);
        if (!req.string(0).equals("1.0")) {
            return reply(requestId, "500", "Invalid version", "", Map.of());
        }
        String address = req.string(3);
        String mechanism = req.string(5);
        Config c = config;
        boolean allowed = false;
        if (!c.allow.isEmpty()) {
            if (!c.allow.contains(address)) {
                return decide(requestId, false, "Address not in allow list", address, mechanism, "", Map.of());
            }
            allowed = true;
        } else if (c.deny.contains(address)) {
            return decide(requestId, false, "Address is denied", address, mechanism, "", Map.of());
        }
        switch (mechanism) {
            case "NULL":
                return decide(requestId, true, "OK", address, mechanism, "", Map.of());
            case "PLAIN": {
                if (req.size() < 8) {
                    return decide(requestId, false, "Invalid PLAIN credentials", address, mechanism, "", Map.of());
                }
                String user = req.string(6);
                String pass = req.string(7);
                boolean ok = c.passwords != null && pass.equals(c.passwords.get(user));
                return decide(requestId, ok, ok ? "OK" : "Invalid username or password", address, mechanism, ok ? user : "", Map.of());
            }
            case "CURVE": {
                if (req.size() < 7 || req.frame(6).length != 32) {
                    return decide(requestId, false, "Invalid CURVE credentials", address, mechanism, "", Map.of());
                }
                String key = Z85.encode(req.frame(6));
                Map<String, String> meta = c.curveKeys.get(key);
                boolean ok = c.anyCurve || meta != null;
                return decide(requestId, ok, ok ? "OK" : "Unknown key", address, mechanism, ok ? key : "",
                        meta == null ? Map.of() : meta);
            }
            default:
                return decide(requestId, allowed, allowed ? "OK" : "Unsupported mechanism", address, mechanism, "", Map.of());
        }
    }

    private Msg decide(byte[] requestId, boolean ok, String text, String address, String mechanism, String userId, Map<String, String> meta) {
        if (verbose) {
            System.getLogger("io.zmq4j.auth").log(System.Logger.Level.INFO,
                    (ok ? "allowed" : "denied") + " " + mechanism + " from " + address + ": " + text);
        }
        return reply(requestId, ok ? "200" : "400", text, userId, meta);
    }

    private static Msg reply(byte[] requestId, String status, String text, String userId, Map<String, String> meta) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        for (Map.Entry<String, String> e : meta.entrySet()) {
            byte[] n = e.getKey().getBytes(StandardCharsets.US_ASCII);
            byte[] v = e.getValue().getBytes(StandardCharsets.UTF_8);
            if (n.length == 0 || n.length > 255) {
                continue;
            }
            b.write(n.length);
            b.writeBytes(n);
            b.write(v.length >>> 24);
            b.write(v.length >>> 16);
            b.write(v.length >>> 8);
            b.write(v.length);
            b.writeBytes(v);
        }
        return Msg.of("1.0".getBytes(StandardCharsets.US_ASCII), requestId, status.getBytes(StandardCharsets.US_ASCII),
                text.getBytes(StandardCharsets.UTF_8), userId.getBytes(StandardCharsets.UTF_8), b.toByteArray());
    }

    /** Stops the handler and unbinds it; later handshakes go unauthenticated (libzmq's behaviour without a handler). */
    @Override
    public void close() {
        closing = true;
        if (Thread.currentThread() != thread) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
