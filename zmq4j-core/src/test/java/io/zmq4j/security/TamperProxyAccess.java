package io.zmq4j.security;

import java.io.IOException;

/** Lets tests in other packages use {@link TamperProxy}. */
public final class TamperProxyAccess implements AutoCloseable {
    private final TamperProxy proxy;

    private TamperProxyAccess(TamperProxy proxy) {
        this.proxy = proxy;
    }

    /** A proxy to {@code upstreamPort} that flips a bit in the first connection's {@code target}-th MESSAGE. */
    public static TamperProxyAccess flipBit(int upstreamPort, int target) throws IOException {
        return new TamperProxyAccess(new TamperProxy(upstreamPort, TamperProxy.Mode.FLIP_BIT, target));
    }

    public String endpoint() {
        return proxy.endpoint();
    }

    public boolean awaitUpstreamClosed(long ms) throws InterruptedException {
        return proxy.awaitUpstreamClosed(ms);
    }

    @Override
    public void close() throws IOException {
        proxy.close();
    }
}
