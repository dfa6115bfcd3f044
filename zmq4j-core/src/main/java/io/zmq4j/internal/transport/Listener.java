package io.zmq4j.internal.transport;

import io.zmq4j.Event;
import io.zmq4j.ZmqException;
import io.zmq4j.internal.io.IoHandler;
import io.zmq4j.internal.io.IoThread;
import io.zmq4j.internal.socket.Options;
import io.zmq4j.internal.socket.SocketBase;
import java.io.IOException;
import java.net.BindException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A bound tcp or ipc endpoint: accepts connections and gives each a session. */
public final class Listener implements IoHandler {
    private static final System.Logger LOG = System.getLogger("io.zmq4j");
    private final SocketBase socket;
    private final IoThread io;
    private final Options options;
    private final Endpoint endpoint;
    private final ServerSocketChannel channel;
    private final String boundEndpoint;
    private final Set<Session> sessions = new HashSet<>();
    private final long id;
    private boolean closed;

    private Listener(SocketBase socket, IoThread io, Options options, Endpoint endpoint, ServerSocketChannel channel, String bound) {
        this.socket = socket;
        this.io = io;
        this.options = options;
        this.endpoint = endpoint;
        this.channel = channel;
        this.boundEndpoint = bound;
        this.id = socket.context().nextConnectionId();
    }

    /** Binds now, on the caller's thread, so address errors reach the caller. */
    public static Listener bind(SocketBase socket, IoThread io, Options options, Endpoint endpoint) {
        if (endpoint.transport == Endpoint.Transport.WSS) {
            Tls.context(options, endpoint, true); // no keys: the caller's error, now
        }
        ServerSocketChannel ch = null;
        try {
            String bound;
            if (endpoint.isAbstractIpc()) {
                endpoint.resolve(true); // the errors for a bad or unsupported name
                ch = AbstractIpc.bind(endpoint.abstractName(), options.backlog);
            } else if (endpoint.transport == Endpoint.Transport.IPC) {
                UnixDomainSocketAddress addr = (UnixDomainSocketAddress) endpoint.resolve(true);
                ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                // libzmq replaces a stale socket file left by a process that died
                Files.deleteIfExists(addr.getPath());
                ch.bind(addr, options.backlog);
            } else {
                ch = ServerSocketChannel.open();
                ch.bind(endpoint.resolve(true), options.backlog);
            }
            ch.configureBlocking(false);
            // NIO reports a temporary path as an abstract listener's address: the name is the text
            bound = endpoint.isAbstractIpc() ? endpoint.text : Endpoint.format(endpoint.transport, ch.getLocalAddress(), endpoint.text);
            if (endpoint.isWebSocket()) {
                bound += endpoint.path;
            }
            Listener l = new Listener(socket, io, options, endpoint, ch, bound);
            socket.emit(Event.LISTENING, l.id, bound, "", "");
            ServerSocketChannel registered = ch;
            io.execute(() -> {
                try {
                    io.register(registered, SelectionKey.OP_ACCEPT, l);
                } catch (IOException e) {
                    l.closeNow(0);
                }
            });
            return l;
        } catch (BindException e) {
            closeQuietly(ch);
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("assign")) {
                socket.emit(Event.BIND_FAILED, 99, endpoint.text, "", msg);
                throw new ZmqException(ZmqException.Kind.EADDRNOTAVAIL, "cannot bind " + endpoint + ": " + msg);
            }
            socket.emit(Event.BIND_FAILED, 98, endpoint.text, "", "address already in use");
            throw new ZmqException(ZmqException.Kind.EADDRINUSE, "cannot bind " + endpoint + ": address already in use");
        } catch (IOException e) {
            closeQuietly(ch);
            socket.emit(Event.BIND_FAILED, 22, endpoint.text, "", String.valueOf(e.getMessage()));
            throw new ZmqException(ZmqException.Kind.EINVAL, "cannot bind " + endpoint + ": " + e.getMessage(), e);
        }
    }

    /** The endpoint actually bound, with the port filled in ({@code tcp://0.0.0.0:41234}). */
    public String boundEndpoint() {
        return boundEndpoint;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public void ready(SelectionKey key) {
        for (int i = 0; i < 64 && !closed; i++) {
            SocketChannel ch;
            try {
                ch = channel.accept();
            } catch (IOException e) {
                socket.emit(Event.ACCEPT_FAILED, 24, boundEndpoint, "", String.valueOf(e.getMessage()));
                // out of descriptors, most likely: the pending connection stays in the backlog
                // and would make the selector fire at once, again and again; back off a little
                backOff(key);
                return;
            }
            if (ch == null) {
                return;
            }
            setUp(ch);
        }
    }

    /**
     * Gives an accepted connection its session. A failure here is this connection's alone: as
     * libzmq, it is closed and reported as ACCEPT_FAILED (with the errno) and the listener goes on
     * accepting. Escaping to {@link #failed} would close the listening channel instead.
     */
    private void setUp(SocketChannel ch) {
        Session s = null;
        try {
            ch.configureBlocking(false);
            if (endpoint.transport != Endpoint.Transport.IPC) {
                Session.configureTcp(ch, options);
            }
            s = Session.accepted(socket, io, options, endpoint, this);
            sessions.add(s);
            s.startAccepted(ch, boundEndpoint);
        } catch (IOException | RuntimeException e) {
            if (e instanceof RuntimeException) {
                LOG.log(System.Logger.Level.ERROR, "cannot set up a connection accepted on " + boundEndpoint, e);
            }
            if (s != null) {
                s.acceptFailed(ch); // closes the channel, and takes the session out of the count
            } else {
                closeQuietly(ch);
            }
            socket.emit(Event.ACCEPT_FAILED, errno(e), boundEndpoint, "", String.valueOf(e.getMessage()));
        }
    }

    /**
     * libzmq's errno for a failure to set up an accepted connection. The JDK gives the system's
     * message, not its number: the messages of the errors setting a socket option can meet.
     */
    static long errno(Exception e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("Invalid argument")) {
            return 22; // EINVAL: an option value the kernel refuses (a keepalive idle over 32767 s)
        }
        if (m.contains("Connection reset")) {
            return 104; // ECONNRESET: the peer went away before the connection was set up
        }
        if (m.contains("Too many open files")) {
            return 24; // EMFILE
        }
        return e instanceof IOException ? 5 : 71; // EIO; EPROTO for an internal (TLS, ws) setup error
    }

    /** Stops accepting for a moment, so a connection the listener cannot take does not spin it. */
    private void backOff(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        key.interestOps(0);
        io.schedule(100, () -> {
            if (!closed && key.isValid()) {
                key.interestOps(SelectionKey.OP_ACCEPT);
            }
        });
    }

    /**
     * Something outside one connection's set-up threw (it has its own handling): the listener
     * reports it and backs off, but keeps its channel, rather than the default's silent close.
     */
    @Override
    public void failed(SelectionKey key, Throwable cause) {
        if (closed) {
            return;
        }
        socket.emit(Event.ACCEPT_FAILED, 71, boundEndpoint, "", String.valueOf(cause));
        backOff(key);
    }

    void sessionDone(Session s) {
        sessions.remove(s);
    }

    /** Stops listening and closes the connections it accepted. Safe from any thread. */
    public void close(int lingerMs) {
        io.execute(() -> closeNow(lingerMs));
    }

    private void closeNow(int lingerMs) {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(channel);
        socket.emit(Event.CLOSED, id, boundEndpoint, "", "unbound");
        if (endpoint.transport == Endpoint.Transport.IPC && !endpoint.isAbstractIpc()) {
            try {
                Files.deleteIfExists(Path.of(endpoint.address));
            } catch (IOException ignored) {
                // the file may be gone already
            }
        }
        List<Session> all = new ArrayList<>(sessions);
        for (Session s : all) {
            s.closeNow(lingerMs);
        }
    }

    private static void closeQuietly(java.nio.channels.Channel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing to report
            }
        }
    }
}
