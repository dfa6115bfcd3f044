package io.zmq4j.internal.socket;

import io.zmq4j.SocketType;
import io.zmq4j.ZmqException;

/**
 * A socket's option values, with libzmq 4.3's defaults. Connections copy what they need when
 * they start, so a change applies to later binds and connects, as in libzmq.
 */
public final class Options implements Cloneable {
    public final SocketType type;
    public int sndhwm = 1000;
    public int rcvhwm = 1000;
    public int lingerMs = -1;
    public int sndtimeoMs = -1;
    public int rcvtimeoMs = -1;
    public byte[] routingId = new byte[0];
    public byte[] connectRoutingId;
    public boolean routerMandatory;
    public boolean routerHandover;
    public boolean probeRouter;
    public boolean reqCorrelate;
    public boolean reqRelaxed;
    public int reconnectIvlMs = 100;
    public int reconnectIvlMaxMs = 0;
    public int backlog = 100;
    public long maxMsgSize = -1;
    /** udp multicast: the datagrams' TTL (ZMQ_MULTICAST_HOPS). */
    public int multicastHops = 1;
    /** udp multicast: whether this host's own dishes hear a radio's datagrams (ZMQ_MULTICAST_LOOP). */
    public boolean multicastLoop = true;
    public int tcpKeepalive = -1;
    public int tcpKeepaliveIdle = -1;
    public int tcpKeepaliveCnt = -1;
    public int tcpKeepaliveIntvl = -1;
    public boolean immediate;
    public boolean conflate;
    public int handshakeIvlMs = 30_000;
    public boolean streamNotify = true;
    public int heartbeatIvlMs;
    public int heartbeatTimeoutMs = -1;
    public int heartbeatTtlMs;
    public int connectTimeoutMs;
    public int reconnectStop;
    public boolean xpubVerbose;
    public boolean xpubVerboser;
    public boolean xpubManual;
    public boolean xpubManualLastValue;
    public byte[] xpubWelcome;
    public boolean xpubNoDrop;
    public boolean invertMatching;
    public boolean onlyFirstSubscribe;
    /** Security: NULL, PLAIN or CURVE, and whether this side is the server (libzmq's as_server). */
    public String mechanism = "NULL";
    public boolean asServer;
    public byte[] plainUsername;
    public byte[] plainPassword;
    public byte[] curvePublicKey;
    public byte[] curveSecretKey;
    /**
     * The public key of {@link #curveSecretKey}, derived once when it is set: a CURVE server needs
     * it for every INITIATE's vouch, and an X25519 base multiplication per connection (about
     * 27 µs compiled, tens of ms before the JIT) is work a busy server need not repeat.
     */
    private byte[] curveSecretsPublicKey;

    /** Sets {@link #curveSecretKey} (a valid 32-byte key, kept as it is) and derives its public key. */
    public void curveSecret(byte[] secret) {
        curveSecretsPublicKey = io.zmq4j.internal.security.CryptoBox.publicKey(secret);
        curveSecretKey = secret;
    }

    /**
     * The public key of {@link #curveSecretKey}, null without one: the one derived by
     * {@link #curveSecret}, or derived now where the field was set directly.
     */
    public byte[] curveSecretsPublicKey() {
        if (curveSecretKey == null) {
            return null;
        }
        return curveSecretsPublicKey != null ? curveSecretsPublicKey : io.zmq4j.internal.security.CryptoBox.publicKey(curveSecretKey);
    }

    /** Overwrites the secret key and the PLAIN password once nothing can connect again. */
    public synchronized void eraseSecrets() {
        if (curveSecretKey != null) {
            java.util.Arrays.fill(curveSecretKey, (byte) 0);
        }
        if (plainPassword != null) {
            java.util.Arrays.fill(plainPassword, (byte) 0);
        }
    }
    public byte[] curveServerKey;
    /** wss: the server's certificate chain and key, and what a client trusts (PEM; null: none, or the JDK's trust). */
    public String wssCertPem;
    public String wssKeyPem;
    public String wssTrustPem;
    /** wss: the TLS context made from those, once per bind or connect. */
    public javax.net.ssl.SSLContext tlsContext;
    public String zapDomain = "";

    public Options(SocketType type) {
        this.type = type;
    }

    public Options copy() {
        try {
            return (Options) clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    /** Throws EINVAL naming the option and the value when {@code ok} is false. */
    public static void check(boolean ok, String option, Object value, String rule) {
        if (!ok) {
            throw new ZmqException(ZmqException.Kind.EINVAL,
                    "invalid value " + value + " for option " + option + ": " + rule);
        }
    }
}
