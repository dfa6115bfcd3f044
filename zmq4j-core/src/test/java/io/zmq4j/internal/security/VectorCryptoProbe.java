package io.zmq4j.internal.security;

/** Lets tests in other packages wait for {@link VectorCrypto}'s decision and read it. */
public final class VectorCryptoProbe {
    private VectorCryptoProbe() {
    }

    /** Starts the check if nothing has and waits up to {@code millis}; true if the batches are on. */
    public static boolean awaitDecision(long millis) throws InterruptedException {
        return VectorCrypto.awaitDecision(millis);
    }
}
