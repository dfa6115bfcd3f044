package io.zmq4j.internal.security;

import io.zmq4j.internal.zmtp.Commands;
import io.zmq4j.internal.zmtp.Mechanism;
import io.zmq4j.internal.zmtp.ZmtpException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;

/**
 * CURVE server (RFC 25/26) as libzmq 4.3: opens HELLO, answers WELCOME with a cookie under a
 * per-connection key, checks the INITIATE's cookie and vouch, asks ZAP with the client's
 * long-term key (without a handler everyone is let in), then READY with metadata.
 */
final class CurveServer extends CurveMechanism {
    private enum State { HELLO, INITIATE, ZAP, DONE }

    private final Mechanisms.Setup setup;
    private final ServerAuth auth;
    private final byte[] secretKey;
    private final byte[] publicKey;
    /** Our transient keypair, made for a HELLO that opened: a connection that never sends one costs no key. */
    private byte[] cnPublic;
    private byte[] cnSecret;
    private byte[] cnClient;
    private byte[] cookieKey;
    private byte[] precom;
    /** The key of HELLO's box and WELCOME's (the client's transient key and our long-term one), erased after WELCOME. */
    private byte[] helloKey;
    private long nonce = 1;
    private long peerNonce;
    private State state = State.HELLO;

    CurveServer(Mechanisms.Setup setup) {
        super("CurveZMQMESSAGES", "CurveZMQMESSAGEC");
        this.setup = setup;
        this.auth = new ServerAuth(setup);
        this.secretKey = setup.options.curveSecretKey == null ? null : setup.options.curveSecretKey.clone();
        this.publicKey = setup.options.curveSecretsPublicKey();
    }

    @Override
    public String name() {
        return "CURVE";
    }

    @Override
    public boolean asServer() {
        return true;
    }

    @Override
    public void start(Consumer<byte[]> send) throws ZmtpException {
        if (secretKey == null) {
            throw new ZmtpException(ZmtpException.Code.KEY_EXCHANGE, "CURVE server has no secret key (setCurveSecretKey)");
        }
    }

    @Override
    public boolean command(byte[] body, Consumer<byte[]> send) throws ZmtpException {
        String name = Commands.name(body);
        if (state == State.HELLO && name.equals("HELLO")) {
            hello(body);
            send.accept(welcome());
            state = State.INITIATE;
            return false;
        }
        if (state == State.INITIATE && name.equals("INITIATE")) {
            initiate(body);
            if (auth.ask("CURVE", publicKeyOfClient)) {
                state = State.ZAP;
                return false;
            }
            return ready(send);
        }
        if (name.equals(Commands.ERROR)) {
            throw new ZmtpException(ZmtpException.Code.UNSPECIFIED, "CURVE client sent ERROR " + Commands.errorReason(body));
        }
        throw new ZmtpException(ZmtpException.Code.UNEXPECTED_COMMAND, "unexpected " + name + " in CURVE handshake (waiting for " + state + ")");
    }

    private byte[] publicKeyOfClient;

    private void hello(byte[] body) throws ZmtpException {
        if (body.length != 200) {
            throw new ZmtpException(ZmtpException.Code.MALFORMED_COMMAND, "CURVE HELLO of " + body.length + " bytes, not 200");
        }
        if (body[6] != 1 || body[7] != 0) {
            throw new ZmtpException(ZmtpException.Code.MALFORMED_COMMAND, "CURVE HELLO version " + body[6] + "." + body[7] + ", not 1.0");
        }
        cnClient = Arrays.copyOfRange(body, 80, 112);
        peerNonce = CurveClient.getLong(body, 112);
        byte[] plain;
        try {
            helloKey = CryptoBox.beforenm(cnClient, secretKey);
            plain = CryptoBox.unseal(body, 120, 80, CryptoBox.nonce("CurveZMQHELLO---", body, 112), helloKey);
        } catch (SecurityException e) {
            plain = null;
        }
        if (plain == null) {
            throw new ZmtpException(ZmtpException.Code.CRYPTOGRAPHIC, "CURVE HELLO does not open: the client has the wrong server key");
        }
    }

    private byte[] welcome() {
        byte[][] kp = CryptoBox.keyPair();
        cnPublic = kp[0];
        cnSecret = kp[1];
        cookieKey = CryptoBox.randomBytes(32);
        byte[] cookieNonce = CryptoBox.randomBytes(16);
        byte[] cookiePlain = new byte[64];
        System.arraycopy(cnClient, 0, cookiePlain, 0, 32);
        System.arraycopy(cnSecret, 0, cookiePlain, 32, 32);
        byte[] cookie = CryptoBox.seal(cookiePlain, 0, 64, CryptoBox.nonce("COOKIE--", cookieNonce, 0), cookieKey);
        Arrays.fill(cookiePlain, (byte) 0);
        byte[] plain = new byte[128];
        System.arraycopy(cnPublic, 0, plain, 0, 32);
        System.arraycopy(cookieNonce, 0, plain, 32, 16);
        System.arraycopy(cookie, 0, plain, 48, 80);
        byte[] welcomeNonce = CryptoBox.randomBytes(16);
        byte[] box = CryptoBox.seal(plain, 0, plain.length, CryptoBox.nonce("WELCOME-", welcomeNonce, 0), helloKey);
        Arrays.fill(helloKey, (byte) 0);
        byte[] out = new byte[168];
        System.arraycopy(new byte[] {7, 'W', 'E', 'L', 'C', 'O', 'M', 'E'}, 0, out, 0, 8);
        System.arraycopy(welcomeNonce, 0, out, 8, 16);
        System.arraycopy(box, 0, out, 24, 144);
        return out;
    }

    private void initiate(byte[] body) throws ZmtpException {
        if (body.length < 257) {
            throw new ZmtpException(ZmtpException.Code.MALFORMED_COMMAND, "CURVE INITIATE of " + body.length + " bytes is too short");
        }
        byte[] cookie = CryptoBox.unseal(body, 25, 80, CryptoBox.nonce("COOKIE--", body, 9), cookieKey);
        Arrays.fill(cookieKey, (byte) 0); // a cookie is good once
        if (cookie == null || !MessageDigest.isEqual(Arrays.copyOfRange(cookie, 0, 32), cnClient)
                || !MessageDigest.isEqual(Arrays.copyOfRange(cookie, 32, 64), cnSecret)) {
            throw new ZmtpException(ZmtpException.Code.CRYPTOGRAPHIC, "CURVE INITIATE carries an invalid cookie");
        }
        Arrays.fill(cookie, (byte) 0);
        long n = CurveClient.getLong(body, 105);
        if (Long.compareUnsigned(n, peerNonce) <= 0) {
            throw new ZmtpException(ZmtpException.Code.INVALID_SEQUENCE, "CURVE INITIATE nonce does not follow the HELLO's");
        }
        try {
            precom = CryptoBox.beforenm(cnClient, cnSecret);
        } catch (SecurityException e) {
            throw new ZmtpException(ZmtpException.Code.KEY_EXCHANGE, "CURVE client sent a degenerate transient key");
        }
        byte[] plain = CryptoBox.unseal(body, 113, body.length - 113, CryptoBox.nonce("CurveZMQINITIATE", body, 105), precom);
        if (plain == null) {
            throw new ZmtpException(ZmtpException.Code.CRYPTOGRAPHIC, "CURVE INITIATE box does not open");
        }
        byte[] clientKey = Arrays.copyOfRange(plain, 0, 32);
        byte[] vouch;
        try {
            vouch = CryptoBox.open(Arrays.copyOfRange(plain, 48, 128), CryptoBox.nonce("VOUCH---", plain, 32), clientKey, cnSecret);
        } catch (SecurityException e) {
            vouch = null;
        }
        if (vouch == null || !MessageDigest.isEqual(Arrays.copyOfRange(vouch, 0, 32), cnClient)
                || !MessageDigest.isEqual(Arrays.copyOfRange(vouch, 32, 64), publicKey)) {
            throw new ZmtpException(ZmtpException.Code.CRYPTOGRAPHIC, "CURVE INITIATE vouch is invalid");
        }
        peerNonce = n;
        publicKeyOfClient = clientKey;
        peer = Commands.parseProperties(plain, 128);
    }

    private boolean ready(Consumer<byte[]> send) {
        peer = auth.properties(peer);
        byte[] meta = Commands.properties(setup.ours);
        long n = nonce++;
        byte[] out = new byte[14 + CryptoBox.MAC_BYTES + meta.length];
        System.arraycopy(new byte[] {5, 'R', 'E', 'A', 'D', 'Y'}, 0, out, 0, 6);
        CurveClient.putLong(out, 6, n);
        CryptoBox.sealInto(meta, 0, meta.length, CryptoBox.nonce("CurveZMQREADY---", n), precom, out, 14);
        send.accept(out);
        codec.start(precom, nonce, peerNonce);
        state = State.DONE;
        return true;
    }

    @Override
    public boolean resume(Consumer<byte[]> send) throws ZmtpException {
        if (state == State.ZAP && auth.granted(send)) {
            return ready(send);
        }
        return false;
    }

    @Override
    public void close() {
        auth.close();
        if (secretKey != null) {
            Arrays.fill(secretKey, (byte) 0);
        }
        if (cnSecret != null) {
            Arrays.fill(cnSecret, (byte) 0);
        }
        if (helloKey != null) {
            Arrays.fill(helloKey, (byte) 0);
        }
        if (cookieKey != null) {
            Arrays.fill(cookieKey, (byte) 0);
        }
        codec.erase();
    }
}
