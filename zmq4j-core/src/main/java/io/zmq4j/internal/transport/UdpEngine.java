package io.zmq4j.internal.transport;

import io.zmq4j.Msg;
import io.zmq4j.SocketType;
import io.zmq4j.ZmqException;
import io.zmq4j.internal.io.IoHandler;
import io.zmq4j.internal.io.IoThread;
import io.zmq4j.internal.pipe.Pipe;
import io.zmq4j.internal.pipe.Waker;
import io.zmq4j.internal.socket.Options;
import io.zmq4j.internal.socket.SocketBase;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * RADIO and DISH over {@code udp://}, as libzmq does it: no handshake and no JOIN on the wire,
 * one datagram per message laid out as group length (one byte), group, body, and at most
 * {@link #MAX_DATAGRAM} bytes. A RADIO sends every message to its udp destinations whatever the
 * group; a DISH binds (joining the multicast group if the address is one) and keeps only the
 * groups it joined. What does not fit, or does not parse, is dropped and counted, as UDP loses
 * datagrams anyway.
 */
public final class UdpEngine implements IoHandler {
    /** libzmq's MAX_UDP_MSG: the largest datagram, header included. */
    public static final int MAX_DATAGRAM = 8192;

    private final SocketBase socket;
    private final IoThread io;
    private final Endpoint endpoint;
    private final DatagramChannel channel;
    private final boolean sender;
    private final InetSocketAddress target;
    private final String boundEndpoint;
    private final Pipe pipe;
    /** Sender: a datagram the kernel had no room for, sent first when it has. Loop only. */
    private ByteBuffer pending;
    private final ByteBuffer buffer;
    private SelectionKey key;
    private boolean closed;
    private boolean readPaused;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable run = this::run;
    /** Datagrams dropped: malformed, over the limit, or arriving at a full pipe. */
    private long dropped;

    private UdpEngine(SocketBase socket, IoThread io, Endpoint endpoint, DatagramChannel channel, boolean sender,
            InetSocketAddress target, String boundEndpoint) {
        this.socket = socket;
        this.io = io;
        this.endpoint = endpoint;
        this.channel = channel;
        this.sender = sender;
        this.target = target;
        this.boundEndpoint = boundEndpoint;
        // a receiver reads into room for one byte over the limit, so an oversize datagram shows
        this.buffer = ByteBuffer.allocateDirect(sender ? MAX_DATAGRAM : MAX_DATAGRAM + 1);
        this.pipe = socket.newPipe(boundEndpoint);
        pipe.datagram = true;
    }

    /**
     * Opens the endpoint on the caller's thread, so that a bad interface or an address in use is
     * the caller's error, then hands the channel to {@code io}. RADIO connects (sends), DISH binds
     * (receives); anything else is ENOCOMPATPROTO, as libzmq says.
     */
    public static UdpEngine open(SocketBase socket, IoThread io, Options options, Endpoint ep, boolean bind) {
        SocketType type = options.type;
        if (type != SocketType.RADIO && type != SocketType.DISH) {
            throw new ZmqException(ZmqException.Kind.ENOCOMPATPROTO, "udp is for RADIO and DISH only, not " + type + ": " + ep.text);
        }
        boolean sender = type == SocketType.RADIO;
        if (sender == bind) {
            throw new ZmqException(ZmqException.Kind.ENOCOMPATPROTO, sender
                    ? "a RADIO connects to udp endpoints (the DISH binds): " + ep.text
                    : "a DISH binds udp endpoints (the RADIO connects): " + ep.text);
        }
        InetAddress host = host(ep, bind);
        NetworkInterface nic = ep.iface == null ? null : nic(ep);
        boolean multicast = host != null && host.isMulticastAddress();
        if (ep.iface != null && !multicast) {
            throw new ZmqException(ZmqException.Kind.EINVAL, "an interface before ';' is for multicast addresses only: " + ep.text);
        }
        if (!bind && (host == null || ep.port == 0)) {
            throw new ZmqException(ZmqException.Kind.EINVAL, "a udp destination needs an address and a port: " + ep.text);
        }
        DatagramChannel ch = null;
        try {
            ch = DatagramChannel.open(host instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            ch.configureBlocking(false);
            String bound;
            InetSocketAddress target = null;
            if (sender) {
                target = new InetSocketAddress(host, ep.port);
                if (multicast) {
                    ch.setOption(StandardSocketOptions.IP_MULTICAST_TTL, options.multicastHops);
                    ch.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, options.multicastLoop);
                    if (nic != null) {
                        ch.setOption(StandardSocketOptions.IP_MULTICAST_IF, nic);
                    }
                }
                bound = ep.text;
            } else if (multicast) {
                // every dish of the group on this host binds the same port
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                ch.bind(new InetSocketAddress(ep.port));
                NetworkInterface joinOn = nic != null ? nic : defaultMulticastInterface(ep);
                ch.join(host, joinOn);
                int port = ((InetSocketAddress) ch.getLocalAddress()).getPort();
                bound = "udp://" + (ep.iface != null ? ep.iface + ";" : "") + hostText(host) + ":" + port;
            } else {
                ch.bind(host == null ? new InetSocketAddress(ep.port) : new InetSocketAddress(host, ep.port));
                bound = Endpoint.format(Endpoint.Transport.UDP, ch.getLocalAddress(), ep.text);
            }
            UdpEngine e = new UdpEngine(socket, io, ep, ch, sender, target, bound);
            return e;
        } catch (java.net.BindException e) {
            closeQuietly(ch);
            throw new ZmqException(ZmqException.Kind.EADDRINUSE, "cannot bind " + ep.text + ": " + e.getMessage(), e);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            closeQuietly(ch);
            throw new ZmqException(ZmqException.Kind.EINVAL, "cannot open " + ep.text + ": " + e.getMessage(), e);
        }
    }

    private static InetAddress host(Endpoint ep, boolean bind) {
        if (ep.address.equals("*")) {
            if (!bind) {
                throw new ZmqException(ZmqException.Kind.EINVAL, "cannot send to '*' in '" + ep.text + "'");
            }
            return null;
        }
        try {
            return InetAddress.getByName(ep.address);
        } catch (UnknownHostException e) {
            throw new ZmqException(ZmqException.Kind.EINVAL, "cannot resolve host '" + ep.address + "' in '" + ep.text + "'");
        }
    }

    /** The interface before ';': a name (eth0) or one of its addresses. */
    private static NetworkInterface nic(Endpoint ep) {
        try {
            NetworkInterface n = NetworkInterface.getByName(ep.iface);
            if (n == null) {
                n = NetworkInterface.getByInetAddress(InetAddress.getByName(ep.iface));
            }
            if (n == null) {
                throw new ZmqException(ZmqException.Kind.EADDRNOTAVAIL, "no interface '" + ep.iface + "' on this host: " + ep.text);
            }
            return n;
        } catch (SocketException | UnknownHostException e) {
            throw new ZmqException(ZmqException.Kind.EADDRNOTAVAIL, "no interface '" + ep.iface + "' on this host: " + ep.text);
        }
    }

    /** No interface named: the first that is up and does multicast, else loopback. */
    private static NetworkInterface defaultMulticastInterface(Endpoint ep) throws SocketException {
        NetworkInterface loopback = null;
        for (NetworkInterface n : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!n.isUp()) {
                continue;
            }
            if (n.isLoopback()) {
                loopback = n;
            } else if (n.supportsMulticast()) {
                return n;
            }
        }
        if (loopback == null) {
            throw new ZmqException(ZmqException.Kind.EADDRNOTAVAIL, "no interface to join " + ep.text + " on; name one: udp://eth0;group:port");
        }
        return loopback;
    }

    private static String hostText(InetAddress a) {
        return a instanceof Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
    }

    /** The endpoint as the socket reports it: with the port a wildcard bind got. */
    public String boundEndpoint() {
        return boundEndpoint;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** Attaches the pipe to the socket and starts on the loop; call on the socket's thread. */
    public void start() {
        pipe.connected();
        pipe.peerReady(sender ? SocketType.DISH : SocketType.RADIO, null, Map.of());
        pipe.out().readerWaker(this::wake);
        pipe.in().writerWaker(this::wake);
        socket.postAttach(pipe);
        io.execute(() -> {
            if (closed) {
                return;
            }
            try {
                key = io.register(channel, sender ? 0 : SelectionKey.OP_READ, this);
            } catch (IOException e) {
                closeNow();
                return;
            }
            run();
        });
    }

    private void wake() {
        if (scheduled.compareAndSet(false, true)) {
            io.execute(run);
        }
    }

    private void run() {
        scheduled.set(false);
        if (closed) {
            return;
        }
        if (sender) {
            send();
        } else {
            // a dish's JOIN and LEAVE commands have no wire here: it filters what arrives
            Msg m;
            while ((m = pipe.out().poll()) != null) {
                m.close();
            }
            if (readPaused && pipe.in().hasRoom()) {
                readPaused = false;
                key.interestOps(SelectionKey.OP_READ);
                receive();
            }
        }
    }

    @Override
    public void ready(SelectionKey k) {
        if (sender) {
            k.interestOps(0);
            send();
        } else {
            receive();
        }
    }

    private void receive() {
        for (int i = 0; i < 256 && !readPaused; i++) {
            buffer.clear();
            InetSocketAddress from;
            try {
                from = (InetSocketAddress) channel.receive(buffer);
            } catch (IOException e) {
                return; // an ICMP error from an earlier datagram, most likely: go on reading
            }
            if (from == null) {
                break;
            }
            buffer.flip();
            int n = buffer.remaining();
            int groupSize = n > 0 ? buffer.get(0) & 0xff : -1;
            if (n > MAX_DATAGRAM || groupSize < 0 || n - 1 < groupSize) {
                dropped++;
                continue;
            }
            byte[] group = new byte[groupSize];
            buffer.position(1);
            buffer.get(group);
            byte[] body = new byte[buffer.remaining()];
            buffer.get(body);
            if (!pipe.deliverQuietly(Msg.of(group, body))) {
                // full: as libzmq, stop reading until the socket takes some (the kernel's
                // receive buffer then holds, and after it drops, what comes)
                dropped++;
                readPaused = true;
                key.interestOps(0);
            }
        }
        pipe.wakeSocket();
    }

    private void send() {
        while (true) {
            if (pending == null) {
                Msg m = pipe.out().poll();
                if (m == null) {
                    return;
                }
                try (m) {
                    pending = datagram(m);
                }
                if (pending == null) {
                    dropped++;
                    continue;
                }
            }
            try {
                if (channel.send(pending, target) == 0) {
                    key.interestOps(SelectionKey.OP_WRITE); // the kernel's buffer is full
                    return;
                }
            } catch (IOException e) {
                dropped++; // unreachable, no route: UDP loses it, the next may pass
            }
            pending = null;
        }
    }

    /** group length, group, body; null if it does not fit (RADIO checks before queueing). */
    private static ByteBuffer datagram(Msg m) {
        if (m.size() != 2) {
            return null;
        }
        ByteBuffer group = m.buffer(0);
        ByteBuffer body = m.buffer(1);
        int size = 1 + group.remaining() + body.remaining();
        if (group.remaining() > 255 || size > MAX_DATAGRAM) {
            return null;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put((byte) group.remaining()).put(group.duplicate()).put(body.duplicate()).flip();
        return b;
    }

    /** Datagrams dropped so far (approximate from other threads). */
    public long dropped() {
        return dropped;
    }

    /** Stops: what a RADIO has queued is sent first (UDP sends do not wait). Safe from any thread. */
    public void close() {
        io.execute(() -> {
            if (!closed && sender) {
                send();
            }
            closeNow();
        });
    }

    private void closeNow() {
        if (closed) {
            return;
        }
        closed = true;
        if (key != null) {
            key.cancel();
        }
        closeQuietly(channel);
        pipe.out().readerWaker(Waker.NONE);
        pipe.in().writerWaker(Waker.NONE);
        pipe.otherEndFinished();
        socket.postDetach(pipe);
    }

    @Override
    public void failed(SelectionKey k, Throwable cause) {
        closeNow();
    }

    private static void closeQuietly(DatagramChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing to report
            }
        }
    }
}
