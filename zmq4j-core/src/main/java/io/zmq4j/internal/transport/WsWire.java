package io.zmq4j.internal.transport;

import io.zmq4j.SocketType;
import io.zmq4j.internal.socket.Options;
import io.zmq4j.internal.zmtp.Greeting;
import io.zmq4j.internal.zmtp.ZmtpException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * ZeroMQ over WebSocket (RFC 45, ZWS 2.0) beneath the ZMTP engine: the HTTP upgrade, then each
 * ZMTP frame as one binary WebSocket message whose first byte is the ZWS flags (0x01 more,
 * 0x02 command).
 *
 * <p>The engine keeps speaking ZMTP bytes; this layer rewrites them on the way out and back.
 * ZWS has no greeting, so the engine's own is swallowed and, once the upgrade is done, the
 * engine is handed a ZMTP 3.0 greeting naming its own mechanism (the subprotocol,
 * {@code ZWS2.0/NULL}, {@code ZWS2.0/PLAIN} or {@code ZWS2.0/CURVE}, already agreed on it); 3.0
 * because over ZWS subscriptions travel as 0x01/0x00-prefixed messages, as to a ZMTP 3.0 peer.
 * WebSocket control frames stay here: a ping is answered with a pong, a close with a close.
 *
 * <p>Runs on the engine's I/O thread only (the engine makes no direct writes over ws).
 */
final class WsWire {
    /** A byte stream under the WebSocket framing: the channel itself, or TLS over it. */
    interface Link {
        /** Reads what is available into {@code dst}; -1 at the end of the stream. */
        int read(ByteBuffer dst) throws IOException;

        /** Writes what the kernel takes now (TLS may keep some, see {@link #flush}). */
        void write(ByteBuffer src) throws IOException;

        /** Writes what the link itself holds; true when nothing is left. */
        boolean flush() throws IOException;

        /** Whether the link holds output the kernel has not taken yet. */
        boolean pendingOutput();

        /** Best-effort end of the stream's output (TLS close_notify); never blocks. */
        void closeOutput();
    }

    /** The channel itself, for ws://. */
    static Link plain(java.nio.channels.SocketChannel ch) {
        return new Link() {
            @Override
            public int read(ByteBuffer dst) throws IOException {
                return ch.read(dst);
            }

            @Override
            public void write(ByteBuffer src) throws IOException {
                ch.write(src);
            }

            @Override
            public boolean flush() {
                return true;
            }

            @Override
            public boolean pendingOutput() {
                return false;
            }

            @Override
            public void closeOutput() {
                // the channel's close says it
            }
        };
    }

    /** RFC 45's protocol without a mechanism (NULL sockets only, as in libzmq). */
    static final String NO_MECHANISM = "ZWS2.0";

    static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** An upgrade request or response larger than this is refused: nobody needs more. */
    static final int MAX_HTTP = 8192;
    private static final int OP_CONTINUATION = 0;
    private static final int OP_TEXT = 1;
    private static final int OP_BINARY = 2;
    private static final int OP_CLOSE = 8;
    private static final int OP_PING = 9;
    private static final int OP_PONG = 10;
    /** RFC 6455 close codes we send. */
    static final int CLOSE_NORMAL = 1000;
    static final int CLOSE_PROTOCOL = 1002;
    static final int CLOSE_TOO_BIG = 1009;

    private final Link link;
    private final boolean client;
    private final String protocol;
    private final String mechanism;
    private final long maxMsgSize;
    private final Endpoint endpoint;
    private final byte[] routingId;
    private final SocketType socketType;
    private String key;
    /**
     * "ZWS2.0", RFC 45's protocol without a mechanism (what a browser can ask for: its
     * WebSocket API refuses subprotocol names with '/'): each side's first message is its
     * routing id, and there is no READY. The engine still runs NULL: the peer's first message
     * is handed to it as a READY naming the peer by that id (and by the type this socket
     * talks to, which ZWS2.0 never says), and its own READY is replaced by our routing id.
     */
    private boolean noMechanism;
    private boolean peerIdentified;
    private boolean ourReadyReplaced;
    private long outSkip;

    /** For the single-buffer read and write: no array per call. */
    private final ByteBuffer[] one = new ByteBuffer[1];
    private boolean open;
    private boolean traffic;
    private boolean moreReady;
    private boolean closeSent;
    private ByteBuffer in = ByteBuffer.allocate(16 * 1024);
    private final ByteBuffer out = ByteBuffer.allocate(16 * 1024);
    /** Bytes made up for the engine: the greeting, then each frame's ZMTP header. */
    private final ByteBuffer synth = ByteBuffer.allocate(512).flip();

    // ---- input: the data frame being passed through ----
    private long inLeft;
    private int inMask;
    private boolean inMasked;
    private int inMaskPos;
    /** A message split over several frames, gathered whole (ZMTP needs its size up front). */
    private ByteArrayBuilder fragments;
    private ByteBuffer assembled;
    private boolean inFragment;
    private boolean fragmentFin;

    // ---- output: the ZMTP frame being rewritten ----
    private int greetingLeft = Greeting.SIZE;
    private final byte[] zmtpHeader = new byte[9];
    private int zmtpHeaderHave;
    private long outLeft;
    private int outMask;
    private int outMaskPos;
    private byte[] pendingPong;
    private boolean pendingPing;
    private int pendingClose = -1;

    private WsWire(Link link, boolean client, Endpoint endpoint, Options options) {
        this.link = link;
        this.client = client;
        this.endpoint = endpoint;
        this.mechanism = options.mechanism;
        this.protocol = "ZWS2.0/" + options.mechanism;
        this.maxMsgSize = options.maxMsgSize;
        this.routingId = options.routingId == null ? new byte[0] : options.routingId;
        this.socketType = options.type;
    }

    /** The connecting side: sends the upgrade request as soon as it can write. */
    static WsWire client(Link link, Endpoint endpoint, Options options) {
        WsWire w = new WsWire(link, true, endpoint, options);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        w.key = Base64.getEncoder().encodeToString(nonce);
        String host = endpoint.address.indexOf(':') >= 0 ? "[" + endpoint.address + "]" : endpoint.address;
        String request = "GET " + endpoint.path + " HTTP/1.1\r\n"
                + "Host: " + host + ":" + endpoint.port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + w.key + "\r\n"
                + "Sec-WebSocket-Protocol: " + w.protocol + (w.mechanism.equals("NULL") ? "," + NO_MECHANISM : "") + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        w.out.put(request.getBytes(StandardCharsets.US_ASCII));
        return w;
    }

    /** The accepting side: waits for the upgrade request. */
    static WsWire server(Link link, Endpoint endpoint, Options options) {
        return new WsWire(link, false, endpoint, options);
    }

    /** The subprotocol agreed (after the upgrade), or the one this side offers first. */
    String protocol() {
        return noMechanism ? NO_MECHANISM : protocol;
    }

    // =====================================================================================
    // input
    // =====================================================================================

    /** Fills {@code dsts} in order with ZMTP bytes; -1 at the end of the stream. */
    long read(ByteBuffer[] dsts) throws IOException, ZmtpException {
        long produced = 0;
        while (true) {
            produced += drainSynth(dsts);
            if (synth.hasRemaining() || (assembled != null && assembled.hasRemaining()) || full(dsts)) {
                moreReady = true;
                return produced;
            }
            in.flip();
            try {
                if (!open) {
                    if (client ? readResponse() : readRequest()) {
                        open = true;
                        putGreeting();
                        continue;
                    }
                } else if (inLeft > 0 && in.hasRemaining()) {
                    if (inFragment) {
                        gather();
                    } else {
                        produced += passBody(dsts);
                    }
                    continue;
                } else if (inLeft == 0 && parseFrame()) {
                    continue;
                }
            } finally {
                in.compact();
            }
            if (!in.hasRemaining()) {
                // a header or control frame larger than the buffer cannot happen (<= 14 + 125
                // bytes); only an HTTP head can fill it, and that is capped at MAX_HTTP
                throw new ZmtpException(ZmtpException.Code.MALFORMED_MESSAGE, "WebSocket input buffer full");
            }
            int n = link.read(in);
            if (n > 0) {
                traffic = true;
            }
            if (n < 0) {
                moreReady = false;
                if (produced > 0) {
                    return produced;
                }
                if (!open) {
                    throw new IOException("connection closed during the WebSocket upgrade");
                }
                return -1;
            }
            if (n == 0) {
                moreReady = false;
                return produced;
            }
        }
    }

    long read(ByteBuffer dst) throws IOException, ZmtpException {
        one[0] = dst;
        try {
            return read(one);
        } finally {
            one[0] = null;
        }
    }

    /** Whether any bytes arrived since the last call (a pong is traffic, though no ZMTP bytes). */
    boolean takeTraffic() {
        boolean t = traffic;
        traffic = false;
        return t;
    }

    /**
     * Whether the last read stopped for want of room, not of bytes: input is held here (or in
     * TLS) that the selector will not report again.
     */
    boolean hasBufferedInput() {
        return moreReady;
    }

    private static boolean full(ByteBuffer[] dsts) {
        for (ByteBuffer d : dsts) {
            if (d.hasRemaining()) {
                return false;
            }
        }
        return true;
    }

    private long drainSynth(ByteBuffer[] dsts) {
        long n = 0;
        for (int s = 0; s < 2; s++) {
            ByteBuffer src = s == 0 ? synth : assembled;
            if (src == null) {
                continue;
            }
            for (ByteBuffer d : dsts) {
                if (!src.hasRemaining()) {
                    break;
                }
                int k = Math.min(src.remaining(), d.remaining());
                if (k > 0) {
                    int lim = src.limit();
                    src.limit(src.position() + k);
                    d.put(src);
                    src.limit(lim);
                    n += k;
                }
            }
            if (src.hasRemaining()) {
                break; // the assembled body must not overtake its header
            }
        }
        if (assembled != null && !assembled.hasRemaining()) {
            assembled = null;
        }
        return n;
    }

    /** The body bytes of the current data frame, unmasked, as far as {@code in} and the buffers go. */
    private long passBody(ByteBuffer[] dsts) {
        long n = 0;
        for (ByteBuffer d : dsts) {
            while (d.hasRemaining() && in.hasRemaining() && inLeft > 0) {
                int k = (int) Math.min(Math.min(d.remaining(), in.remaining()), inLeft);
                if (inMasked) {
                    for (int i = 0; i < k; i++) {
                        d.put((byte) (in.get() ^ maskByte(inMask, inMaskPos++)));
                    }
                } else {
                    int lim = in.limit();
                    in.limit(in.position() + k);
                    d.put(in);
                    in.limit(lim);
                }
                inLeft -= k;
                n += k;
            }
        }
        return n;
    }

    private static int maskByte(int mask, int pos) {
        return mask >>> (8 * (3 - (pos & 3)));
    }

    /**
     * Parses one frame header (and a control frame's whole payload) from {@code in}; false when
     * more bytes are needed. A data frame's ZMTP header goes to {@code synth}.
     */
    private boolean parseFrame() throws IOException, ZmtpException {
        if (in.remaining() < 2) {
            return false;
        }
        int p = in.position();
        int b0 = in.get(p) & 0xFF;
        int b1 = in.get(p + 1) & 0xFF;
        boolean fin = (b0 & 0x80) != 0;
        int opcode = b0 & 0x0F;
        boolean masked = (b1 & 0x80) != 0;
        long len = b1 & 0x7F;
        int hdr = 2;
        if ((b0 & 0x70) != 0) {
            throw protocol("WebSocket frame with reserved bits set (no extension was negotiated)");
        }
        if (masked == client) {
            throw protocol(client ? "masked WebSocket frame from the server (RFC 6455 forbids it)"
                    : "unmasked WebSocket frame from the client (RFC 6455 requires clients to mask)");
        }
        if (len == 126) {
            if (in.remaining() < 4) {
                return false;
            }
            len = in.getShort(p + 2) & 0xFFFF;
            hdr = 4;
        } else if (len == 127) {
            if (in.remaining() < 10) {
                return false;
            }
            len = in.getLong(p + 2);
            hdr = 10;
            if (len < 0) {
                throw protocol("WebSocket frame length has its most significant bit set");
            }
        }
        int mask = 0;
        if (masked) {
            if (in.remaining() < hdr + 4) {
                return false;
            }
            mask = in.getInt(p + hdr);
            hdr += 4;
        }
        if (opcode >= 8) {
            if (!fin || len > 125) {
                throw protocol("WebSocket control frame " + (fin ? "longer than 125 bytes" : "fragmented"));
            }
            if (in.remaining() < hdr + len) {
                return false;
            }
            byte[] payload = new byte[(int) len];
            for (int i = 0; i < len; i++) {
                payload[i] = (byte) (in.get(p + hdr + i) ^ (masked ? maskByte(mask, i) : 0));
            }
            in.position(p + hdr + (int) len);
            control(opcode, payload);
            return true;
        }
        if (opcode == OP_TEXT) {
            throw protocol("WebSocket text frame: ZWS messages are binary");
        }
        if (opcode != OP_BINARY && opcode != OP_CONTINUATION) {
            throw protocol("WebSocket frame with reserved opcode 0x" + Integer.toHexString(opcode));
        }
        if (opcode == OP_CONTINUATION && fragments == null) {
            throw protocol("WebSocket continuation frame without a message to continue");
        }
        if (opcode == OP_BINARY && fragments != null) {
            throw protocol("WebSocket binary frame inside a fragmented message");
        }
        if (fragments != null || !fin) {
            return fragment(p, hdr, len, masked, mask, fin);
        }
        if (len == 0) {
            throw new ZmtpException(ZmtpException.Code.MALFORMED_MESSAGE, "empty ZWS message: the flags byte is missing");
        }
        if (in.remaining() < hdr + 1) {
            return false; // the flags byte too, to write the ZMTP header
        }
        int flags = (in.get(p + hdr) ^ (masked ? maskByte(mask, 0) : 0)) & 0xFF;
        long size = len - 1;
        checkFlagsAndSize(flags, size);
        if (noMechanism && !peerIdentified) {
            if (flags != 0 || size > 255) {
                throw new ZmtpException(ZmtpException.Code.MALFORMED_MESSAGE, "the first ZWS2.0 message must be the peer's "
                        + "routing id (one frame of at most 255 bytes), got flags 0x" + Integer.toHexString(flags) + " and " + size + " bytes");
            }
            if (in.remaining() < hdr + len) {
                return false;
            }
            byte[] id = new byte[(int) size];
            for (int i = 0; i < size; i++) {
                id[i] = (byte) (in.get(p + hdr + 1 + i) ^ (masked ? maskByte(mask, 1 + i) : 0));
            }
            in.position(p + hdr + (int) len);
            peerIdentified = true;
            putPeerReady(id);
            return true;
        }
        in.position(p + hdr + 1);
        putZmtpHeader(flags, size);
        inLeft = size;
        inMasked = masked;
        inMask = mask;
        inMaskPos = 1;
        return true;
    }

    private void checkFlagsAndSize(int flags, long size) throws ZmtpException {
        if ((flags & ~3) != 0) {
            throw new ZmtpException(ZmtpException.Code.MALFORMED_MESSAGE,
                    "bad ZWS flags 0x" + Integer.toHexString(flags) + " (only 0x01 more and 0x02 command are defined)");
        }
        if ((flags & 2) == 0 && maxMsgSize >= 0 && size > maxMsgSize) {
            throw new ZmtpException(ZmtpException.Code.MESSAGE_TOO_LARGE,
                    "ZWS frame of " + size + " bytes is over the maximum message size of " + maxMsgSize);
        }
    }

    /** A frame of a fragmented message: its payload is gathered until the final one. */
    private boolean fragment(int p, int hdr, long len, boolean masked, int mask, boolean fin) throws ZmtpException {
        if (fragments == null) {
            fragments = new ByteArrayBuilder();
        }
        long limit = maxMsgSize >= 0 ? maxMsgSize + 1 : Integer.MAX_VALUE - 64;
        if (fragments.size + len > limit) {
            throw new ZmtpException(ZmtpException.Code.MESSAGE_TOO_LARGE, "fragmented ZWS message of more than "
                    + (limit - 1) + " bytes is over the " + (maxMsgSize >= 0 ? "maximum message size" : "largest message"));
        }
        in.position(p + hdr);
        inLeft = len;
        inMasked = masked;
        inMask = mask;
        inMaskPos = 0;
        inFragment = true;
        fragmentFin = fin;
        if (len == 0) {
            fragmentDone();
        }
        return true;
    }

    /** Moves the current fragment's payload from {@code in} into the gathered message. */
    private void gather() throws ZmtpException {
        int k = (int) Math.min(in.remaining(), inLeft);
        int base = fragments.size;
        fragments.ensure(base + k); // grows as bytes arrive: a header alone allocates nothing
        byte[] b = fragments.bytes;
        for (int i = 0; i < k; i++) {
            b[base + i] = (byte) (in.get() ^ (inMasked ? maskByte(inMask, inMaskPos++) : 0));
        }
        fragments.size += k;
        inLeft -= k;
        if (inLeft == 0) {
            fragmentDone();
        }
    }

    private void fragmentDone() throws ZmtpException {
        inFragment = false;
        if (!fragmentFin) {
            return;
        }
        byte[] msg = fragments.bytes;
        int size = fragments.size;
        fragments = null;
        if (size == 0) {
            throw new ZmtpException(ZmtpException.Code.MALFORMED_MESSAGE, "empty ZWS message: the flags byte is missing");
        }
        int flags = msg[0] & 0xFF;
        checkFlagsAndSize(flags, size - 1);
        putZmtpHeader(flags, size - 1);
        assembled = ByteBuffer.wrap(msg, 1, size - 1);
    }

    private void putZmtpHeader(int zwsFlags, long size) {
        synth.clear();
        int f = ((zwsFlags & 1) != 0 ? 0x01 : 0) | ((zwsFlags & 2) != 0 ? 0x04 : 0);
        if (size > 255) {
            synth.put((byte) (f | 0x02)).putLong(size);
        } else {
            synth.put((byte) f).put((byte) size);
        }
        synth.flip();
    }

    /** The READY the engine expects, made from a ZWS2.0 peer's routing id. */
    private void putPeerReady(byte[] id) {
        byte[] type = assumedPeer(socketType).zmtpName().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer body = ByteBuffer.allocate(6 + 12 + 4 + type.length + 9 + 4 + id.length);
        body.put((byte) 5).put("READY".getBytes(StandardCharsets.US_ASCII));
        body.put((byte) 11).put("Socket-Type".getBytes(StandardCharsets.US_ASCII)).putInt(type.length).put(type);
        body.put((byte) 8).put("Identity".getBytes(StandardCharsets.US_ASCII)).putInt(id.length).put(id);
        body.flip();
        synth.clear();
        synth.put((byte) 0x04).put((byte) body.remaining()).put(body);
        synth.flip();
    }

    /** The socket type a ZWS2.0 peer is taken to be: one this socket may talk to. */
    static SocketType assumedPeer(SocketType ours) {
        switch (ours) {
            case PUB:
            case XPUB:
                return SocketType.SUB;
            case SUB:
            case XSUB:
                return SocketType.PUB;
            case REQ:
                return SocketType.REP;
            case REP:
            case ROUTER:
                return SocketType.DEALER;
            case DEALER:
                return SocketType.ROUTER;
            case PUSH:
                return SocketType.PULL;
            case PULL:
                return SocketType.PUSH;
            case SERVER:
                return SocketType.CLIENT;
            case CLIENT:
                return SocketType.SERVER;
            case RADIO:
                return SocketType.DISH;
            case DISH:
                return SocketType.RADIO;
            case SCATTER:
                return SocketType.GATHER;
            case GATHER:
                return SocketType.SCATTER;
            default:
                return ours; // PAIR, PEER, CHANNEL talk to their own kind
        }
    }

    private void putGreeting() {
        synth.clear();
        Greeting.write(synth, mechanism, !client);
        synth.put(11, (byte) 0); // minor 0: see the class comment
        synth.flip();
    }

    private void control(int opcode, byte[] payload) throws IOException {
        switch (opcode) {
            case OP_PING:
                pendingPong = payload; // at most one waits: a ping flood cannot grow us
                break;
            case OP_PONG:
                break; // it was traffic: the engine has seen the bytes arrive
            case OP_CLOSE:
                int code = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                String reason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                sendClose(code == 1005 ? CLOSE_NORMAL : code);
                throw new IOException("peer closed the WebSocket (" + code + (reason.isEmpty() ? "" : " " + reason) + ")");
            default:
                break; // reserved control opcodes: parseFrame refused them already
        }
    }

    // =====================================================================================
    // HTTP upgrade
    // =====================================================================================

    /** The HTTP head at the start of {@code in}, or null while its end has not arrived. */
    private List<String> head() throws ZmtpException {
        int end = -1;
        for (int i = in.position(); i + 3 < in.limit(); i++) {
            if (in.get(i) == '\r' && in.get(i + 1) == '\n' && in.get(i + 2) == '\r' && in.get(i + 3) == '\n') {
                end = i;
                break;
            }
        }
        if (end < 0) {
            if (in.remaining() >= MAX_HTTP) {
                throw protocolBeforeOpen("WebSocket upgrade " + (client ? "response" : "request") + " longer than " + MAX_HTTP + " bytes");
            }
            return null;
        }
        byte[] text = new byte[end - in.position()];
        in.get(text);
        in.position(end + 4);
        List<String> lines = new ArrayList<>();
        for (String l : new String(text, StandardCharsets.ISO_8859_1).split("\r\n", -1)) {
            lines.add(l);
        }
        return lines;
    }

    private boolean readRequest() throws IOException, ZmtpException {
        List<String> lines = head();
        if (lines == null) {
            return false;
        }
        String[] requestLine = lines.get(0).split(" ");
        if (requestLine.length != 3 || !requestLine[0].equals("GET") || !requestLine[2].startsWith("HTTP/1.")
                || requestLine[2].equals("HTTP/1.0")) {
            refuse("400 Bad Request", "not a WebSocket upgrade request: '" + clip(lines.get(0)) + "'");
        }
        Headers h = new Headers(lines);
        if (!"websocket".equalsIgnoreCase(h.get("upgrade")) || !h.hasToken("connection", "upgrade")) {
            refuse("400 Bad Request", "HTTP request without 'Upgrade: websocket' and 'Connection: Upgrade'");
        }
        if (!"13".equals(h.get("sec-websocket-version"))) {
            refuse("426 Upgrade Required\r\nSec-WebSocket-Version: 13",
                    "WebSocket version '" + h.get("sec-websocket-version") + "' (only 13 is supported)");
        }
        String clientKey = h.get("sec-websocket-key");
        if (clientKey == null || decodedLength(clientKey) != 16) {
            refuse("400 Bad Request", "missing or malformed Sec-WebSocket-Key");
        }
        String offered = h.get("sec-websocket-protocol");
        String chosen = null;
        if (offered != null) {
            // the client's order is its preference, as libzmq reads it
            for (String p : offered.split(",")) {
                String t = p.trim();
                if (t.equals(protocol) || (t.equals(NO_MECHANISM) && mechanism.equals("NULL"))) {
                    chosen = t;
                    break;
                }
            }
        }
        if (chosen == null) {
            refuse("400 Bad Request", "client offered WebSocket subprotocols [" + (offered == null ? "" : offered)
                    + "], this socket speaks " + protocol + (mechanism.equals("NULL") ? " or " + NO_MECHANISM : ""));
        }
        noMechanism = chosen.equals(NO_MECHANISM);
        String response = "HTTP/1.1 101 Switching Protocols\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept(clientKey) + "\r\n"
                + "Sec-WebSocket-Protocol: " + chosen + "\r\n\r\n";
        out.put(response.getBytes(StandardCharsets.US_ASCII));
        return true;
    }

    private boolean readResponse() throws ZmtpException {
        List<String> lines = head();
        if (lines == null) {
            return false;
        }
        String status = lines.get(0);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].equals("101")) {
            throw protocolBeforeOpen("WebSocket server at " + endpoint + " refused the upgrade: '" + clip(status) + "'");
        }
        Headers h = new Headers(lines);
        if (!"websocket".equalsIgnoreCase(h.get("upgrade")) || !h.hasToken("connection", "upgrade")) {
            throw protocolBeforeOpen("WebSocket upgrade response without 'Upgrade: websocket' and 'Connection: Upgrade'");
        }
        if (!accept(key).equals(h.get("sec-websocket-accept"))) {
            throw protocolBeforeOpen("wrong Sec-WebSocket-Accept in the upgrade response: '" + h.get("sec-websocket-accept") + "'");
        }
        String chosen = h.get("sec-websocket-protocol");
        chosen = chosen == null ? null : chosen.trim();
        if (mechanism.equals("NULL") && NO_MECHANISM.equals(chosen)) {
            noMechanism = true;
        } else if (!protocol.equals(chosen)) {
            throw protocolBeforeOpen("WebSocket server chose subprotocol '" + chosen + "', this socket speaks " + protocol);
        }
        return true;
    }

    private void refuse(String status, String why) throws ZmtpException {
        out.put(("HTTP/1.1 " + status + "\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        try {
            flushOut();
        } catch (IOException ignored) {
            // the connection ends anyway
        }
        closeSent = true; // no WebSocket yet: no close frame
        throw new ZmtpException(ZmtpException.Code.UNSPECIFIED, why);
    }

    private ZmtpException protocolBeforeOpen(String why) {
        closeSent = true;
        return new ZmtpException(ZmtpException.Code.UNSPECIFIED, why);
    }

    private static ZmtpException protocol(String why) {
        return new ZmtpException(ZmtpException.Code.MALFORMED_MESSAGE, why);
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    private static int decodedLength(String b64) {
        try {
            return Base64.getDecoder().decode(b64.trim()).length;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    /** RFC 6455: base64(SHA-1(key + GUID)). */
    static String accept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return Base64.getEncoder().encodeToString(sha1.digest((key.trim() + GUID).getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }

    /** HTTP header fields by lower-case name; repeated fields joined with commas. */
    private static final class Headers {
        private final java.util.Map<String, String> map = new java.util.HashMap<>();

        Headers(List<String> lines) {
            for (int i = 1; i < lines.size(); i++) {
                String l = lines.get(i);
                int c = l.indexOf(':');
                if (c <= 0) {
                    continue;
                }
                String name = l.substring(0, c).trim().toLowerCase(Locale.ROOT);
                String value = l.substring(c + 1).trim();
                map.merge(name, value, (a, b) -> a + "," + b);
            }
        }

        String get(String name) {
            return map.get(name);
        }

        boolean hasToken(String name, String token) {
            String v = map.get(name);
            if (v == null) {
                return false;
            }
            for (String t : v.split(",")) {
                if (t.trim().equalsIgnoreCase(token)) {
                    return true;
                }
            }
            return false;
        }
    }

    // =====================================================================================
    // output
    // =====================================================================================

    /**
     * Rewrites ZMTP bytes from {@code srcs} into WebSocket frames and writes them; returns how
     * many ZMTP bytes it took. Takes less than offered only when the link would block.
     */
    long write(ByteBuffer[] srcs) throws IOException {
        long taken = 0;
        while (true) {
            taken += translate(srcs);
            if (!flushOut()) {
                return taken;
            }
            if (full(srcs)) {
                return taken; // (no remaining input)
            }
        }
    }

    long write(ByteBuffer src) throws IOException {
        one[0] = src;
        try {
            return write(one);
        } finally {
            one[0] = null;
        }
    }

    /**
     * Writes what this layer holds (the upgrade, a pong, a close, the rest of a frame); true when
     * nothing is left.
     */
    boolean flushOut() throws IOException {
        while (true) {
            controlOut();
            if (out.position() > 0) {
                out.flip();
                try {
                    link.write(out);
                } finally {
                    out.compact();
                }
            }
            boolean linkDone = link.flush();
            if (out.position() == 0 && linkDone && controlPlaceable()) {
                continue; // all went: the control frames waiting behind it go now
            }
            // a control frame held back by a frame in the middle goes after it, when the
            // engine writes the rest: that is not left for the kernel
            return out.position() == 0 && linkDone && !controlPlaceable();
        }
    }

    /** Control frames wait and may go now: between data frames. */
    private boolean controlPlaceable() {
        return hasControlPending() && outLeft == 0 && zmtpHeaderHave == 0;
    }

    private boolean hasControlPending() {
        return open && (pendingPong != null || pendingPing || pendingClose >= 0);
    }

    /** Whether bytes wait for the kernel (so the engine must ask for OP_WRITE). */
    boolean wantsWrite() {
        return out.position() > 0 || controlPlaceable() || link.pendingOutput();
    }

    /** Queues a ping (heartbeat); the peer answers with a pong, which counts as traffic. */
    void ping() {
        pendingPing = true;
    }

    /** Puts waiting control frames into {@code out}, between data frames only. */
    private void controlOut() {
        if (!open || outLeft > 0 || zmtpHeaderHave > 0) {
            return;
        }
        if (pendingPong != null && out.remaining() >= 14 + pendingPong.length) {
            frameHeader(OP_PONG, pendingPong.length);
            putMasked(pendingPong, 0);
            pendingPong = null;
        }
        if (pendingPing && out.remaining() >= 14) {
            frameHeader(OP_PING, 0);
            pendingPing = false;
        }
        if (pendingClose >= 0 && out.remaining() >= 16) {
            frameHeader(OP_CLOSE, 2);
            putMasked(new byte[] {(byte) (pendingClose >> 8), (byte) pendingClose}, 0);
            pendingClose = -1;
        }
    }

    private void putMasked(byte[] b, int from) {
        for (int i = 0; i < b.length; i++) {
            out.put((byte) (b[i] ^ (client ? maskByte(outMask, from + i) : 0)));
        }
    }

    private void frameHeader(int opcode, long len) {
        out.put((byte) (0x80 | opcode));
        int m = client ? 0x80 : 0;
        if (len < 126) {
            out.put((byte) (m | len));
        } else if (len <= 0xFFFF) {
            out.put((byte) (m | 126)).putShort((short) len);
        } else {
            out.put((byte) (m | 127)).putLong(len);
        }
        if (client) {
            outMask = ThreadLocalRandom.current().nextInt();
            out.putInt(outMask);
        }
    }

    private long translate(ByteBuffer[] srcs) {
        long taken = 0;
        for (ByteBuffer src : srcs) {
            while (src.hasRemaining()) {
                if (greetingLeft > 0) {
                    int k = Math.min(greetingLeft, src.remaining());
                    src.position(src.position() + k);
                    greetingLeft -= k;
                    taken += k;
                    continue;
                }
                if (outSkip > 0) {
                    int k = (int) Math.min(outSkip, src.remaining());
                    src.position(src.position() + k);
                    outSkip -= k;
                    taken += k;
                    continue;
                }
                if (outLeft > 0) {
                    int k = (int) Math.min(Math.min(outLeft, src.remaining()), out.remaining());
                    if (k == 0) {
                        return taken;
                    }
                    if (client) {
                        for (int i = 0; i < k; i++) {
                            out.put((byte) (src.get() ^ maskByte(outMask, outMaskPos++)));
                        }
                    } else {
                        int lim = src.limit();
                        src.limit(src.position() + k);
                        out.put(src);
                        src.limit(lim);
                    }
                    outLeft -= k;
                    taken += k;
                    continue;
                }
                // a ZMTP header: flags, then one or eight size bytes
                if (zmtpHeaderHave == 0) {
                    controlOut();
                    if (out.remaining() < 15 + (noMechanism && !ourReadyReplaced ? routingId.length : 0)) {
                        return taken;
                    }
                }
                zmtpHeader[zmtpHeaderHave++] = src.get();
                taken++;
                int need = (zmtpHeader[0] & 0x02) != 0 ? 9 : 2;
                if (zmtpHeaderHave < need) {
                    continue;
                }
                long size = zmtpHeader[1] & 0xFF;
                for (int i = 2; i < need; i++) {
                    size = (size << 8) | (zmtpHeader[i] & 0xFF);
                }
                int f = zmtpHeader[0];
                zmtpHeaderHave = 0;
                if (noMechanism && !ourReadyReplaced && (f & 0x04) != 0) {
                    // ZWS2.0: our routing id goes where the engine's READY would
                    ourReadyReplaced = true;
                    outSkip = size;
                    frameHeader(OP_BINARY, 1 + routingId.length);
                    out.put((byte) (client ? maskByte(outMask, 0) : 0));
                    for (int i = 0; i < routingId.length; i++) {
                        out.put((byte) (routingId[i] ^ (client ? maskByte(outMask, 1 + i) : 0)));
                    }
                    continue;
                }
                frameHeader(OP_BINARY, size + 1);
                int zws = ((f & 0x01) != 0 ? 1 : 0) | ((f & 0x04) != 0 ? 2 : 0);
                out.put((byte) (zws ^ (client ? maskByte(outMask, 0) : 0)));
                outMaskPos = 1;
                outLeft = size;
            }
        }
        return taken;
    }

    /**
     * Tries once, without blocking, to send a close frame with {@code code} (then TLS's
     * close_notify) before the connection ends. Nothing if one was sent or the upgrade is not done.
     */
    void close(int code) {
        if (closeSent || !open) {
            link.closeOutput();
            return;
        }
        sendClose(code);
        try {
            flushOut();
        } catch (IOException ignored) {
            // the connection ends anyway
        }
        link.closeOutput();
    }

    private void sendClose(int code) {
        if (closeSent) {
            return;
        }
        closeSent = true;
        pendingClose = code;
        if (outLeft > 0 || zmtpHeaderHave > 0) {
            // in the middle of a frame: a close cannot be put here; the TCP close tells enough
            pendingClose = -1;
            return;
        }
        try {
            flushOut();
        } catch (IOException ignored) {
            // the connection ends anyway
        }
    }

    /** A growable byte array, for a fragmented message. */
    private static final class ByteArrayBuilder {
        byte[] bytes = new byte[256];
        int size;

        void ensure(int n) {
            if (n > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, (int) Math.max(n, Math.min(Integer.MAX_VALUE - 64, 2L * bytes.length)));
            }
        }
    }
}
