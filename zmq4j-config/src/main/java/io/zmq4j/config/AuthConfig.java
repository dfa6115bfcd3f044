package io.zmq4j.config;

import io.zmq4j.Authenticator;
import io.zmq4j.Context;
import io.zmq4j.CurveKeyPair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who the context's {@link Authenticator} lets in, as one immutable value: CURVE client public
 * keys (the registry), PLAIN users, and IP address allow and deny lists. It is the {@code auth:}
 * section of a {@link ConfigFile}; {@link #start(Context)} starts the core authenticator with it.
 *
 * <pre>{@code
 * AuthConfig auth = AuthConfig.empty().curveKey(client.publicZ85()).allow("127.0.0.1");
 * try (Context ctx = Context.create();
 *      Authenticator zap = auth.start(ctx)) {
 *     // CURVE servers of ctx now accept that one client, from that one address
 * }
 * }</pre>
 *
 * <p>In YAML:
 * <pre>
 * auth:
 *   curve_registry:
 *     - "n%3)5@(3pzp)v8yt6RW3eQVq5OQYb#TEodD^6oA^"
 *   plain_registry:
 *     - {username: admin, password: secret}
 *   allow: ["127.0.0.1"]
 * </pre>
 * and also {@code deny}, {@code curve_any: true} (any key: encryption without authentication),
 * {@code curve_directory} (CZMQ public certificates) and {@code password_file}
 * ({@code user=password} lines); relative paths are taken from the file's directory.
 */
public final class AuthConfig {
    private static final AuthConfig EMPTY = new AuthConfig(List.of(), false, null, Map.of(), null, List.of(), List.of());

    private final List<String> curveRegistry;
    private final boolean curveAny;
    private final Path curveDirectory;
    private final Map<String, String> plainRegistry;
    private final Path passwordFile;
    private final List<String> allow;
    private final List<String> deny;

    private AuthConfig(List<String> curveRegistry, boolean curveAny, Path curveDirectory, Map<String, String> plainRegistry, Path passwordFile,
            List<String> allow, List<String> deny) {
        this.curveRegistry = curveRegistry;
        this.curveAny = curveAny;
        this.curveDirectory = curveDirectory;
        this.plainRegistry = plainRegistry;
        this.passwordFile = passwordFile;
        this.allow = allow;
        this.deny = deny;
    }

    /** Nobody registered: CURVE and PLAIN clients are refused, every address is allowed. */
    public static AuthConfig empty() {
        return EMPTY;
    }

    /** Also lets in the CURVE client with this public key (Z85, 40 characters; EINVAL otherwise). */
    public AuthConfig curveKey(String publicZ85) {
        CurveKeyPair.decodeKey(publicZ85);
        return new AuthConfig(plus(curveRegistry, publicZ85), curveAny, curveDirectory, plainRegistry, passwordFile, allow, deny);
    }

    /** Any CURVE client gets in (encryption without authentication). */
    public AuthConfig curveAny(boolean on) {
        return new AuthConfig(curveRegistry, on, curveDirectory, plainRegistry, passwordFile, allow, deny);
    }

    /** Also lets in CURVE clients whose public certificates (CZMQ format) are in this directory. */
    public AuthConfig curveDirectory(Path directory) {
        return new AuthConfig(curveRegistry, curveAny, directory, plainRegistry, passwordFile, allow, deny);
    }

    /** Adds a PLAIN user. */
    public AuthConfig plainUser(String username, String password) {
        Map<String, String> m = new LinkedHashMap<>(plainRegistry);
        m.put(Objects.requireNonNull(username, "username"), Objects.requireNonNull(password, "password"));
        return new AuthConfig(curveRegistry, curveAny, curveDirectory, Collections.unmodifiableMap(m), passwordFile, allow, deny);
    }

    /** PLAIN users from a file of {@code user=password} lines (instead of {@link #plainUser}). */
    public AuthConfig passwordFile(Path file) {
        return new AuthConfig(curveRegistry, curveAny, curveDirectory, plainRegistry, file, allow, deny);
    }

    /** Lets in only these addresses (then the deny list is not consulted). */
    public AuthConfig allow(String... addresses) {
        return new AuthConfig(curveRegistry, curveAny, curveDirectory, plainRegistry, passwordFile, plus(allow, addresses), deny);
    }

    /** Refuses these addresses. */
    public AuthConfig deny(String... addresses) {
        return new AuthConfig(curveRegistry, curveAny, curveDirectory, plainRegistry, passwordFile, allow, plus(deny, addresses));
    }

    private static List<String> plus(List<String> l, String... more) {
        List<String> n = new ArrayList<>(l);
        for (String s : more) {
            n.add(Objects.requireNonNull(s));
        }
        return Collections.unmodifiableList(n);
    }

    public List<String> curveRegistry() {
        return curveRegistry;
    }

    public boolean curveAny() {
        return curveAny;
    }

    /** The certificate directory, or null. */
    public Path curveDirectory() {
        return curveDirectory;
    }

    /** PLAIN users and their passwords, in the order given. */
    public Map<String, String> plainRegistry() {
        return plainRegistry;
    }

    /** The password file, or null. */
    public Path passwordFile() {
        return passwordFile;
    }

    public List<String> allow() {
        return allow;
    }

    public List<String> deny() {
        return deny;
    }

    /**
     * Starts the context's {@link Authenticator} with this configuration (EADDRINUSE if the
     * context has one). If configuring it fails (an unreadable password file) it is closed
     * again before the error is thrown.
     */
    public Authenticator start(Context ctx) {
        Authenticator a = Authenticator.start(ctx);
        try {
            return applyTo(a);
        } catch (RuntimeException | Error e) {
            a.close();
            throw e;
        }
    }

    /** Adds this configuration to a running authenticator. */
    public Authenticator applyTo(Authenticator a) {
        if (!allow.isEmpty()) {
            a.allow(allow.toArray(new String[0]));
        }
        if (!deny.isEmpty()) {
            a.deny(deny.toArray(new String[0]));
        }
        if (passwordFile != null) {
            a.setPasswordFile(passwordFile);
        } else if (!plainRegistry.isEmpty()) {
            a.setPasswords(plainRegistry);
        }
        if (!curveRegistry.isEmpty()) {
            a.allowCurveKeys(curveRegistry);
        }
        if (curveDirectory != null) {
            a.allowCurveDirectory(curveDirectory);
        }
        if (curveAny) {
            a.allowAnyCurve();
        }
        return a;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthConfig c && c.curveRegistry.equals(curveRegistry) && c.curveAny == curveAny
                && Objects.equals(c.curveDirectory, curveDirectory) && c.plainRegistry.equals(plainRegistry)
                && Objects.equals(c.passwordFile, passwordFile) && c.allow.equals(allow) && c.deny.equals(deny);
    }

    @Override
    public int hashCode() {
        return Objects.hash(curveRegistry, allow, deny);
    }

    @Override
    public String toString() {
        return "AuthConfig[" + curveRegistry.size() + " CURVE keys" + (curveAny ? ", any CURVE key" : "") + ", " + plainRegistry.size()
                + " PLAIN users, allow " + allow + ", deny " + deny + "]";
    }
}
