package io.zmq4j.internal.security;

import io.zmq4j.Msg;
import io.zmq4j.SocketType;
import io.zmq4j.internal.Internals;
import io.zmq4j.internal.socket.ContextCore;
import io.zmq4j.internal.socket.InprocLink;
import io.zmq4j.internal.zmtp.Commands;
import io.zmq4j.internal.zmtp.ZmtpException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The ZAP client of one connection (RFC 27), as libzmq's: a request to the handler bound at
 * {@code inproc://zeromq.zap.01} in the same context, over an internal pipe, never blocking the
 * I/O thread. The reply wakes the engine through {@code onReply}.
 */
public final class Zap {
    public static final String ENDPOINT = "zeromq.zap.01";
    private static final byte[] VERSION = "1.0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REQUEST_ID = "1".getBytes(StandardCharsets.US_ASCII);

    /** What the handler answered. */
    public static final class Reply {
        public final String status;
        public final String text;
        public final byte[] userId;
        public final Map<String, byte[]> metadata;

        Reply(String status, String text, byte[] userId, Map<String, byte[]> metadata) {
            this.status = status;
            this.text = text;
            this.userId = userId;
            this.metadata = metadata;
        }
    }

    private final InprocLink link;

    private Zap(InprocLink link) {
        this.link = link;
    }

    /** Connects to the handler; null when no handler is bound (libzmq then lets everyone in). */
    public static Zap connect(ContextCore ctx, Runnable onReply) {
        if (ctx == null) {
            return null;
        }
        InprocLink l = InprocLink.open(ctx, ENDPOINT, SocketType.REQ, onReply::run);
        return l == null ? null : new Zap(l);
    }

    /** Sends a request: delimiter, version, id, domain, address, identity, mechanism, credentials. */
    public void request(String domain, String address, byte[] identity, String mechanism, byte[]... credentials) {
        byte[][] f = new byte[7 + credentials.length][];
        f[0] = new byte[0];
        f[1] = VERSION;
        f[2] = REQUEST_ID;
        f[3] = domain.getBytes(StandardCharsets.UTF_8);
        f[4] = address.getBytes(StandardCharsets.UTF_8);
        f[5] = identity;
        f[6] = mechanism.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(credentials, 0, f, 7, credentials.length);
        link.pipe().out().offer(Internals.msg().wrap(f));
    }

    /** The reply if it has come, else null; throws for a malformed reply (libzmq fails the handshake). */
    public Reply poll() throws ZmtpException {
        Msg m = link.pipe().in().poll();
        return m == null ? null : parseReply(m);
    }

    /** A handler's reply, checked as libzmq checks it; throws for anything malformed. */
    static Reply parseReply(Msg m) throws ZmtpException {
        if (m.size() != 7 || m.frame(0).length != 0) {
            throw new ZmtpException(ZmtpException.Code.AUTH_FAILED, "ZAP handler sent a malformed reply (" + m.size() + " frames)");
        }
        if (!m.string(1).equals("1.0")) {
            throw new ZmtpException(ZmtpException.Code.AUTH_FAILED, "ZAP handler sent bad version " + Msg.printable(m.frame(1)));
        }
        if (!m.string(2).equals("1")) {
            throw new ZmtpException(ZmtpException.Code.AUTH_FAILED, "ZAP handler sent bad request id " + Msg.printable(m.frame(2)));
        }
        String status = m.string(3);
        if (!status.equals("200") && !status.equals("300") && !status.equals("400") && !status.equals("500")) {
            throw new ZmtpException(ZmtpException.Code.AUTH_FAILED, "ZAP handler sent bad status code " + Msg.printable(m.frame(3)));
        }
        Map<String, byte[]> meta = Commands.parseProperties(m.frame(6), 0);
        return new Reply(status, m.string(4), m.frame(5), meta);
    }

    public void close() {
        link.close();
    }
}
