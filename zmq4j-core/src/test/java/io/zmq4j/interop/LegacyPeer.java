package io.zmq4j.interop;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A ZMTP 1.0 (RFC 13) or 2.0 (RFC 15) peer over a plain TCP socket, written from the specs, not
 * from any implementation: what a 0MQ 2.x or libzmq 3.x application puts on the wire.
 *
 * <p>Version 2 sends the signature, reads the other side's, then sends revision 1, its socket
 * type and its identity (RFC 15's greeting, staged as RFC 23's detection expects). Version 1
 * sends its identity frame and nothing else first, as 0MQ 2.x did. Either way it then reads
 * the other side's greeting, keeping the raw bytes for tests to compare.
 */
final class LegacyPeer implements AutoCloseable {
    static final int PUB = 1;
    static final int SUB = 2;
    static final int DEALER = 5;
    static final int ROUTER = 6;
    static final int PULL = 7;
    static final int PUSH = 8;

    private final java.net.Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    final int version;
    /** Every byte the other side sent up to and including its identity. */
    final ByteArrayOutputStream greetingReceived = new ByteArrayOutputStream();
    /** The other side's identity, its revision octet and socket type (2.0 only; else -1). */
    byte[] peerIdentity;
    int peerRevision = -1;
    int peerSocketType = -1;

    private LegacyPeer(java.net.Socket socket, int version) throws IOException {
        this.socket = socket;
        this.version = version;
        socket.setSoTimeout((int) Interop.WAIT.toMillis());
        socket.setTcpNoDelay(true);
        this.in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
        this.out = socket.getOutputStream();
    }

    /** Connects to a tcp endpoint; call {@link #handshake} next. */
    static LegacyPeer connect(String endpoint, int version) throws IOException {
        URI u = URI.create(endpoint);
        java.net.Socket s = new java.net.Socket();
        s.connect(new InetSocketAddress(u.getHost(), u.getPort()), (int) Interop.WAIT.toMillis());
        return new LegacyPeer(s, version);
    }

    /** Takes a connection accepted on a {@link java.net.ServerSocket}. */
    static LegacyPeer over(java.net.Socket accepted, int version) throws IOException {
        return new LegacyPeer(accepted, version);
    }

    /** Exchanges greetings and identities; returns this. */
    LegacyPeer handshake(int socketType, byte[] identity) throws IOException {
        if (version == 2) {
            out.write(new byte[] {(byte) 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0x7F});
            out.flush();
            byte[] sig = read(10);
            if ((sig[0] & 0xFF) != 0xFF || (sig[9] & 1) == 0) {
                throw new IOException("the other side did not send a ZMTP 2.0 signature");
            }
            ByteBuffer g = ByteBuffer.allocate(4 + identity.length);
            g.put((byte) 1).put((byte) socketType).put((byte) 0).put((byte) identity.length).put(identity);
            out.write(g.array());
            out.flush();
            peerRevision = read(1)[0] & 0xFF;
            peerSocketType = read(1)[0] & 0xFF;
            List<byte[]> id = recv(true);
            peerIdentity = id.get(0);
        } else {
            writeV1(identity, 0);
            out.flush();
            // the other side's identity frame: libzmq and zmq4j write its length in the long form
            peerIdentity = recv(true).get(0);
        }
        return this;
    }

    /** Sends one message in this version's framing. */
    void send(byte[]... frames) throws IOException {
        for (int i = 0; i < frames.length; i++) {
            int flags = i < frames.length - 1 ? 1 : 0;
            if (version == 2) {
                writeV2(frames[i], flags);
            } else {
                writeV1(frames[i], flags);
            }
        }
        out.flush();
    }

    /** Writes raw bytes (bad input on purpose). */
    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    private void writeV2(byte[] body, int flags) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(9);
        if (body.length > 255) {
            h.put((byte) (flags | 2)).putLong(body.length);
        } else {
            h.put((byte) flags).put((byte) body.length);
        }
        out.write(h.array(), 0, h.position());
        out.write(body);
    }

    private void writeV1(byte[] body, int flags) throws IOException {
        long length = body.length + 1L;
        ByteBuffer h = ByteBuffer.allocate(10);
        if (length < 255) {
            h.put((byte) length);
        } else {
            h.put((byte) 0xFF).putLong(length);
        }
        h.put((byte) flags);
        out.write(h.array(), 0, h.position());
        out.write(body);
    }

    /** The next whole message; throws {@link SocketTimeoutException} when none comes in time. */
    List<byte[]> recv() throws IOException {
        return recv(false);
    }

    /** The next whole message, or null when none starts within {@code ms}. */
    List<byte[]> recvWithin(int ms) throws IOException {
        socket.setSoTimeout(ms);
        try {
            in.mark(1);
            if (in.read() < 0) {
                throw new EOFException("closed by the other side");
            }
            in.reset();
        } catch (SocketTimeoutException e) {
            return null;
        } finally {
            socket.setSoTimeout((int) Interop.WAIT.toMillis());
        }
        return recv(false);
    }

    private List<byte[]> recv(boolean greeting) throws IOException {
        List<byte[]> frames = new ArrayList<>();
        while (true) {
            long length;
            int flags;
            if (version == 2) {
                flags = read(1, greeting)[0] & 0xFF;
                length = (flags & 2) != 0 ? ByteBuffer.wrap(read(8, greeting)).getLong() : read(1, greeting)[0] & 0xFF;
            } else {
                int first = read(1, greeting)[0] & 0xFF;
                long v1 = first == 0xFF ? ByteBuffer.wrap(read(8, greeting)).getLong() : first;
                flags = read(1, greeting)[0] & 0xFF;
                length = v1 - 1;
            }
            frames.add(read((int) length, greeting));
            // an identity frame's flags are not to be validated (RFC 13): it is one frame
            if (greeting || (flags & 1) == 0) {
                return frames;
            }
        }
    }

    private byte[] read(int n) throws IOException {
        return read(n, true);
    }

    private byte[] read(int n, boolean greeting) throws IOException {
        byte[] b = new byte[n];
        in.readFully(b);
        if (greeting) {
            greetingReceived.write(b);
        }
        return b;
    }

    /** True when the other side closed the connection within the wait (anything it sent first is skipped). */
    boolean closedByOtherSide() throws IOException {
        try {
            byte[] buf = new byte[4096];
            while (in.read(buf) >= 0) {
                // skip
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (EOFException | java.net.SocketException e) {
            return true;
        }
    }

    /** Whether nothing arrives for {@code ms}; the connection is still open. */
    boolean quietFor(int ms) throws IOException {
        socket.setSoTimeout(ms);
        try {
            in.read();
            return false; // data, or the end of the stream
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout((int) Interop.WAIT.toMillis());
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
