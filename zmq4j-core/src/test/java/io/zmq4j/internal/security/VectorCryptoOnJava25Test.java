package io.zmq4j.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zmq4j.internal.zmtp.ZmtpException;
import io.zmq4j.testing.ChildJvm;
import io.zmq4j.testing.Java25;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Vector API is an incubator that changes between JDKs (Java 20 took away
 * {@code IntVector.fromByteArray} with a byte order, which Java 17 had): on Java 25, with the
 * module added, the check still turns the batches on and their boxes are the scalar path's.
 */
class VectorCryptoOnJava25Test {
    /** Prints whether the batches came on, their width, and whether batched boxes match scalar ones both ways. */
    public static final class Child {
        public static void main(String[] args) throws InterruptedException, ZmtpException {
            boolean on = VectorCrypto.awaitDecision(30_000);
            Random r = new Random(25);
            byte[] key = new byte[32];
            r.nextBytes(key);
            boolean same = true;
            for (int len : new int[] {0, 223, 1024, 1057, 65536}) {
                byte[] frame = new byte[len];
                r.nextBytes(frame);
                CurveCodec batched = new CurveCodec("CurveZMQMESSAGEC".getBytes(), "CurveZMQMESSAGES".getBytes(),
                        VectorCrypto.lanes(), VectorCrypto.poly1305());
                CurveCodec scalar = new CurveCodec("CurveZMQMESSAGEC".getBytes(), "CurveZMQMESSAGES".getBytes(), 0, false);
                CurveCodec opener = new CurveCodec("CurveZMQMESSAGES".getBytes(), "CurveZMQMESSAGEC".getBytes(),
                        VectorCrypto.lanes(), VectorCrypto.poly1305());
                batched.start(key.clone(), 1, 0);
                scalar.start(key.clone(), 1, 0);
                opener.start(key.clone(), 1, 0);
                byte[] a = new byte[CurveCodec.OVERHEAD + len];
                byte[] b = new byte[CurveCodec.OVERHEAD + len];
                batched.seal(frame, 0, len, 1, a, 0);
                scalar.seal(frame, 0, len, 1, b, 0);
                same &= Arrays.equals(a, b) && Arrays.equals(frame, opener.open(a, 0, a.length));
            }
            System.out.println("on " + on + ", lanes " + VectorCrypto.lanes() + ", poly1305 " + VectorCrypto.poly1305() + ", same boxes " + same);
        }
    }

    @Test
    void theBatchesComeOnOnJava25AndSealAndOpenAsTheScalarPath(@TempDir Path dir) throws Exception {
        assumeTrue(Java25.present(), Java25.ABSENT);
        // what this JVM (Java 17, the module added by the build) decides is what the hardware allows
        assumeTrue(VectorCrypto.awaitDecision(30_000), "no Vector API batches on this machine");
        ChildJvm.Result r = Java25.run(dir, Child.class, "--add-modules", "jdk.incubator.vector");
        assertEquals("on true, lanes " + VectorCrypto.lanes() + ", poly1305 " + VectorCrypto.poly1305() + ", same boxes true\n",
                r.stdout(), r.stderr());
    }
}
