package io.zmq4j.internal.security;

import io.zmq4j.internal.zmtp.Commands;
import io.zmq4j.internal.zmtp.Mechanism;
import io.zmq4j.internal.zmtp.ZmtpException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * NULL with a ZAP domain set, as libzmq 4.3: before sending READY, ask the ZAP handler (no
 * credentials, so the handler judges by address); a refusal sends ERROR (400/500) or nothing
 * (300) and closes. Without a handler bound it is plain NULL.
 */
final class NullWithZap implements Mechanism {
    private final Mechanisms.Setup setup;
    private final ServerAuth auth;
    private boolean waiting;
    private boolean readySent;
    private Map<String, byte[]> peer;

    NullWithZap(Mechanisms.Setup setup) {
        this.setup = setup;
        this.auth = new ServerAuth(setup);
    }

    @Override
    public String name() {
        return "NULL";
    }

    @Override
    public void start(Consumer<byte[]> send) {
        if (auth.ask("NULL")) {
            waiting = true;
        } else {
            ready(send);
        }
    }

    private void ready(Consumer<byte[]> send) {
        send.accept(Commands.command(Commands.READY, Commands.properties(setup.ours)));
        readySent = true;
    }

    @Override
    public boolean command(byte[] body, Consumer<byte[]> send) throws ZmtpException {
        String name = Commands.name(body);
        if (name.equals(Commands.READY)) {
            if (peer != null) {
                throw new ZmtpException(ZmtpException.Code.UNEXPECTED_COMMAND, "second READY");
            }
            peer = Commands.parseProperties(body, Commands.dataOffset(body));
            return readySent;
        }
        if (name.equals(Commands.ERROR)) {
            throw ServerAuth.peerError("NULL", Commands.errorReason(body));
        }
        throw new ZmtpException(ZmtpException.Code.UNEXPECTED_COMMAND, "unexpected " + name + " during NULL handshake");
    }

    @Override
    public boolean resume(Consumer<byte[]> send) throws ZmtpException {
        if (waiting && auth.granted(send)) {
            waiting = false;
            ready(send);
            return peer != null;
        }
        return false;
    }

    @Override
    public Map<String, byte[]> peerProperties() {
        return auth.properties(peer);
    }

    @Override
    public void close() {
        auth.close();
    }
}
