package io.zmq4j.internal.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLParameters;

/**
 * TLS under the WebSocket framing of a wss:// connection: the JDK's {@link SSLEngine} driven
 * over a non-blocking channel, on the connection's I/O thread only.
 *
 * <p>Output written before the TLS handshake is done (the upgrade request) is held and sent when
 * it is; the handshake itself advances on reads, so a blocked handshake never spins on OP_WRITE.
 */
final class TlsLink implements WsWire.Link {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SocketChannel channel;
    private final SSLEngine engine;
    /** Records from the kernel not yet unwrapped (write mode). */
    private ByteBuffer netIn;
    /** Records not yet taken by the kernel (write mode). */
    private ByteBuffer netOut;
    /** Plain bytes unwrapped and not yet read (write mode). */
    private ByteBuffer appIn;
    /** Plain bytes written before the handshake finished (write mode). */
    private ByteBuffer appOut = ByteBuffer.allocate(512);
    private boolean handshakeDone;
    private boolean inboundClosed;

    private TlsLink(SocketChannel channel, SSLEngine engine) {
        this.channel = channel;
        this.engine = engine;
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet);
        this.netOut = ByteBuffer.allocate(packet);
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
    }

    /**
     * A TLS link on {@code channel}; a client checks that the server's certificate names the
     * endpoint's host (as HTTPS does).
     */
    static TlsLink create(SocketChannel channel, SSLContext context, Endpoint endpoint, boolean client) {
        SSLEngine e = client ? context.createSSLEngine(endpoint.address, endpoint.port) : context.createSSLEngine();
        e.setUseClientMode(client);
        if (client) {
            SSLParameters p = e.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            e.setSSLParameters(p);
        }
        try {
            e.beginHandshake();
        } catch (IOException ex) {
            throw new IllegalStateException("TLS engine would not start", ex);
        }
        return new TlsLink(channel, e);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        while (true) {
            if (appIn.position() > 0) {
                appIn.flip();
                int k = Math.min(appIn.remaining(), dst.remaining());
                int lim = appIn.limit();
                appIn.limit(appIn.position() + k);
                dst.put(appIn);
                appIn.limit(lim);
                appIn.compact();
                return k;
            }
            if (inboundClosed) {
                return -1;
            }
            advanceHandshake();
            netIn.flip();
            SSLEngineResult r;
            try {
                r = engine.unwrap(netIn, appIn);
            } finally {
                netIn.compact();
            }
            if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED) {
                handshakeFinished();
            }
            switch (r.getStatus()) {
                case OK:
                    if (r.bytesProduced() > 0 || r.bytesConsumed() > 0) {
                        continue;
                    }
                    SSLEngineResult.HandshakeStatus hs = engine.getHandshakeStatus();
                    if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK || hs == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                        continue;
                    }
                    break; // nothing complete in netIn: read more
                case BUFFER_OVERFLOW:
                    appIn = grow(appIn, engine.getSession().getApplicationBufferSize());
                    continue;
                case BUFFER_UNDERFLOW:
                    if (!netIn.hasRemaining()) {
                        netIn = grow(netIn, engine.getSession().getPacketBufferSize());
                    }
                    break;
                case CLOSED:
                default:
                    inboundClosed = true;
                    continue;
            }
            int n = channel.read(netIn);
            if (n < 0) {
                inboundClosed = true;
                if (!handshakeDone) {
                    // GnuTLS (libzmq) closes without an alert when it refuses our certificate
                    throw new IOException("connection closed during the TLS handshake"
                            + (engine.getUseClientMode() ? "" : " (does the client trust this certificate?)"));
                }
                return -1;
            }
            if (n == 0) {
                return 0;
            }
        }
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        if (!handshakeDone) {
            if (appOut.remaining() < src.remaining()) {
                appOut = grow(appOut, src.remaining());
            }
            appOut.put(src);
            advanceHandshake();
            return;
        }
        wrap(src);
    }

    private void wrap(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            SSLEngineResult r = engine.wrap(src, netOut);
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                if (!flushNet()) {
                    return;
                }
                if (netOut.capacity() < engine.getSession().getPacketBufferSize()) {
                    netOut = grow(netOut, engine.getSession().getPacketBufferSize());
                }
                continue;
            }
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new IOException("TLS session closed");
            }
            if (!flushNet() || (r.bytesConsumed() == 0 && r.bytesProduced() == 0)) {
                return;
            }
        }
    }

    @Override
    public boolean flush() throws IOException {
        advanceHandshake();
        boolean done = flushNet();
        if (done && handshakeDone && appOut.position() > 0) {
            sendHeld();
            done = flushNet() && appOut.position() == 0;
        }
        return done;
    }

    @Override
    public boolean pendingOutput() {
        return netOut.position() > 0 || (handshakeDone && appOut.position() > 0);
    }

    @Override
    public void closeOutput() {
        try {
            engine.closeOutbound();
            engine.wrap(EMPTY, netOut);
            flushNet();
        } catch (IOException | RuntimeException ignored) {
            // best effort: the channel closes next
        }
    }

    /**
     * Runs the handshake's tasks and writes (and those after it, such as TLS 1.3 session
     * tickets); stops where it needs the peer's bytes.
     */
    private void advanceHandshake() throws IOException {
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK:
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run(); // a few milliseconds of key exchange, once per connection
                    }
                    break;
                case NEED_WRAP:
                    SSLEngineResult r = engine.wrap(EMPTY, netOut);
                    if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW && !flushNet()) {
                        return;
                    }
                    if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED) {
                        handshakeFinished();
                    }
                    if (!flushNet()) {
                        return;
                    }
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                        throw new IOException("TLS handshake failed: the session closed");
                    }
                    break;
                case NOT_HANDSHAKING:
                case FINISHED:
                    handshakeFinished();
                    return;
                default:
                    return; // NEED_UNWRAP: reads move it on
            }
        }
    }

    private void handshakeFinished() throws IOException {
        if (handshakeDone) {
            return;
        }
        handshakeDone = true;
        sendHeld();
    }

    private void sendHeld() throws IOException {
        if (appOut.position() == 0) {
            return;
        }
        appOut.flip();
        try {
            wrap(appOut);
        } finally {
            appOut.compact();
        }
    }

    private boolean flushNet() throws IOException {
        if (netOut.position() == 0) {
            return true;
        }
        netOut.flip();
        try {
            channel.write(netOut);
        } finally {
            netOut.compact();
        }
        return netOut.position() == 0;
    }

    private static ByteBuffer grow(ByteBuffer b, int atLeast) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(b.capacity() * 2, b.position() + atLeast));
        b.flip();
        return bigger.put(b);
    }
}
