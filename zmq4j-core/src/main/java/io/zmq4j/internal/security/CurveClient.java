package io.zmq4j.internal.security;

import io.zmq4j.internal.zmtp.Commands;
import io.zmq4j.internal.zmtp.Mechanism;
import io.zmq4j.internal.zmtp.ZmtpException;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;

/**
 * CURVE client (RFC 25/26) as libzmq 4.3: HELLO, WELCOME, INITIATE (long-term key, vouch and
 * metadata), READY (metadata), then MESSAGE boxes. Without a configured keypair it uses an
 * ephemeral one.
 */
final class CurveClient extends CurveMechanism {
    private enum State { WELCOME, READY, DONE }

    private final Mechanisms.Setup setup;
    private final byte[] serverKey;
    private final byte[] publicKey;
    private final byte[] secretKey;
    private final byte[] cnPublic;
    private final byte[] cnSecret;
    private byte[] cnServer;
    private byte[] cookie;
    private byte[] precom;
    /**
     * The key of HELLO's box and WELCOME's (server's long-term key and our transient one): made
     * once for the two, as libsodium's crypto_box_beforenm would, and erased after WELCOME.
     */
    private byte[] helloKey;
    private long nonce = 1;
    private State state = State.WELCOME;

    CurveClient(Mechanisms.Setup setup) {
        super("CurveZMQMESSAGEC", "CurveZMQMESSAGES");
        this.setup = setup;
        this.serverKey = setup.options.curveServerKey == null ? null : setup.options.curveServerKey.clone();
        if (setup.options.curveSecretKey != null) {
            this.secretKey = setup.options.curveSecretKey.clone();
            this.publicKey = setup.options.curvePublicKey != null ? setup.options.curvePublicKey.clone() : setup.options.curveSecretsPublicKey();
        } else {
            byte[][] kp = CryptoBox.keyPair();
            this.publicKey = kp[0];
            this.secretKey = kp[1];
        }
        byte[][] kp = CryptoBox.keyPair();
        this.cnPublic = kp[0];
        this.cnSecret = kp[1];
    }

    @Override
    public String name() {
        return "CURVE";
    }

    @Override
    public void start(Consumer<byte[]> send) throws ZmtpException {
        if (serverKey == null) {
            throw new ZmtpException(ZmtpException.Code.KEY_EXCHANGE, "CURVE client has no server key (setCurveServerKey)");
        }
        long n = nonce++;
        try {
            helloKey = CryptoBox.beforenm(serverKey, cnSecret);
        } catch (SecurityException e) {
            throw new ZmtpException(ZmtpException.Code.KEY_EXCHANGE, "CURVE server key is degenerate (a low-order point): " + e.getMessage());
        }
        byte[] box = CryptoBox.seal(new byte[64], 0, 64, CryptoBox.nonce("CurveZMQHELLO---", n), helloKey);
        byte[] hello = new byte[200];
        System.arraycopy(new byte[] {5, 'H', 'E', 'L', 'L', 'O', 1, 0}, 0, hello, 0, 8);
        System.arraycopy(cnPublic, 0, hello, 80, 32);
        putLong(hello, 112, n);
        System.arraycopy(box, 0, hello, 120, 80);
        send.accept(hello);
    }

    static void putLong(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (56 - 8 * i));
        }
    }

    static long getLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    @Override
    public boolean command(byte[] body, Consumer<byte[]> send) throws ZmtpException {
        String name = Commands.name(body);
        if (name.equals(Commands.ERROR)) {
            throw ServerAuth.peerError("CURVE", Commands.errorReason(body));
        }
        if (state == State.WELCOME && name.equals("WELCOME")) {
            welcome(body);
            send.accept(initiate());
            state = State.READY;
            return false;
        }
        if (state == State.READY && name.equals(Commands.READY)) {
            ready(body);
            state = State.DONE;
            return true;
        }
        throw new ZmtpException(ZmtpException.Code.UNEXPECTED_COMMAND, "unexpected " + name + " in CURVE handshake (waiting for " + state + ")");
    }

    private void welcome(byte[] body) throws ZmtpException {
        if (body.length != 168) {
            throw new ZmtpException(ZmtpException.Code.MALFORMED_COMMAND, "CURVE WELCOME of " + body.length + " bytes, not 168");
        }
        byte[] plain = CryptoBox.unseal(body, 24, 144, CryptoBox.nonce("WELCOME-", body, 8), helloKey);
        Arrays.fill(helloKey, (byte) 0);
        if (plain == null) {
            throw new ZmtpException(ZmtpException.Code.CRYPTOGRAPHIC, "CURVE WELCOME does not open: wrong server key?");
        }
        cnServer = Arrays.copyOfRange(plain, 0, 32);
        cookie = Arrays.copyOfRange(plain, 32, 128);
        Arrays.fill(plain, (byte) 0);
        try {
            precom = CryptoBox.beforenm(cnServer, cnSecret);
        } catch (SecurityException e) {
            throw new ZmtpException(ZmtpException.Code.KEY_EXCHANGE, "CURVE server sent a degenerate transient key");
        }
    }

    private byte[] initiate() {
        byte[] vouchNonce = CryptoBox.randomBytes(16);
        byte[] vouchPlain = new byte[64];
        System.arraycopy(cnPublic, 0, vouchPlain, 0, 32);
        System.arraycopy(serverKey, 0, vouchPlain, 32, 32);
        byte[] vouch = CryptoBox.box(vouchPlain, CryptoBox.nonce("VOUCH---", vouchNonce, 0), cnServer, secretKey);
        byte[] meta = Commands.properties(setup.ours);
        byte[] plain = new byte[32 + 16 + 80 + meta.length];
        System.arraycopy(publicKey, 0, plain, 0, 32);
        System.arraycopy(vouchNonce, 0, plain, 32, 16);
        System.arraycopy(vouch, 0, plain, 48, 80);
        System.arraycopy(meta, 0, plain, 128, meta.length);
        long n = nonce++;
        byte[] out = new byte[9 + 96 + 8 + CryptoBox.MAC_BYTES + plain.length];
        System.arraycopy(new byte[] {8, 'I', 'N', 'I', 'T', 'I', 'A', 'T', 'E'}, 0, out, 0, 9);
        System.arraycopy(cookie, 0, out, 9, 96);
        putLong(out, 105, n);
        CryptoBox.sealInto(plain, 0, plain.length, CryptoBox.nonce("CurveZMQINITIATE", n), precom, out, 113);
        return out;
    }

    private void ready(byte[] body) throws ZmtpException {
        if (body.length < 30) {
            throw new ZmtpException(ZmtpException.Code.MALFORMED_COMMAND, "CURVE READY of " + body.length + " bytes is too short");
        }
        long n = getLong(body, 6);
        byte[] plain = CryptoBox.unseal(body, 14, body.length - 14, CryptoBox.nonce("CurveZMQREADY---", body, 6), precom);
        if (plain == null) {
            throw new ZmtpException(ZmtpException.Code.CRYPTOGRAPHIC, "CURVE READY does not open");
        }
        peer = Commands.parseProperties(plain, 0);
        codec.start(precom, nonce, n);
    }

    @Override
    public void close() {
        Arrays.fill(secretKey, (byte) 0);
        Arrays.fill(cnSecret, (byte) 0);
        if (helloKey != null) {
            Arrays.fill(helloKey, (byte) 0);
        }
        codec.erase();
    }
}
