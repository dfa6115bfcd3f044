package io.zmq4j.internal.zmtp;

import java.util.Map;
import java.util.function.Consumer;

/**
 * A ZMTP security mechanism's handshake (RFC 23): the commands exchanged after the greeting
 * until both sides are READY. Pure logic: commands in, commands out.
 */
public interface Mechanism {
    /** The name in the greeting, e.g. {@code NULL}. */
    String name();

    /** Called once the greeting is exchanged; may send the first commands. */
    void start(Consumer<byte[]> send) throws ZmtpException;

    /** Handles one handshake command; returns true when the handshake is complete. */
    boolean command(byte[] body, Consumer<byte[]> send) throws ZmtpException;

    /** The peer's metadata once the handshake is complete (plus User-Id and ZAP metadata, if any). */
    Map<String, byte[]> peerProperties();

    /** The as-server flag of our greeting (PLAIN and CURVE servers). */
    default boolean asServer() {
        return false;
    }

    /**
     * Called on the engine's thread after the mechanism asked to be woken (an asynchronous ZAP
     * reply arrived); may send commands; returns true when the handshake is now complete.
     */
    default boolean resume(Consumer<byte[]> send) throws ZmtpException {
        return false;
    }

    /** Whether message frames and commands travel in encrypted MESSAGE boxes after the handshake. */
    default boolean encrypts() {
        return box() != null;
    }

    /** What seals and opens frames once the handshake is complete (CURVE), or null. */
    default FrameBox box() {
        return null;
    }

    /**
     * Seals one frame into a new array (tests; the engine seals into its output through
     * {@link #box}): {@code flags} bit 0 is MORE, bit 1 COMMAND.
     */
    default byte[] encode(byte[] frame, int flags) {
        FrameBox b = box();
        if (b == null) {
            throw new UnsupportedOperationException(name() + " does not encrypt");
        }
        byte[] out = new byte[b.boxLength(frame.length)];
        b.seal(frame, 0, frame.length, flags, out, 0);
        return out;
    }

    /**
     * Opens a MESSAGE body (tests): returns the flags byte followed by the frame's payload.
     * Throws for a forged, damaged, replayed or out-of-order box.
     */
    default byte[] decode(byte[] message) throws ZmtpException {
        FrameBox b = box();
        if (b == null) {
            throw new ZmtpException(ZmtpException.Code.UNEXPECTED_COMMAND, name() + " does not decrypt");
        }
        byte[] payload = b.open(message, 0, message.length);
        byte[] plain = new byte[1 + payload.length];
        plain[0] = (byte) b.openedFlags();
        System.arraycopy(payload, 0, plain, 1, payload.length);
        return plain;
    }

    /** The connection is closed: release ZAP resources and erase keys. */
    default void close() {}
}
