package io.zmq4j.internal.security;

import io.zmq4j.internal.socket.ContextCore;
import io.zmq4j.internal.socket.Options;
import io.zmq4j.internal.zmtp.Mechanism;
import io.zmq4j.internal.zmtp.NullMechanism;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Map;

/** Picks a connection's mechanism from the socket's options. */
public final class Mechanisms {
    private Mechanisms() {}

    /** What a mechanism needs from its connection. */
    static final class Setup {
        final Options options;
        final Map<String, byte[]> ours;
        final String zapAddress;
        final ContextCore context;
        final Runnable wake;

        Setup(Options options, Map<String, byte[]> ours, String zapAddress, ContextCore context, Runnable wake) {
            this.options = options;
            this.ours = ours;
            this.zapAddress = zapAddress;
            this.context = context;
            this.wake = wake;
        }
    }

    /**
     * The mechanism for one connection. {@code wake} must schedule {@link Mechanism#resume} on the
     * connection's I/O thread; it is called from the ZAP handler's thread.
     */
    public static Mechanism create(Options o, Map<String, byte[]> ours, String zapAddress, ContextCore ctx, Runnable wake) {
        Setup s = new Setup(o, ours, zapAddress, ctx, wake);
        switch (o.mechanism) {
            case "PLAIN":
                return o.asServer ? new PlainServer(s) : new PlainClient(s);
            case "CURVE":
                return o.asServer ? new CurveServer(s) : new CurveClient(s);
            default:
                // libzmq asks ZAP about NULL connections only when a ZAP domain is set
                return o.zapDomain.isEmpty() ? new NullMechanism(ours) : new NullWithZap(s);
        }
    }

    /** The address a ZAP request carries: the peer's IP address for tcp, empty otherwise. */
    public static String zapAddress(SocketChannel ch) {
        try {
            SocketAddress a = ch.getRemoteAddress();
            if (a instanceof InetSocketAddress && ((InetSocketAddress) a).getAddress() != null) {
                return ((InetSocketAddress) a).getAddress().getHostAddress();
            }
        } catch (IOException e) {
            // closed already: no address
        }
        return "";
    }
}
