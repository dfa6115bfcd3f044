package io.zmq4j.internal.security;

import io.zmq4j.internal.zmtp.Commands;
import io.zmq4j.internal.zmtp.Mechanism;
import io.zmq4j.internal.zmtp.ZmtpException;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;

/**
 * PLAIN server (RFC 24) as libzmq 4.3: the HELLO's credentials go to ZAP; without a ZAP handler
 * every client is welcome. A malformed HELLO closes the connection without an ERROR.
 */
final class PlainServer implements Mechanism {
    private enum State { HELLO, ZAP, INITIATE, DONE }

    private final Mechanisms.Setup setup;
    private final ServerAuth auth;
    private State state = State.HELLO;
    private Map<String, byte[]> peer;

    PlainServer(Mechanisms.Setup setup) {
        this.setup = setup;
        this.auth = new ServerAuth(setup);
    }

    @Override
    public String name() {
        return "PLAIN";
    }

    @Override
    public boolean asServer() {
        return true;
    }

    @Override
    public void start(Consumer<byte[]> send) {
        // the client speaks first
    }

    @Override
    public boolean command(byte[] body, Consumer<byte[]> send) throws ZmtpException {
        String name = Commands.name(body);
        if (state == State.HELLO && name.equals("HELLO")) {
            hello(body, send);
            return false;
        }
        if (state == State.INITIATE && name.equals("INITIATE")) {
            peer = auth.properties(Commands.parseProperties(body, Commands.dataOffset(body)));
            send.accept(Commands.command(Commands.READY, Commands.properties(setup.ours)));
            state = State.DONE;
            return true;
        }
        if (name.equals(Commands.ERROR)) {
            throw new ZmtpException(ZmtpException.Code.UNSPECIFIED, "PLAIN client sent ERROR " + Commands.errorReason(body));
        }
        throw new ZmtpException(ZmtpException.Code.UNEXPECTED_COMMAND, "unexpected " + name + " in PLAIN handshake (waiting for " + state + ")");
    }

    private void hello(byte[] body, Consumer<byte[]> send) throws ZmtpException {
        int p = Commands.dataOffset(body);
        if (p >= body.length) {
            throw malformed("no username");
        }
        int ulen = body[p] & 0xFF;
        if (p + 1 + ulen > body.length) {
            throw malformed("username longer than the command");
        }
        byte[] user = Arrays.copyOfRange(body, p + 1, p + 1 + ulen);
        p += 1 + ulen;
        if (p >= body.length) {
            throw malformed("no password");
        }
        int plen = body[p] & 0xFF;
        if (p + 1 + plen != body.length) {
            throw malformed(p + 1 + plen > body.length ? "password longer than the command" : "extra bytes after the password");
        }
        byte[] pass = Arrays.copyOfRange(body, p + 1, p + 1 + plen);
        Arrays.fill(body, (byte) 0);
        if (auth.ask("PLAIN", user, pass)) {
            state = State.ZAP;
        } else {
            welcome(send);
        }
    }

    private static ZmtpException malformed(String what) {
        return new ZmtpException(ZmtpException.Code.MALFORMED_COMMAND, "malformed PLAIN HELLO: " + what);
    }

    private void welcome(Consumer<byte[]> send) {
        send.accept(Commands.command("WELCOME", new byte[0]));
        state = State.INITIATE;
    }

    @Override
    public boolean resume(Consumer<byte[]> send) throws ZmtpException {
        if (state == State.ZAP && auth.granted(send)) {
            welcome(send);
        }
        return false;
    }

    @Override
    public Map<String, byte[]> peerProperties() {
        return peer;
    }

    @Override
    public void close() {
        auth.close();
    }
}
