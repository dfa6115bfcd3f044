package io.zmq4j.internal.transport;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Linux abstract Unix domain addresses ({@code ipc://@name}), which the JDK cannot name: its
 * {@code UnixDomainSocketAddress} takes file paths and refuses the NUL byte that starts an
 * abstract one (JDK 17 and 25 alike). On Java 22 or later, when the build compiled
 * {@code src/main/java22} ({@code -Dffm.jdk=DIR}), {@code FfmAbstractIpc} makes these sockets
 * with the FFM API and puts each behind an ordinary NIO channel; everywhere else
 * {@link #unsupportedReason()} says why not.
 */
public final class AbstractIpc {
    /** The longest abstract name: sun_path's 108 bytes less the leading NUL. */
    public static final int MAX_NAME_BYTES = 107;

    /** What the Java 22 part provides. */
    interface Impl {
        /** A listening channel on the abstract address {@code name}. */
        ServerSocketChannel bind(byte[] name, int backlog) throws IOException;

        /** A connected, non-blocking channel to the abstract address {@code name}. */
        SocketChannel connect(byte[] name) throws IOException;
    }

    private static final Impl IMPL;
    private static final String UNSUPPORTED;

    static {
        Impl impl = null;
        String why = null;
        int feature = Runtime.version().feature();
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            why = "abstract addresses exist on Linux only";
        } else if (feature < 22) {
            why = "the JDK's Unix domain sockets take file paths only, and reaching abstract addresses without"
                    + " them needs Java 22 or later (the FFM API); this is Java " + feature;
        } else {
            try {
                impl = (Impl) Class.forName("io.zmq4j.internal.transport.FfmAbstractIpc").getDeclaredConstructor().newInstance();
            } catch (ClassNotFoundException e) {
                why = "this zmq4j was built without its Java 22 part (build it with -Dffm.jdk=<a JDK 22 or later>)";
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                why = "the FFM API is not usable here (" + e + "); run with --enable-native-access=ALL-UNNAMED";
            }
        }
        IMPL = impl;
        UNSUPPORTED = why;
    }

    private AbstractIpc() {
    }

    /** Null when abstract addresses work here, else the reason they do not. */
    public static String unsupportedReason() {
        return UNSUPPORTED;
    }

    static byte[] nameBytes(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    /** Binds and listens on {@code @name}; a {@link java.net.BindException} if it is taken. */
    public static ServerSocketChannel bind(String name, int backlog) throws IOException {
        return impl().bind(nameBytes(name), backlog);
    }

    /** Connects to {@code @name}; a {@link java.net.ConnectException} if nobody listens there. */
    public static SocketChannel connect(String name) throws IOException {
        return impl().connect(nameBytes(name));
    }

    private static Impl impl() {
        if (IMPL == null) {
            throw new UnsupportedOperationException(UNSUPPORTED);
        }
        return IMPL;
    }
}
