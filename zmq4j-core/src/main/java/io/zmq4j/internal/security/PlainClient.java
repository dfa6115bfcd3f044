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
        if (isLibzmq434PlainError(body)) {
            throw ServerAuth.peerError("PLAIN", new String(body, 6, 3, java.nio.charset.StandardCharsets.US_ASCII));
        }
        String name = Commands.name(body);
        if (name.equals(Commands.ERROR)) {
            throw ServerAuth.peerError("PLAIN", Commands.errorReason(body));
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

    /**
     * libzmq 4.3.4's PLAIN server sends its ZAP refusal as a 9-byte command, {@code "^RROR"}, the
     * byte 3 and the status code, where RFC 23 has {@code [5]"ERROR" [3]"400"} (observed on the
     * wire, every time). We read it as the ERROR it means, so the refusal is reported as an
     * authentication failure with its status code.
     */
    private static boolean isLibzmq434PlainError(byte[] body) {
        return body.length == 9 && body[1] == 'R' && body[2] == 'R' && body[3] == 'O' && body[4] == 'R' && body[5] == 3
                && Character.isDigit(body[6]) && Character.isDigit(body[7]) && Character.isDigit(body[8]);
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
