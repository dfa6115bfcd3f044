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

    /** The peer's metadata once the handshake is complete. */
    Map<String, byte[]> peerProperties();
}
