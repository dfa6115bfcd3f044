package io.zmq4j.internal.transport;

import io.zmq4j.ZmqException;
import io.zmq4j.internal.socket.Options;
import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;

/** Which TLS context a wss:// endpoint uses. */
final class Tls {
    private Tls() {}

    /**
     * The socket's context; without one, a connecting socket trusts what the JDK trusts
     * ({@link SSLContext#getDefault()}) and a binding one fails: it has no key to serve.
     */
    static SSLContext context(Options options, Endpoint endpoint, boolean server) {
        if (options.tlsContext != null) {
            return options.tlsContext;
        }
        if (server) {
            throw new ZmqException(ZmqException.Kind.EINVAL, "cannot bind " + endpoint
                    + ": wss needs a TLS context with the server's key and certificate (Socket.setTlsContext)");
        }
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new ZmqException(ZmqException.Kind.EINVAL, "cannot connect " + endpoint + ": the JDK has no default TLS context", e);
        }
    }
}
