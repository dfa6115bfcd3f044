package io.zmq4j.internal.transport;

import io.zmq4j.ZmqException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

/**
 * A parsed endpoint string: {@code tcp://host:port}, {@code ipc://path}, {@code inproc://name},
 * {@code udp://[interface;]host:port} (RADIO and DISH only), {@code ws://host:port[/path]} and
 * {@code wss://host:port[/path]} (ZeroMQ over WebSocket, RFC 45).
 * Parsing never touches the network; {@link #resolve} does.
 */
public final class Endpoint {
    public enum Transport { TCP, IPC, INPROC, UDP, WS, WSS }

    public final Transport transport;
    public final String text;
    /** tcp: host ("*" for any), without IPv6 brackets; ipc: path; inproc: name. */
    public final String address;
    /** tcp and udp: the port, 0 for "*". */
    public final int port;
    /**
     * udp only: the interface before {@code ;} (a name such as {@code eth0}, an address, or
     * null for the system's choice), used to join or send to a multicast group.
     */
    public final String iface;
    /** ws and wss: the resource path of the HTTP upgrade request ({@code /} when none was given). */
    public final String path;

    private Endpoint(Transport transport, String text, String address, int port) {
        this(transport, text, address, port, null);
    }

    private Endpoint(Transport transport, String text, String address, int port, String iface, String path) {
        this.transport = transport;
        this.text = text;
        this.address = address;
        this.port = port;
        this.iface = iface;
        this.path = path;
    }

    private Endpoint(Transport transport, String text, String address, int port, String iface) {
        this(transport, text, address, port, iface, null);
    }

    /** Whether this is a WebSocket endpoint (ws or wss). */
    public boolean isWebSocket() {
        return transport == Transport.WS || transport == Transport.WSS;
    }

    /** Parses an endpoint; EINVAL for a malformed one, EPROTONOSUPPORT for an unknown transport. */
    public static Endpoint parse(String text) {
        if (text == null) {
            throw new ZmqException(ZmqException.Kind.EINVAL, "endpoint is null");
        }
        int sep = text.indexOf("://");
        if (sep <= 0) {
            throw new ZmqException(ZmqException.Kind.EINVAL,
                    "malformed endpoint '" + text + "': expected transport://address, e.g. tcp://127.0.0.1:5555");
        }
        String scheme = text.substring(0, sep);
        String rest = text.substring(sep + 3);
        switch (scheme) {
            case "tcp":
                return parseTcp(text, rest);
            case "udp":
                return parseUdp(text, rest);
            case "ws":
                return parseWs(Transport.WS, text, rest);
            case "wss":
                return parseWs(Transport.WSS, text, rest);
            case "ipc":
                if (rest.isEmpty()) {
                    throw new ZmqException(ZmqException.Kind.EINVAL, "malformed endpoint '" + text + "': empty ipc path");
                }
                return new Endpoint(Transport.IPC, text, rest, 0);
            case "inproc":
                if (rest.isEmpty()) {
                    throw new ZmqException(ZmqException.Kind.EINVAL, "malformed endpoint '" + text + "': empty inproc name");
                }
                return new Endpoint(Transport.INPROC, text, rest, 0);
            default:
                throw new ZmqException(ZmqException.Kind.EPROTONOSUPPORT,
                        "unsupported transport '" + scheme + "' in endpoint '" + text + "' (zmq4j speaks tcp, ipc, inproc, ws, wss, and udp for RADIO/DISH)");
        }
    }

    private static Endpoint parseTcp(String text, String rest) {
        int semi = rest.indexOf(';');
        if (semi >= 0) {
            // tcp://source;destination: zmq4j ignores the source address part
            rest = rest.substring(semi + 1);
        }
        return hostAndPort(Transport.TCP, text, rest, null);
    }

    /** {@code udp://[interface;]host:port}, as libzmq writes it. */
    private static Endpoint parseUdp(String text, String rest) {
        String iface = null;
        int semi = rest.indexOf(';');
        if (semi >= 0) {
            iface = rest.substring(0, semi);
            rest = rest.substring(semi + 1);
            if (iface.isEmpty()) {
                throw new ZmqException(ZmqException.Kind.EINVAL, "malformed endpoint '" + text + "': empty interface before ';'");
            }
            if (iface.equals("*")) {
                iface = null;
            }
        }
        return hostAndPort(Transport.UDP, text, rest, iface);
    }

    /** {@code ws://host:port[/path]}: the path goes into the upgrade request, {@code /} by default. */
    private static Endpoint parseWs(Transport transport, String text, String rest) {
        int slash = rest.indexOf('/');
        String path = slash < 0 ? "/" : rest.substring(slash);
        String hostPort = slash < 0 ? rest : rest.substring(0, slash);
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= ' ' || c >= 0x7F) {
                throw new ZmqException(ZmqException.Kind.EINVAL, "malformed endpoint '" + text
                        + "': the path may hold only visible ASCII characters, no spaces (percent-encode others)");
            }
        }
        Endpoint hp = hostAndPort(transport, text, hostPort, null);
        return new Endpoint(transport, text, hp.address, hp.port, null, path);
    }

    private static Endpoint hostAndPort(Transport transport, String text, String rest, String iface) {
        String name = transport.name().toLowerCase(java.util.Locale.ROOT);
        int colon = rest.lastIndexOf(':');
        if (colon < 0) {
            throw new ZmqException(ZmqException.Kind.EINVAL,
                    "malformed endpoint '" + text + "': " + name + " needs host:port, e.g. " + name + "://127.0.0.1:5555");
        }
        String host = rest.substring(0, colon);
        String portText = rest.substring(colon + 1);
        if (host.startsWith("[")) {
            if (!host.endsWith("]")) {
                throw new ZmqException(ZmqException.Kind.EINVAL, "malformed endpoint '" + text + "': unbalanced [ in IPv6 address");
            }
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw new ZmqException(ZmqException.Kind.EINVAL, "malformed endpoint '" + text + "': empty host");
        }
        int port;
        if (portText.equals("*") || portText.equals("0")) {
            port = 0;
        } else {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                throw new ZmqException(ZmqException.Kind.EINVAL, "malformed endpoint '" + text + "': bad port '" + portText + "'");
            }
            if (port < 1 || port > 65535) {
                throw new ZmqException(ZmqException.Kind.EINVAL, "malformed endpoint '" + text + "': port " + port + " out of range");
            }
        }
        return new Endpoint(transport, text, host, port, iface);
    }

    /** The socket address to bind or connect to; resolves host names. */
    public SocketAddress resolve(boolean forBind) {
        switch (transport) {
            case TCP:
            case UDP:
            case WS:
            case WSS:
                if (address.equals("*")) {
                    if (!forBind) {
                        throw new ZmqException(ZmqException.Kind.EINVAL, "cannot connect to '*' in '" + text + "'");
                    }
                    return new InetSocketAddress(port);
                }
                try {
                    return new InetSocketAddress(InetAddress.getByName(address), port);
                } catch (UnknownHostException e) {
                    throw new ZmqException(ZmqException.Kind.EINVAL,
                            "cannot resolve host '" + address + "' in '" + text + "'");
                }
            case IPC:
                return ipcAddress();
            default:
                throw new IllegalStateException("inproc has no socket address");
        }
    }

    /** Whether this is a Linux abstract ipc address ({@code ipc://@name}). */
    public boolean isAbstractIpc() {
        return transport == Transport.IPC && address.startsWith("@");
    }

    /** The abstract name, without its {@code @}. */
    public String abstractName() {
        return address.substring(1);
    }

    /** Null for an abstract address, which no JDK SocketAddress can name (see AbstractIpc). */
    private SocketAddress ipcAddress() {
        if (isAbstractIpc()) {
            String name = abstractName();
            if (name.isEmpty() || AbstractIpc.nameBytes(name).length > AbstractIpc.MAX_NAME_BYTES) {
                throw new ZmqException(ZmqException.Kind.EINVAL, "bad abstract ipc address in '" + text
                        + "': the name after @ must be 1 to " + AbstractIpc.MAX_NAME_BYTES + " bytes");
            }
            String why = AbstractIpc.unsupportedReason();
            if (why != null) {
                throw new ZmqException(ZmqException.Kind.EPROTONOSUPPORT, "abstract ipc address '" + text
                        + "' is not supported: " + why + "; use ipc:///path");
            }
            return null;
        }
        try {
            return UnixDomainSocketAddress.of(Path.of(address));
        } catch (java.nio.file.InvalidPathException e) {
            throw new ZmqException(ZmqException.Kind.EINVAL, "bad ipc path in '" + text + "': " + e.getMessage());
        }
    }

    /** The endpoint text for an actual bound address (ports and wildcards filled in). */
    public static String format(Transport t, SocketAddress a, String original) {
        if (t != Transport.IPC && t != Transport.INPROC && a instanceof InetSocketAddress) {
            String scheme = t.name().toLowerCase(java.util.Locale.ROOT) + "://";
            InetSocketAddress ia = (InetSocketAddress) a;
            String host = ia.getAddress().getHostAddress();
            if (ia.getAddress() instanceof java.net.Inet6Address) {
                int pct = host.indexOf('%');
                if (pct >= 0) {
                    host = host.substring(0, pct);
                }
                if (host.equals("0:0:0:0:0:0:0:0")) {
                    return scheme + "0.0.0.0:" + ia.getPort();
                }
                if (host.equals("0:0:0:0:0:0:0:1")) {
                    host = "::1";
                }
                return scheme + "[" + host + "]:" + ia.getPort();
            }
            return scheme + host + ":" + ia.getPort();
        }
        return original;
    }

    @Override
    public String toString() {
        return text;
    }
}
