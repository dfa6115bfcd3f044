package io.zmq4j.internal.security;

import io.zmq4j.internal.zmtp.Commands;
import io.zmq4j.internal.zmtp.Mechanism;
import io.zmq4j.internal.zmtp.ZmtpException;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;

/** PLAIN client (RFC 24): HELLO with username and password, WELCOME, INITIATE, READY. */
final class PlainClient implements Mechanism {
    private enum State { WELCOME, READY, DONE }

    private final Mechanisms.Setup setup;
    private final byte[] username;
    private final byte[] password;
    private State state = State.WELCOME;
    private Map<String, byte[]> peer;

    PlainClient(Mechanisms.Setup setup) {
        this.setup = setup;
        this.username = setup.options.plainUsername == null ? new byte[0] : setup.options.plainUsername.clone();
        this.password = setup.options.plainPassword == null ? new byte[0] : setup.options.plainPassword.clone();
    }

    @Override
    public String name() {
        return "PLAIN";
    }

    @Override
    public void start(Consumer<byte[]> send) {
        byte[] data = new byte[2 + username.length + password.length];
        data[0] = (byte) username.length;
        System.arraycopy(username, 0, data, 1, username.length);
        data[1 + username.length] = (byte) password.length;
        System.arraycopy(password, 0, data, 2 + username.length, password.length);
        send.accept(Commands.command("HELLO", data));
        Arrays.fill(data, (byte) 0);
    }

    @Override
    public boolean command(byte[] body, Consumer<byte[]> send) throws ZmtpException {
        String name = Commands.name(body);
        if (name.equals(Commands.ERROR)) {
            throw new ZmtpException(ZmtpException.Code.AUTH_FAILED, "PLAIN server refused us: ERROR " + Commands.errorReason(body));
        }
        if (state == State.WELCOME && name.equals("WELCOME") && body.length == 8) {
            send.accept(Commands.command("INITIATE", Commands.properties(setup.ours)));
            state = State.READY;
            return false;
        }
        if (state == State.READY && name.equals(Commands.READY)) {
            peer = Commands.parseProperties(body, Commands.dataOffset(body));
            state = State.DONE;
            return true;
        }
        throw new ZmtpException(ZmtpException.Code.UNEXPECTED_COMMAND, "unexpected " + name + " in PLAIN handshake (waiting for " + state + ")");
    }

    @Override
    public Map<String, byte[]> peerProperties() {
        return peer;
    }

    @Override
    public void close() {
        Arrays.fill(password, (byte) 0);
    }
}
