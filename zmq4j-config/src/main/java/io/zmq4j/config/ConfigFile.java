package io.zmq4j.config;

import io.zmq4j.ZmqException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A config file: named sockets ({@link SocketConfig}) and an optional {@code auth:} section
 * ({@link AuthConfig}), read from YAML or ZPL and written back to either. Keys follow the
 * libzmq-rs guide; a mistake (an unknown key, a wrong type, a bad duration, a key that is not
 * 32 bytes of Z85, an endpoint that does not parse) is a {@link ZmqException} (EINVAL) naming the
 * file, the line and the key path, e.g.
 * {@code secure.yml:24: client.mechanism.curve_client.server: not a CURVE key: ...}. Reading
 * opens nothing, so a file that fails leaves no socket and no thread behind.
 *
 * <pre>{@code
 * ConfigFile file = ConfigFile.read(Path.of("secure.yml"));
 * try (Context ctx = Context.create();
 *      Authenticator auth = file.auth().start(ctx);
 *      Socket server = file.socket("server").builder(SocketType.SERVER).build(ctx)) {
 *     Msg ping = server.recv();
 * }
 * }</pre>
 *
 * <p>The same in ZPL (RFC 4): maps are indented children, a list is its name repeated.
 * <pre>
 * server
 *     type = "server"
 *     bind
 *         tcp = "127.0.0.1:*"
 *     send_timeout = "300ms"
 * </pre>
 */
public final class ConfigFile {
    private final Map<String, SocketConfig> sockets;
    private final AuthConfig auth;
    private final String source;

    private ConfigFile(Map<String, SocketConfig> sockets, AuthConfig auth, String source) {
        this.sockets = sockets;
        this.auth = auth;
        this.source = source;
    }

    /** A file of these sockets (in order) and this auth section (null for none). */
    public static ConfigFile of(Map<String, SocketConfig> sockets, AuthConfig auth) {
        Map<String, SocketConfig> m = new LinkedHashMap<>();
        for (Map.Entry<String, SocketConfig> e : sockets.entrySet()) {
            if (e.getKey().equals("auth")) {
                throw new ZmqException(ZmqException.Kind.EINVAL, "'auth' is the authenticator's section, not a socket name");
            }
            m.put(Objects.requireNonNull(e.getKey(), "name"), Objects.requireNonNull(e.getValue(), "socket config"));
        }
        return new ConfigFile(Collections.unmodifiableMap(m), auth, "(built)");
    }

    static ConfigFile of(Map<String, SocketConfig> sockets, AuthConfig auth, String source) {
        return new ConfigFile(Collections.unmodifiableMap(sockets), auth, source);
    }

    /**
     * Reads a file: ZPL when its name ends in {@code .zpl}, {@code .cfg} or {@code .conf},
     * YAML otherwise. Relative paths in it (certificate directory, password file) are taken from
     * the file's directory.
     */
    public static ConfigFile read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Path dir = file.toAbsolutePath().getParent();
        return isZpl(file) ? ConfigReader.read(Formats.readZpl(text, file.toString()), dir)
                : ConfigReader.read(Formats.readYaml(text, file.toString()), dir);
    }

    /** Parses YAML text; {@code source} (a file name) is what errors name. */
    public static ConfigFile parseYaml(String text, String source) {
        return ConfigReader.read(Formats.readYaml(text, source), null);
    }

    /** Parses ZPL text; {@code source} (a file name) is what errors name. */
    public static ConfigFile parseZpl(String text, String source) {
        return ConfigReader.read(Formats.readZpl(text, source), null);
    }

    private static boolean isZpl(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".zpl") || n.endsWith(".cfg") || n.endsWith(".conf");
    }

    /** The sockets by name, in file order. */
    public Map<String, SocketConfig> sockets() {
        return sockets;
    }

    /** The socket of this name; EINVAL naming the file and the names it has when there is none. */
    public SocketConfig socket(String name) {
        SocketConfig c = sockets.get(name);
        if (c == null) {
            throw new ZmqException(ZmqException.Kind.EINVAL, source + ": no socket '" + name + "' (it has " + sockets.keySet() + ")");
        }
        return c;
    }

    /** The auth section, or {@link AuthConfig#empty()} when the file has none. */
    public AuthConfig auth() {
        return auth == null ? AuthConfig.empty() : auth;
    }

    /** Whether the file has an auth section. */
    public boolean hasAuth() {
        return auth != null;
    }

    /** The file (or other source) this was read from. */
    public String source() {
        return source;
    }

    /** As YAML, in the keys it is read with. */
    public String toYaml() {
        return Formats.writeYaml(ConfigWriter.write(this));
    }

    /** As ZPL. */
    public String toZpl() {
        return Formats.writeZpl(ConfigWriter.write(this), null);
    }

    /** Writes it to a file, as ZPL or YAML by the file's name (as {@link #read} reads it). */
    public void write(Path file) throws IOException {
        Files.writeString(file, isZpl(file) ? toZpl() : toYaml(), StandardCharsets.UTF_8);
    }

    /** Equal when the sockets (by name) and the auth sections are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigFile f && f.sockets.equals(sockets) && Objects.equals(f.auth, auth);
    }

    @Override
    public int hashCode() {
        return sockets.hashCode();
    }

    @Override
    public String toString() {
        return "ConfigFile[" + source + ": " + sockets.keySet() + (auth == null ? "" : ", auth") + "]";
    }
}
