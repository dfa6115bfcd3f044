package io.zmq4j;

import io.zmq4j.internal.security.Z85;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A socket's security mechanism and its credentials as one immutable value: NULL, a PLAIN
 * client or server (RFC 24), a CURVE client or server (RFC 25/26). Given to
 * {@link SocketBuilder#mechanism}; the keys and names are checked when the socket is built,
 * by the same code as {@link Socket#setCurveServerKey} and the other security setters.
 *
 * <pre>{@code
 * CurveKeyPair serverKeys = CurveKeyPair.generate(), clientKeys = CurveKeyPair.generate();
 * try (Context ctx = Context.create();
 *      Socket server = ctx.socketBuilder(SocketType.ROUTER)
 *              .mechanism(Mechanism.curveServer(serverKeys.secretKey())).bind("tcp://127.0.0.1:*").build();
 *      Socket client = ctx.socketBuilder(SocketType.DEALER)
 *              .mechanism(Mechanism.curveClient(clientKeys, serverKeys.publicKey())).connect(server.lastEndpoint()).build()) {
 *     client.send(Msg.of("hello"));
 * }
 * }</pre>
 *
 * <p>{@link #toString()} never shows a password or a secret key.
 *
 * <p>CURVE's boxes for frames over 223 bytes take about half the CPU in a JVM started with
 * {@code --add-modules jdk.incubator.vector} on AVX2 or AVX-512 hardware: Salsa20 and Poly1305
 * then run several blocks at a time through the JDK's Vector API, once a check on a thread of
 * its own has found them correct and faster in that JVM ({@code docs/security.md}).
 */
public final class Mechanism {
    /** Which mechanism, and which side of it. */
    public enum Kind { NULL, PLAIN_CLIENT, PLAIN_SERVER, CURVE_CLIENT, CURVE_SERVER }

    /** No security (the default). */
    public static final Mechanism NULL = new Mechanism(Kind.NULL, null, null, null, null, null);

    private static final Mechanism PLAIN_SERVER = new Mechanism(Kind.PLAIN_SERVER, null, null, null, null, null);

    private final Kind kind;
    private final String username;
    private final String password;
    private final byte[] publicKey;
    private final byte[] secretKey;
    private final byte[] serverKey;

    private Mechanism(Kind kind, String username, String password, byte[] publicKey, byte[] secretKey, byte[] serverKey) {
        this.kind = kind;
        this.username = username;
        this.password = password;
        this.publicKey = publicKey;
        this.secretKey = secretKey;
        this.serverKey = serverKey;
    }

    /** A PLAIN client with these credentials (each at most 255 UTF-8 bytes). */
    public static Mechanism plainClient(String username, String password) {
        return new Mechanism(Kind.PLAIN_CLIENT, Objects.requireNonNull(username, "username"), password == null ? "" : password, null, null,
                null);
    }

    /** A PLAIN server: the context's ZAP handler (an {@link Authenticator}) checks the passwords. */
    public static Mechanism plainServer() {
        return PLAIN_SERVER;
    }

    /**
     * A CURVE client of the server with this public key (32 bytes), with its own long-term
     * keypair; {@code clientKeys} null gives each connection a fresh ephemeral keypair.
     */
    public static Mechanism curveClient(CurveKeyPair clientKeys, byte[] serverPublicKey) {
        Objects.requireNonNull(serverPublicKey, "server public key");
        return new Mechanism(Kind.CURVE_CLIENT, null, null, clientKeys == null ? null : clientKeys.publicKey(),
                clientKeys == null ? null : clientKeys.secretKey(), serverPublicKey.clone());
    }

    /** {@link #curveClient(CurveKeyPair, byte[])} with the server's key in Z85 (40 characters). */
    public static Mechanism curveClient(CurveKeyPair clientKeys, String serverPublicZ85) {
        Objects.requireNonNull(serverPublicZ85, "server public key");
        return curveClient(clientKeys, serverPublicZ85.getBytes(StandardCharsets.US_ASCII));
    }

    /** A CURVE server with this secret key (32 bytes); clients are checked by the context's ZAP handler. */
    public static Mechanism curveServer(byte[] serverSecretKey) {
        Objects.requireNonNull(serverSecretKey, "server secret key");
        return new Mechanism(Kind.CURVE_SERVER, null, null, null, serverSecretKey.clone(), null);
    }

    /** {@link #curveServer(byte[])} with the secret key in Z85 (40 characters). */
    public static Mechanism curveServer(String serverSecretZ85) {
        Objects.requireNonNull(serverSecretZ85, "server secret key");
        return curveServer(serverSecretZ85.getBytes(StandardCharsets.US_ASCII));
    }

    public Kind kind() {
        return kind;
    }

    /** PLAIN client: the username; otherwise null. */
    public String username() {
        return username;
    }

    /** PLAIN client: the password; otherwise null. */
    public String password() {
        return password;
    }

    /**
     * CURVE client: its own keypair, or null for an ephemeral one per connection; CURVE server:
     * the server's keypair (public key derived from the secret one); otherwise null.
     */
    public CurveKeyPair keyPair() {
        if (secretKey == null) {
            return null;
        }
        return CurveKeyPair.fromSecret(key32(secretKey));
    }

    /** CURVE client: a copy of the server's public key as given (32 bytes, or 40 Z85 characters); otherwise null. */
    public byte[] serverPublicKey() {
        return serverKey == null ? null : serverKey.clone();
    }

    /** CURVE client: the server's public key in Z85; otherwise null. */
    public String serverPublicZ85() {
        return serverKey == null ? null : Z85.encode(key32(serverKey));
    }

    private static byte[] key32(byte[] key) {
        try {
            return Z85.key(key, "CURVE key");
        } catch (IllegalArgumentException e) {
            throw new ZmqException(ZmqException.Kind.EINVAL, e.getMessage());
        }
    }

    /** Applies this mechanism to {@code s} through its public setters (the one code path that checks them). */
    void applyTo(Socket s) {
        switch (kind) {
            case NULL:
                s.setCurveServer(false);
                break;
            case PLAIN_CLIENT:
                s.setPlainCredentials(username, password);
                break;
            case PLAIN_SERVER:
                s.setPlainServer(true);
                break;
            case CURVE_CLIENT:
                s.setCurveServerKey(serverKey);
                if (publicKey != null) {
                    s.setCurvePublicKey(publicKey).setCurveSecretKey(secretKey);
                }
                break;
            case CURVE_SERVER:
                s.setCurveServer(true).setCurveSecretKey(secretKey);
                break;
            default:
                throw new AssertionError(kind);
        }
    }

    /** The mechanism a socket's options describe. */
    static Mechanism of(io.zmq4j.internal.socket.Options o) {
        switch (o.mechanism) {
            case "PLAIN":
                return o.asServer ? PLAIN_SERVER
                        : plainClient(new String(o.plainUsername, StandardCharsets.UTF_8), new String(o.plainPassword, StandardCharsets.UTF_8));
            case "CURVE":
                if (o.asServer) {
                    return curveServer(o.curveSecretKey);
                }
                return new Mechanism(Kind.CURVE_CLIENT, null, null, o.curvePublicKey == null ? null : o.curvePublicKey.clone(),
                        o.curvePublicKey == null || o.curveSecretKey == null ? null : o.curveSecretKey.clone(), o.curveServerKey.clone());
            default:
                return NULL;
        }
    }

    /** Equal when of the same kind with the same credentials (keys compared as 32-byte values, whether given as bytes or Z85). */
    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Mechanism m) || m.kind != kind) {
            return false;
        }
        return Objects.equals(username, m.username) && Objects.equals(password, m.password) && sameKey(publicKey, m.publicKey)
                && sameKey(secretKey, m.secretKey) && sameKey(serverKey, m.serverKey);
    }

    private static boolean sameKey(byte[] a, byte[] b) {
        if (a == null || b == null) {
            return a == b;
        }
        try {
            return Arrays.equals(Z85.key(a, "key"), Z85.key(b, "key"));
        } catch (IllegalArgumentException e) {
            return Arrays.equals(a, b);
        }
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, username);
    }

    @Override
    public String toString() {
        switch (kind) {
            case PLAIN_CLIENT:
                return "Mechanism[PLAIN client " + username + "]";
            case CURVE_CLIENT:
                return "Mechanism[CURVE client" + (publicKey == null ? ", ephemeral keys" : "") + "]";
            default:
                return "Mechanism[" + kind + "]";
        }
    }
}
