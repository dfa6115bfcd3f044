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
        return false;
    }

    /**
     * Seals one frame for the wire (CURVE): {@code flags} bit 0 is MORE, bit 1 COMMAND. Returns
     * the body of a MESSAGE, which is sent as a final data frame, as libzmq does.
     */
    default byte[] encode(byte[] frame, int flags) {
        throw new UnsupportedOperationException(name() + " does not encrypt");
    }

    /**
     * Opens a MESSAGE body: returns the flags byte followed by the frame's payload. Throws for a
     * forged, damaged, replayed or out-of-order box.
     */
    default byte[] decode(byte[] message) throws ZmtpException {
        throw new ZmtpException(ZmtpException.Code.UNEXPECTED_COMMAND, name() + " does not decrypt");
    }

    /** The connection is closed: release ZAP resources and erase keys. */
    default void close() {}
}
