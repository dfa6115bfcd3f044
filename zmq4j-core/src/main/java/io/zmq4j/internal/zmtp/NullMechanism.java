package io.zmq4j.internal.zmtp;

import java.util.Map;
import java.util.function.Consumer;

/**
 * The NULL mechanism: each side sends READY with its metadata and the handshake ends when the
 * peer's READY arrives. As libzmq does, we send READY straight after the greeting without
 * waiting for the peer's.
 */
public final class NullMechanism implements Mechanism {
    private final Map<String, byte[]> ours;
    private Map<String, byte[]> peer;

    public NullMechanism(Map<String, byte[]> ourProperties) {
        this.ours = ourProperties;
    }

    @Override
    public String name() {
        return "NULL";
    }

    @Override
    public void start(Consumer<byte[]> send) {
        send.accept(Commands.command(Commands.READY, Commands.properties(ours)));
    }

    @Override
    public boolean command(byte[] body, Consumer<byte[]> send) throws ZmtpException {
        String name = Commands.name(body);
        if (name.equals(Commands.READY)) {
            if (peer != null) {
                throw new ZmtpException(ZmtpException.Code.UNEXPECTED_COMMAND, "second READY");
            }
            peer = Commands.parseProperties(body, Commands.dataOffset(body));
            return true;
        }
        if (name.equals(Commands.ERROR)) {
            String reason = Commands.errorReason(body);
            if (reason.matches("[345]\\d\\d")) {
                // a ZAP handler refused us (libzmq sends the status code as the reason)
                throw new ZmtpException(ZmtpException.Code.AUTH_FAILED, Integer.parseInt(reason), "peer refused us: ZAP status " + reason);
            }
            throw new ZmtpException(ZmtpException.Code.UNSPECIFIED, "peer sent ERROR: " + reason);
        }
        throw new ZmtpException(ZmtpException.Code.UNEXPECTED_COMMAND, "unexpected " + name + " during NULL handshake");
    }

    @Override
    public Map<String, byte[]> peerProperties() {
        return peer;
    }
}
