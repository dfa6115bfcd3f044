package io.zmq4j.internal.transport;

import io.zmq4j.ZmqException;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * PEM certificates and PKCS#8 keys for wss, read with the JDK alone. Line breaks inside a block
 * may be spaces or absent: a config file's value (ZPL) is one line.
 */
public final class Pem {
    private Pem() {}

    /** The certificates in {@code pem} (empty for null); EINVAL naming {@code option} if there are none or one is bad. */
    public static List<X509Certificate> certificates(String pem, String option) {
        List<X509Certificate> out = new ArrayList<>();
        if (pem == null) {
            return out;
        }
        // block by block, whitespace-blind, so that a PEM written on one line (as a config file's
        // one-line value must be) reads as well as the usual one
        String begin = "-----BEGIN CERTIFICATE-----";
        String end = "-----END CERTIFICATE-----";
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            int from = 0;
            int b;
            while ((b = pem.indexOf(begin, from)) >= 0) {
                int e = pem.indexOf(end, b);
                if (e < 0) {
                    throw new IllegalArgumentException("'" + begin + "' without '" + end + "'");
                }
                byte[] der = Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
                out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
                from = e + end.length();
            }
        } catch (CertificateException | RuntimeException e) {
            throw new ZmqException(ZmqException.Kind.EINVAL, "invalid value for option " + option + ": not PEM certificates ("
                    + e.getMessage() + ")");
        }
        if (out.isEmpty()) {
            throw new ZmqException(ZmqException.Kind.EINVAL, "invalid value for option " + option
                    + ": no '-----BEGIN CERTIFICATE-----' block in it");
        }
        return out;
    }

    /** The PKCS#8 private key in {@code pem} (null for null); EINVAL naming {@code option} otherwise. */
    public static PrivateKey privateKey(String pem, String option) {
        if (pem == null) {
            return null;
        }
        String begin = "-----BEGIN PRIVATE KEY-----";
        String end = "-----END PRIVATE KEY-----";
        int b = pem.indexOf(begin);
        int e = pem.indexOf(end);
        if (b < 0 || e < b) {
            throw new ZmqException(ZmqException.Kind.EINVAL, "invalid value for option " + option + ": expected a PKCS#8 key ('"
                    + begin + "'; convert others with openssl pkcs8 -topk8 -nocrypt)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
        } catch (IllegalArgumentException ex) {
            throw new ZmqException(ZmqException.Kind.EINVAL, "invalid value for option " + option + ": bad Base64 in the key");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : new String[] {"RSA", "EC", "EdDSA", "RSASSA-PSS"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException | RuntimeException ignored) {
                // not this algorithm: try the next
            }
        }
        throw new ZmqException(ZmqException.Kind.EINVAL, "invalid value for option " + option
                + ": not an RSA, EC or EdDSA private key the JDK can read");
    }
}
