package io.zmq4j.internal.transport;

import io.zmq4j.ZmqException;
import io.zmq4j.internal.socket.Options;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The TLS context of a wss:// endpoint, made from the socket's PEM options. */
final class Tls {
    private Tls() {}

    /**
     * The context for this bind or connect, made once per {@code options} copy: a binding socket
     * needs its certificate and key (EINVAL otherwise); a connecting one trusts
     * {@code wssTrustPem}, or what the JDK trusts.
     */
    static SSLContext context(Options options, Endpoint endpoint, boolean server) {
        if (options.tlsContext != null) {
            return options.tlsContext;
        }
        try {
            SSLContext tls;
            if (server) {
                if (options.wssCertPem == null || options.wssKeyPem == null) {
                    throw new ZmqException(ZmqException.Kind.EINVAL, "cannot bind " + endpoint
                            + ": wss needs the server's certificate and key (Socket.setWssCertPem and setWssKeyPem)");
                }
                List<X509Certificate> chain = Pem.certificates(options.wssCertPem, "WSS_CERT_PEM");
                PrivateKey key = Pem.privateKey(options.wssKeyPem, "WSS_KEY_PEM");
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                char[] none = new char[0];
                ks.setKeyEntry("wss", key, none, chain.toArray(new X509Certificate[0]));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, none);
                tls = SSLContext.getInstance("TLS");
                tls.init(kmf.getKeyManagers(), null, null);
            } else if (options.wssTrustPem != null) {
                KeyStore ts = KeyStore.getInstance(KeyStore.getDefaultType());
                ts.load(null, null);
                int i = 0;
                for (X509Certificate c : Pem.certificates(options.wssTrustPem, "WSS_TRUST_PEM")) {
                    ts.setCertificateEntry("trusted-" + i++, c);
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ts);
                tls = SSLContext.getInstance("TLS");
                tls.init(null, tmf.getTrustManagers(), null);
            } else {
                tls = SSLContext.getDefault();
            }
            options.tlsContext = tls;
            return tls;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new ZmqException(ZmqException.Kind.EINVAL, "cannot use " + endpoint + ": the TLS keys or trust do not fit ("
                    + e.getMessage() + ")", e);
        }
    }
}
