package io.zmq4j.internal.security;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** That the build's test run has the batched Poly1305 on; {@link Poly1305Test} checks its tags. */
class VectorPoly1305Test {
    @BeforeEach
    void needsTheVectorApi() {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "started without --add-modules jdk.incubator.vector");
    }

    @Test
    void theBuildsTestRunUsesIt() throws InterruptedException {
        assumeTrue("expected".equals(System.getProperty("zmq4j.test.vectorKeystream")), "run outside the build's surefire configuration");
        assertTrue(VectorCrypto.awaitDecision(30_000), "the batches were not turned on within 30 s");
        assertTrue(VectorCrypto.poly1305(), "no 8-lane (AVX-512) Poly1305 on this machine: " + VectorPoly1305.LANES + " long lanes");
    }
}
