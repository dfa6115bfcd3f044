package io.zmq4j.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Certificate;
import io.zmq4j.CurveKeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateTest {
    @TempDir
    Path dir;

    @Test
    void keyPairDerivesPublicFromSecretAndRoundTripsZ85() {
        CurveKeyPair kp = CurveKeyPair.generate();
        CurveKeyPair again = CurveKeyPair.fromSecret(kp.secretZ85());
        assertArrayEquals(kp.publicKey(), again.publicKey());
        assertEquals(40, kp.publicZ85().length());
        assertArrayEquals(kp.publicKey(), CurveKeyPair.z85Decode(kp.publicZ85()));
    }

    @Test
    void libzmqExampleKeys() {
        // zmq_curve(7)'s example pair: the public key derives from the secret key
        assertEquals("rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7",
                CurveKeyPair.fromSecret("JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6").publicZ85());
    }

    @Test
    void savedCertificatesReadBackIdenticallyInCzmqLayout() throws Exception {
        Certificate c = Certificate.create().setMeta("name", "server").setMeta("email", "ops@example.com");
        Path base = dir.resolve("server");
        c.save(base);
        Path secret = dir.resolve("server_secret");
        assertTrue(Files.exists(base) && Files.exists(secret));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));

        String pub = Files.readString(base);
        assertTrue(pub.contains("#   ZeroMQ CURVE Public Certificate\n"), pub);
        assertTrue(pub.contains("\nmetadata\n    name = \"server\"\n    email = \"ops@example.com\"\ncurve\n    public-key = \""
                + c.publicZ85() + "\"\n"), pub);
        assertFalse(pub.contains("secret-key"));
        String sec = Files.readString(secret);
        assertTrue(sec.contains("#   ZeroMQ CURVE **Secret** Certificate\n"), sec);
        assertTrue(sec.contains("    secret-key = \"" + c.secretZ85() + "\"\n"), sec);

        assertEquals(c, Certificate.load(base)); // reads NAME_secret first, as zcert_load
        Certificate publicOnly = Certificate.read(base);
        assertNull(publicOnly.secretKey());
        assertArrayEquals(c.publicKey(), publicOnly.publicKey());
        assertEquals("server", publicOnly.meta("name"));
    }

    @Test
    void readsCzmqAndPyzmqWrittenFiles() throws Exception {
        CurveKeyPair kp = CurveKeyPair.generate();
        // the layout pyzmq's zmq.auth.create_certificates writes (tabs/quotes vary across tools)
        String text = "#   ****  Generated on 2024-01-01 00:00:00 by pyzmq  ****\n"
                + "#   ZeroMQ CURVE **Secret** Certificate\n"
                + "#   DO NOT PROVIDE THIS FILE TO OTHER USERS nor change its permissions.\n\n"
                + "metadata\n"
                + "curve\n"
                + "    public-key = \"" + kp.publicZ85() + "\"\n"
                + "    secret-key = \"" + kp.secretZ85() + "\"\n";
        Path f = dir.resolve("client.key_secret");
        Files.writeString(f, text);
        Certificate c = Certificate.read(f);
        assertArrayEquals(kp.secretKey(), c.secretKey());
        assertArrayEquals(kp.publicKey(), c.keyPair().publicKey());
    }
}
