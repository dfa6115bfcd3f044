package io.zmq4j.internal.security;

import io.zmq4j.internal.zmtp.FrameBox;
import io.zmq4j.internal.zmtp.ZmtpException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.engines.Salsa20Engine;

/**
 * CURVE's MESSAGE boxes after the handshake (RFC 26), as libzmq 4.3: body is
 * {@code [7]"MESSAGE"}, an 8-byte big-endian short nonce, then Box[flags + payload] under the
 * connection key; the inner flags byte carries MORE (1) and COMMAND (2). Short nonces must
 * strictly increase: a replayed or reordered box closes the connection.
 *
 * <p>Per frame this allocates nothing but the opened payload. A MESSAGE nonce is a fixed 16-byte
 * prefix per direction ({@code CurveZMQMESSAGEC}/{@code S}) and the 8-byte short nonce, and
 * XSalsa20 with that nonce is Salsa20 under HSalsa20(key, prefix) with the short nonce as its
 * IV: so each direction derives that subkey once, when the handshake is done, and per frame
 * only sets the nonce and counter words of its Salsa20 state, runs Bouncy Castle's Salsa20 core
 * per 64-byte block, and re-keys one Poly1305 ({@link ScalarPoly1305}) with block 0's first 32
 * bytes (crypto_secretbox as NaCl defines it, without an HSalsa20, a key schedule and a set of
 * cipher and MAC objects per frame). The ciphertext (flags byte, then the frame) starts at
 * keystream byte 32. A frame with more than 47 blocks after block 0 (3,040 bytes and up) has its
 * keystream made up to 256 blocks at a time by {@link LaneSalsa20}, which C2 vectorizes on its
 * own, until 47 or fewer are left. In a stream of frames of 160 bytes to 8 KiB, each direction
 * makes the keystream of its next boxes ahead, 256 blocks at a time (short nonces grow by one
 * per box, the peer's too), and the boxes take theirs from there. Frames of 8 KiB and up have
 * most of their Poly1305 blocks taken 128 at a time by {@link LanePoly1305}, which C2 vectorizes
 * too. Where the JVM has the
 * Vector API and {@link VectorCrypto} has turned it on, the blocks after block 0 of a frame
 * longer than a few blocks are made 8 or 16 at a time through it instead, and Poly1305 takes 8
 * blocks at a time.
 */
public final class CurveCodec implements FrameBox {
    private static final byte[] MESSAGE = {7, 'M', 'E', 'S', 'S', 'A', 'G', 'E'};
    private static final int HEADER = 16;
    private static final int TAG = HEADER; // the tag follows the header
    /** What a box adds to a frame: "MESSAGE", the short nonce, the tag and the flags byte. */
    public static final int OVERHEAD = HEADER + CryptoBox.MAC_BYTES + 1;
    /** {@code lanes}: what {@link VectorCrypto} says at each box, else {@link LaneSalsa20} for long frames (the default). */
    static final int FOLLOW = -1;
    /** {@code lanes}: Bouncy Castle's Salsa20 core a block at a time only. */
    static final int SCALAR = 0;
    /** {@code lanes}: {@link LaneSalsa20} for long frames, never the Vector API. */
    static final int AUTO_VECTORIZED = 1;

    /**
     * One {@link LaneSalsa20} per thread that seals or opens long frames (the I/O threads; socket
     * threads write only short boxes themselves), not per connection: 16 KiB each. Its keystream
     * is erased after each frame.
     */
    private static final ThreadLocal<LaneSalsa20> LANES = ThreadLocal.withInitial(LaneSalsa20::new);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] sendPrefix;
    private final byte[] recvPrefix;
    private final Direction out;
    private final Direction in;
    /** A received box's header, tag and flags byte, copied out of the input. */
    private final byte[] head = new byte[OVERHEAD];
    private byte[] key;
    private long nonce;
    private long peerNonce;
    private int openedFlags;

    /** A codec whose boxes carry {@code sendPrefix} and whose peer's carry {@code recvPrefix} (CurveZMQMESSAGEC/S). */
    public CurveCodec(String sendPrefix, String recvPrefix) {
        this(sendPrefix.getBytes(StandardCharsets.US_ASCII), recvPrefix.getBytes(StandardCharsets.US_ASCII));
    }

    /** Any 16-byte nonce prefixes (tests: NaCl's known answers use a binary one). */
    CurveCodec(byte[] sendPrefix, byte[] recvPrefix) {
        this(sendPrefix, recvPrefix, FOLLOW, false);
    }

    /**
     * {@code lanes}: {@link #FOLLOW}, {@link #SCALAR}, {@link #AUTO_VECTORIZED}, or the Vector
     * API's batches of 8 or 16 blocks; {@code vectorPoly1305} for {@link VectorPoly1305} with
     * fixed lanes (tests and VectorCrypto's own check: each path on its own).
     */
    CurveCodec(byte[] sendPrefix, byte[] recvPrefix, int lanes, boolean vectorPoly1305) {
        this(sendPrefix, recvPrefix, lanes, vectorPoly1305, System::nanoTime);
    }

    /** {@code clock}: what tells a stream of boxes from boxes between waits (tests set their own). */
    CurveCodec(byte[] sendPrefix, byte[] recvPrefix, int lanes, boolean vectorPoly1305, java.util.function.LongSupplier clock) {
        this.sendPrefix = sendPrefix.clone();
        this.recvPrefix = recvPrefix.clone();
        this.out = new Direction(lanes, vectorPoly1305, clock);
        this.in = new Direction(lanes, vectorPoly1305, clock);
    }

    /**
     * Starts with the connection key (kept, and erased by {@link #erase}); {@code nextNonce} is
     * our next short nonce, {@code lastPeerNonce} the last the peer used.
     */
    public void start(byte[] precomputed, long nextNonce, long lastPeerNonce) {
        this.key = precomputed;
        this.nonce = nextNonce;
        this.peerNonce = lastPeerNonce;
        out.start(precomputed, sendPrefix, nextNonce - 1);
        in.start(precomputed, recvPrefix, lastPeerNonce);
    }

    @Override
    public int boxLength(int frameLength) {
        return OVERHEAD + frameLength;
    }

    /**
     * Seals {@code src[off..off+len)} with {@code flags} (1 MORE, 2 COMMAND) into a MESSAGE body at
     * {@code out[outOff..]}; returns its length, {@link #OVERHEAD} + len. The frame may already be
     * where its ciphertext goes ({@code src == out}, {@code off == outOff + OVERHEAD}).
     */
    @Override
    public int seal(byte[] src, int off, int len, int flags, byte[] dst, int dstOff) {
        long n = nonce++;
        System.arraycopy(MESSAGE, 0, dst, dstOff, 8);
        putLong(dst, dstOff + 8, n);
        Direction d = out;
        d.begin(n, len);
        int c = dstOff + OVERHEAD - 1; // the ciphertext: flags byte then the frame
        dst[c] = (byte) (flags ^ d.flagKey());
        d.crypt(src, off, dst, c + 1, len);
        d.macUpdate(dst, c, 1 + len);
        d.macFinal(dst, dstOff + TAG);
        return OVERHEAD + len;
    }

    /** Opens the MESSAGE body {@code body[off..off+len)}: the frame's payload; its flags in {@link #openedFlags}. */
    @Override
    public byte[] open(byte[] body, int off, int len) throws ZmtpException {
        System.arraycopy(body, off, head, 0, Math.min(len, OVERHEAD));
        if (len < OVERHEAD) {
            throw tooShort(len);
        }
        // the ciphertext is authenticated where it lies, then decrypted from there into the
        // payload: one pass less over a large frame than copying it out first
        long n = begin(len - OVERHEAD);
        in.macUpdate(body, off + OVERHEAD - 1, len - OVERHEAD + 1);
        byte[] payload = new byte[len - OVERHEAD];
        verified(n);
        in.crypt(body, off + OVERHEAD, payload, 0, payload.length);
        return payload;
    }

    /** Opens a MESSAGE body of {@code len} bytes at {@code body}'s position, and moves past it. */
    @Override
    public byte[] open(ByteBuffer body, int len) throws ZmtpException {
        int at = body.position();
        body.get(head, 0, Math.min(len, OVERHEAD));
        if (len < OVERHEAD) {
            body.position(at + len);
            throw tooShort(len);
        }
        byte[] payload = new byte[len - OVERHEAD];
        body.get(payload);
        return openHead(payload);
    }

    /** The flags byte of the frame {@link #open} returned last. */
    @Override
    public int openedFlags() {
        return openedFlags;
    }

    /** A body too short for a box, whose first bytes are in {@link #head}. */
    private ZmtpException tooShort(int len) {
        if (len < 8 || !Arrays.equals(head, 0, 8, MESSAGE, 0, 8)) {
            return notMessage();
        }
        return new ZmtpException(ZmtpException.Code.MALFORMED_COMMAND, "CURVE MESSAGE of " + len + " bytes is too short");
    }

    private static ZmtpException notMessage() {
        return new ZmtpException(ZmtpException.Code.UNEXPECTED_COMMAND, "CURVE peer sent something other than MESSAGE after the handshake");
    }

    /** {@link #head} holds header, tag and the flags byte's ciphertext, {@code payload} the rest's. */
    private byte[] openHead(byte[] payload) throws ZmtpException {
        long n = begin(payload.length);
        in.macUpdate(head, OVERHEAD - 1, 1);
        in.macUpdate(payload, 0, payload.length);
        verified(n);
        in.crypt(payload, 0, payload, 0, payload.length);
        return payload;
    }

    /**
     * Checks {@link #head}'s command name and short nonce and starts the receiving direction
     * ({@link #in}) at that nonce for a frame of {@code len} bytes, and returns the nonce; the
     * caller then feeds the MAC the ciphertext, flags byte first.
     */
    private long begin(int len) throws ZmtpException {
        if (!Arrays.equals(head, 0, 8, MESSAGE, 0, 8)) {
            throw notMessage();
        }
        long n = getLong(head, 8);
        if (Long.compareUnsigned(n, peerNonce) <= 0) {
            throw new ZmtpException(ZmtpException.Code.INVALID_SEQUENCE,
                    "CURVE MESSAGE nonce " + Long.toUnsignedString(n) + " does not follow " + Long.toUnsignedString(peerNonce) + " (replayed or reordered)");
        }
        in.begin(n, len);
        return n;
    }

    /** Compares the MAC with {@link #head}'s tag; only then moves the nonce on to {@code n} and reads the flags byte. */
    private void verified(long n) throws ZmtpException {
        in.macFinal(in.tag, 0);
        if (!org.bouncycastle.util.Arrays.constantTimeAreEqual(CryptoBox.MAC_BYTES, in.tag, 0, head, TAG)) {
            throw new ZmtpException(ZmtpException.Code.CRYPTOGRAPHIC, "CURVE MESSAGE box does not open (forged or damaged)");
        }
        // only a box that verified moves the nonce on: a forgery leaves the connection as it was
        peerNonce = n;
        openedFlags = (head[OVERHEAD - 1] ^ in.flagKey()) & 0xFF;
    }

    /** This thread's {@link LaneSalsa20} (tests). */
    static LaneSalsa20 lanesOfThisThread() {
        return LANES.get();
    }

    /** The Vector API batch width of the sending direction as of the last box sealed, 0 for none (tests). */
    int sealedLanes() {
        return out.lanes;
    }

    /** Boxes sealed and opened with keystream made ahead (tests). */
    long boxesMadeAhead() {
        return out.boxesAhead + in.boxesAhead;
    }

    /** The sending direction's keystream made ahead, null before its first batch or after {@link #erase} (tests). */
    LaneSalsa20 sendingAhead() {
        return out.ahead;
    }

    /** Bytes of keystream made ahead that all codecs hold (tests). */
    static long aheadHeld() {
        return Direction.AHEAD_HELD.get();
    }

    /** Whether the last box sealed had its MAC from {@link VectorPoly1305} (tests). */
    boolean sealedWithVectorMac() {
        return out.mac == out.vectorMac;
    }

    /** The connection is done: forget the connection key and what was derived from it. */
    public void erase() {
        if (key != null) {
            Arrays.fill(key, (byte) 0);
        }
        out.erase();
        in.erase();
        Arrays.fill(head, (byte) 0);
    }

    private static void putLong(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (56 - 8 * i));
        }
    }

    private static long getLong(byte[] b, int off) {
        long n = 0;
        for (int i = 0; i < 8; i++) {
            n = (n << 8) | (b[off + i] & 0xFF);
        }
        return n;
    }

    /**
     * One direction's Salsa20 state and Poly1305, set up once and restarted per box. The keystream
     * is Bouncy Castle's Salsa20 core ({@link Salsa20Engine#salsaCore}) run on our own 16-word
     * state a block at a time; or {@link VectorCrypto#lanes} blocks at a time where the Vector API
     * is there and at least {@link #MIN_BATCH} blocks are left; or up to 256 blocks at a time
     * through {@link LaneSalsa20} while at least {@link LaneSalsa20#MIN_BLOCKS} are left. The XOR
     * is done a long at a time through a byte-array view instead of the engine's byte-at-a-time
     * {@code processBytes} over its packed keystream (about a fifth of a 1 KiB box's time).
     */
    private static final class Direction {
        /**
         * The fewest blocks left in a frame for which a batch is worth making: a 16-lane batch
         * costs about as much as four blocks through the scalar core.
         */
        static final int MIN_BATCH = 4;
        /**
         * Boxes a direction seals or opens before it makes keystream ahead: a connection that
         * sends a handful of messages does not pay for a batch it would not use, nor hold one.
         */
        static final int AHEAD_AFTER = 8;
        /**
         * The shortest box that has keystream made ahead, in blocks (frames of 160 bytes and up;
         * shorter ones take it when it is there): below it a box saves 80-160 ns of CPU, and in a
         * run of a second or two the JIT's work on the batch costs more than that (tcp CURVE 8 B
         * and 64 B streams measured 13-22% slower, 5% quicker at steady state; §37).
         */
        static final int AHEAD_MIN_BLOCKS = 4;
        /** The largest box made ahead, in blocks: at least two must fit in one call. */
        static final int AHEAD_MAX_BLOCKS = LaneSalsa20.MAX_BLOCKS / 2;
        /**
         * Keystream is made ahead only while boxes come at least this close together on average
         * (a stream). Boxes sealed or opened between waits (request-reply) keep the scalar core:
         * there, the batch's state is out of the cache by the next box, and CURVE latency over
         * tcp measured 5-18% worse with it (bench/FINDINGS.md §37).
         */
        static final long STREAM_NANOS_PER_BOX = 8_000;
        /** Boxes between looks at the pace while no keystream is made ahead. */
        static final int PACE_EVERY = 16;
        /** Bytes all directions together may hold made ahead (about 1,600 busy directions). */
        static final long AHEAD_BUDGET = 32L << 20;
        static final java.util.concurrent.atomic.AtomicLong AHEAD_HELD = new java.util.concurrent.atomic.AtomicLong();
        /** Salsa20's input: constants, the HSalsa20 subkey, the short nonce (6, 7) and block counter (8, 9). */
        final int[] state = new int[16];
        /** The current keystream block, as the Salsa20 core leaves it. */
        final int[] block = new int[16];
        final ScalarPoly1305 scalarMac;
        /** This box's Poly1305: {@link #scalarMac} or {@link #vectorMac}. */
        ScalarPoly1305 mac;
        /** Whether {@link #lanes} and the MAC follow {@link VectorCrypto} (or were fixed at construction). */
        final boolean follow;
        /** Whether frames of {@link LaneSalsa20#MIN_BLOCKS} blocks or more go through {@link #LANES} when no Vector API batch takes them. */
        final boolean autoVectorized;
        /** Poly1305 eight blocks at a time ({@link VectorCrypto#poly1305}), once it is on; else null. */
        VectorPoly1305 vectorMac;
        /** Whether this direction has asked {@link VectorCrypto} to start its check. */
        boolean checkStarted;
        /** The one-time Poly1305 key, written in place for each box. */
        final byte[] macKey = new byte[32];
        final byte[] tag = new byte[CryptoBox.MAC_BYTES];
        /**
         * Keystream made ahead for this direction's next boxes (§37): once it has sealed or opened
         * {@link #AHEAD_AFTER} boxes, a box of at most {@link #AHEAD_MAX_BLOCKS} blocks whose
         * nonce it does not hold has the blocks it needs made for that nonce and the next ones,
         * as many boxes as fit in one {@link LaneSalsa20#boxes} call (whose loops C2 vectorizes),
         * and the boxes after it take theirs from here. Short nonces only grow, by one per box
         * from libzmq and from us, so a receiver can make its peer's next ones too. Null until
         * first used, or when {@link #AHEAD_BUDGET} is spent; erased with the direction.
         */
        LaneSalsa20 ahead;
        /** The nonce of {@link #ahead}'s box 0, how many boxes it holds (0: none), and blocks per box. */
        long aheadFrom;
        int aheadBoxes;
        int aheadBlocks;
        /**
         * The most blocks a box needed since {@link #ahead} was last made: the next one is made
         * that long, so that a stream of frames of two sizes (a REQ's empty delimiter, then its
         * body) does not make a batch of the short size each time the batch runs out.
         */
        int needSinceMade;
        final java.util.function.LongSupplier clock;
        /** The previous box's short nonce. */
        long lastNonce;
        /** When, and after how many {@link #boxes}, this direction last looked at its pace. */
        long paceFrom;
        long paceBoxes;
        /** Whether the budget refused this direction its {@link #ahead}: it does not ask again. */
        boolean aheadRefused;
        /** Boxes this direction has begun, and how many of them took their keystream from {@link #ahead}. */
        long boxes;
        long boxesAhead;
        /** The current box's block 0 in {@link #ahead}, or -1 when its keystream is made as it goes. */
        int boxLane = -1;
        /** Blocks per batch, 0 for none. */
        int lanes;
        /** A batch's keystream, word major ({@link VectorSalsa20#blocks}). */
        int[] batch = new int[0];

        Direction(int lanes, boolean vectorPoly1305, java.util.function.LongSupplier clock) {
            this.clock = clock;
            this.follow = lanes == FOLLOW;
            this.autoVectorized = lanes == FOLLOW || lanes == AUTO_VECTORIZED;
            this.scalarMac = new ScalarPoly1305(autoVectorized);
            this.mac = scalarMac;
            if (lanes == AUTO_VECTORIZED) {
                lanes = 0;
            }
            if (!follow) {
                useLanes(lanes);
                vectorMac = vectorPoly1305 ? new VectorPoly1305() : null;
            }
        }

        private void useLanes(int n) {
            lanes = n;
            if (batch.length < 16 * n) {
                batch = new int[16 * n];
            }
        }

        /** Per box: takes up the batches once {@link VectorCrypto} has turned them on. */
        private void follow() {
            int n = VectorCrypto.lanes();
            if (n != lanes) {
                useLanes(n);
            }
            if (vectorMac == null && n > 0 && VectorCrypto.poly1305()) {
                vectorMac = new VectorPoly1305();
            }
        }

        void macUpdate(byte[] in, int off, int len) {
            mac.update(in, off, len);
        }

        void macFinal(byte[] out, int off) {
            mac.doFinal(out, off);
        }

        void start(byte[] key, byte[] prefix, long lastNonce) {
            this.lastNonce = lastNonce;
            dropAhead(); // made under the key this replaces
            byte[] subkey = CryptoBox.hsalsa20(key, prefix);
            try {
                CryptoBox.salsa20State(subkey, state);
            } finally {
                Arrays.fill(subkey, (byte) 0);
            }
        }

        /**
         * Block 0 of the stream at the short nonce {@code n} (XSalsa20's last 8 nonce bytes, big
         * endian, read as Salsa20's two little-endian nonce words), and Poly1305 keyed with its
         * first 32 bytes; byte 32 is the flags byte's, bytes 33.. the frame's.
         */
        void begin(long n, int len) {
            int[] s = state;
            s[6] = Integer.reverseBytes((int) (n >>> 32));
            s[7] = Integer.reverseBytes((int) n);
            s[8] = 0;
            s[9] = 0;
            int need = (33 + len + 63) >>> 6;
            boxes++;
            boolean skipped = n != lastNonce + 1;
            lastNonce = n;
            // a short box in a direction with nothing made ahead (most of them) goes straight on
            boxLane = autoVectorized && (need >= AHEAD_MIN_BLOCKS || aheadBoxes > 0) ? aheadLane(n, need, skipped) : -1;
            if (boxLane >= 0) {
                ahead.copyBlock(boxLane, block);
                boxesAhead++;
            } else {
                Salsa20Engine.salsaCore(20, s, block);
            }
            byte[] k = macKey;
            for (int i = 0; i < 8; i++) {
                INT.set(k, 4 * i, block[i]);
            }
            if (follow) {
                follow();
            }
            mac = vectorMac != null ? vectorMac : scalarMac;
            mac.init(k, 0);
            Arrays.fill(k, (byte) 0);
        }

        /**
         * Where block 0 of the box at nonce {@code n}, which needs {@code need} blocks, is in
         * {@link #ahead}, making it (and the next boxes') if this direction makes keystream
         * ahead; -1 when the box makes its own. {@code skipped}: {@code n} is not the nonce after
         * the previous box's.
         */
        private int aheadLane(long n, int need, boolean skipped) {
            if (need > AHEAD_MAX_BLOCKS) {
                return -1;
            }
            long i = n - aheadFrom;
            if (i >= 0 && i < aheadBoxes && need <= aheadBlocks) {
                needSinceMade = Math.max(needSinceMade, need);
                return (int) i * aheadBlocks;
            }
            if (need < AHEAD_MIN_BLOCKS || boxes <= AHEAD_AFTER || aheadRefused) {
                return -1;
            }
            if (skipped) {
                // not the nonce after the last box's: a peer may skip nonces (only an increase
                // is required), and one that skipped a batch's worth each box would make this
                // remake 256 blocks for every short box. Back to looking at the pace.
                dropAhead();
                paceBoxes = boxes;
                return -1;
            }
            if (aheadBoxes == 0 && boxes - paceBoxes < PACE_EVERY) {
                return -1; // nothing made ahead: the pace is looked at every PACE_EVERY boxes
            }
            long now = clock.getAsLong();
            boolean stream = now - paceFrom < (boxes - paceBoxes) * STREAM_NANOS_PER_BOX;
            paceFrom = now;
            paceBoxes = boxes;
            if (!stream) {
                dropAhead();
                return -1;
            }
            if (ahead == null) {
                if (AHEAD_HELD.addAndGet(LaneSalsa20.BYTES) > AHEAD_BUDGET) {
                    AHEAD_HELD.addAndGet(-LaneSalsa20.BYTES);
                    aheadRefused = true;
                    return -1;
                }
                ahead = new LaneSalsa20();
            } else {
                dropAhead(); // boxes skipped or never opened
            }
            int blocks = Math.max(need, Math.min(needSinceMade, AHEAD_MAX_BLOCKS));
            int count = LaneSalsa20.MAX_BLOCKS / blocks;
            ahead.boxes(state, n, count, blocks);
            aheadFrom = n;
            aheadBoxes = count;
            aheadBlocks = blocks;
            needSinceMade = need;
            return 0;
        }

        /** Zeroes what {@link #ahead} holds; the next box that wants keystream ahead makes a new batch. */
        private void dropAhead() {
            if (aheadBoxes > 0) {
                ahead.erase(0, aheadBoxes * aheadBlocks);
                aheadBoxes = 0;
            }
        }

        /** The flags byte's keystream byte (byte 32 of block 0); valid until {@link #crypt}. */
        byte flagKey() {
            return (byte) block[8];
        }

        /**
         * XORs {@code in[inOff..inOff+len)} with the stream from byte 33 on into {@code out[outOff..]};
         * in place when both are the same range (each long is read before it is written).
         */
        void crypt(byte[] in, int inOff, byte[] out, int outOff, int len) {
            int done = Math.min(len, 31);
            xorPartial(in, inOff, out, outOff, done, 33);
            int[] s = state;
            int counter = 0; // a frame is under 2^31 bytes, so the counter's high word (9) stays 0
            if (follow && !checkStarted && len - done > (MIN_BATCH - 1) * 64) {
                // the first frame a batch would serve: only now is the check worth its CPU
                checkStarted = true;
                VectorCrypto.start();
            }
            if (boxLane >= 0) {
                cryptAhead(in, inOff, out, outOff, len, done);
                return;
            }
            while (lanes > 0 && len - done > (MIN_BATCH - 1) * 64) {
                VectorSalsa20.blocks(s, counter + 1, batch); // lanes > 0: VectorCrypto found the module
                int n = Math.min(len - done, lanes * 64);
                xorBatch(in, inOff + done, out, outOff + done, n);
                counter += lanes;
                done += n;
            }
            if (autoVectorized && len - done > (LaneSalsa20.MIN_BLOCKS - 1) * 64) {
                LaneSalsa20 ls = LANES.get();
                int used = 0;
                while (len - done > (LaneSalsa20.MIN_BLOCKS - 1) * 64) {
                    int blocks = Math.min((len - done + 63) >>> 6, LaneSalsa20.MAX_BLOCKS);
                    ls.blocks(s, counter + 1, blocks);
                    int n = Math.min(len - done, blocks * 64);
                    xorLanes(ls, in, inOff + done, out, outOff + done, n);
                    counter += blocks;
                    done += n;
                    used = Math.max(used, blocks);
                }
                ls.erase(used); // the thread's next frame may be another connection's
            }
            while (len - done >= 64) {
                s[8] = ++counter;
                Salsa20Engine.salsaCore(20, s, block);
                xorBlock(in, inOff + done, out, outOff + done);
                done += 64;
            }
            if (done < len) {
                s[8] = ++counter;
                Salsa20Engine.salsaCore(20, s, block);
                xorPartial(in, inOff + done, out, outOff + done, len - done, 0);
            }
        }

        /** The rest of {@link #crypt} from {@link #ahead}: the box's blocks after block 0, then forgets them. */
        private void cryptAhead(byte[] in, int inOff, byte[] out, int outOff, int len, int done) {
            LaneSalsa20 a = ahead;
            int lane = boxLane + 1;
            while (len - done >= 64) {
                a.xorBlock(lane++, in, inOff + done, out, outOff + done);
                done += 64;
            }
            if (done < len) {
                a.copyBlock(lane, block);
                xorPartial(in, inOff + done, out, outOff + done, len - done, 0);
            }
            a.erase(boxLane, aheadBlocks);
            boxLane = -1;
        }

        /** {@code n} bytes against the batch's keystream, block by block ({@code n <= lanes * 64}). */
        private void xorBatch(byte[] in, int p, byte[] out, int o, int n) {
            int[] ks = batch;
            int l = lanes;
            int j = 0;
            for (; (j + 1) * 64 <= n; j++) {
                VectorSalsa20.xorBlock(ks, j, in, p + 64 * j, out, o + 64 * j);
            }
            if (j * 64 < n) {
                for (int w = 0; w < 16; w++) {
                    block[w] = ks[w * l + j];
                }
                xorPartial(in, p + 64 * j, out, o + 64 * j, n - 64 * j, 0);
            }
        }

        /** {@code n} bytes against the keystream {@code ls} made last, block by block. */
        private void xorLanes(LaneSalsa20 ls, byte[] in, int p, byte[] out, int o, int n) {
            int j = 0;
            for (; (j + 1) * 64 <= n; j++) {
                ls.xorBlock(j, in, p + 64 * j, out, o + 64 * j);
            }
            if (j * 64 < n) {
                ls.copyBlock(j, block);
                xorPartial(in, p + 64 * j, out, o + 64 * j, n - 64 * j, 0);
            }
        }

        private void xorBlock(byte[] in, int p, byte[] out, int o) {
            int[] k = block;
            for (int i = 0; i < 8; i++) {
                long w = (k[2 * i] & 0xFFFF_FFFFL) | (long) k[2 * i + 1] << 32;
                LONG.set(out, o + 8 * i, (long) LONG.get(in, p + 8 * i) ^ w);
            }
        }

        /** {@code n} bytes against the block's keystream bytes from {@code from}, {@code from + n <= 64}. */
        private void xorPartial(byte[] in, int p, byte[] out, int o, int n, int from) {
            int[] k = block;
            int j = 0;
            for (; j < n && ((from + j) & 3) != 0; j++) {
                out[o + j] = (byte) (in[p + j] ^ keyByte(k, from + j));
            }
            for (; j + 4 <= n; j += 4) {
                INT.set(out, o + j, (int) INT.get(in, p + j) ^ k[(from + j) >>> 2]);
            }
            for (; j < n; j++) {
                out[o + j] = (byte) (in[p + j] ^ keyByte(k, from + j));
            }
        }

        private static int keyByte(int[] k, int at) {
            return k[at >>> 2] >>> ((at & 3) << 3);
        }

        void erase() {
            if (ahead != null) {
                ahead.erase(LaneSalsa20.MAX_BLOCKS);
                ahead = null;
                aheadBoxes = 0;
                AHEAD_HELD.addAndGet(-LaneSalsa20.BYTES);
            }
            Arrays.fill(state, 0);
            Arrays.fill(block, 0);
            Arrays.fill(batch, 0);
            Arrays.fill(macKey, (byte) 0);
            scalarMac.erase();
            if (vectorMac != null) {
                vectorMac.erase();
            }
            Arrays.fill(tag, (byte) 0);
        }
    }
}
