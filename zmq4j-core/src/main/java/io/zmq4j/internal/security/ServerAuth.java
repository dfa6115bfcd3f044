package io.zmq4j.internal.security;

import io.zmq4j.internal.zmtp.Commands;
import io.zmq4j.internal.zmtp.ZmtpException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The ZAP side shared by the PLAIN and CURVE servers: ask, wait without blocking, and turn the
 * status into libzmq's behaviour: 200 goes on, 300 closes silently, 400 and 500 send ERROR
 * with the status code as reason, then close.
 */
final class ServerAuth {
    private final Mechanisms.Setup setup;
    private Zap zap;
    private byte[] userId;
    private Map<String, byte[]> metadata = Map.of();

    ServerAuth(Mechanisms.Setup setup) {
        this.setup = setup;
    }

    /** Sends the request; false when no handler is bound (everyone is let in, as libzmq does). */
    boolean ask(String mechanism, byte[]... credentials) {
        zap = Zap.connect(setup.context, setup.wake);
        if (zap == null) {
            return false;
        }
        zap.request(setup.options.zapDomain, setup.zapAddress, setup.options.routingId, mechanism, credentials);
        return true;
    }

    /** True once a 200 reply came; false while waiting; throws on a refusal. */
    boolean granted(Consumer<byte[]> send) throws ZmtpException {
        Zap.Reply r = zap.poll();
        if (r == null) {
            return false;
        }
        zap.close();
        zap = null;
        switch (r.status) {
            case "200":
                userId = r.userId;
                metadata = r.metadata;
                return true;
            case "300":
                throw new ZmtpException(ZmtpException.Code.AUTH_FAILED, 300, "ZAP: temporary failure (300 " + r.text + ")");
            default:
                send.accept(Commands.error(r.status));
                throw new ZmtpException(ZmtpException.Code.AUTH_FAILED, Integer.parseInt(r.status),
                        "ZAP refused the client (" + r.status + " " + r.text + ")");
        }
    }

    /** The peer's metadata plus User-Id and the ZAP metadata, as libzmq attaches them. */
    Map<String, byte[]> properties(Map<String, byte[]> peer) {
        if (userId == null) {
            return peer;
        }
        Map<String, byte[]> out = new LinkedHashMap<>(peer);
        out.putAll(metadata);
        out.put("User-Id", userId);
        return out;
    }

    /**
     * The exception for an ERROR received in the handshake: an authentication failure with the
     * status when the reason is a 3-digit ZAP status (as libzmq sends), a protocol error otherwise.
     */
    static ZmtpException peerError(String mechanism, String reason) {
        if (reason.length() == 3 && reason.chars().allMatch(Character::isDigit)) {
            return new ZmtpException(ZmtpException.Code.AUTH_FAILED, Integer.parseInt(reason),
                    mechanism + " server refused us: ERROR " + reason);
        }
        return new ZmtpException(ZmtpException.Code.UNSPECIFIED, mechanism + " peer sent ERROR " + reason);
    }

    void close() {
        if (zap != null) {
            zap.close();
            zap = null;
        }
    }
}
