package io.zmq4j.internal.io;

import java.nio.channels.SelectionKey;

/** Receives selector readiness for one registered channel, always on its I/O thread. */
public interface IoHandler {
    void ready(SelectionKey key);

    /** {@link #ready} threw: give up on this channel. The default just closes it. */
    default void failed(SelectionKey key, Throwable cause) {
        key.cancel();
        try {
            key.channel().close();
        } catch (java.io.IOException ignored) {
            // closing after a failure: nothing more to report
        }
    }

    /**
     * The loop is ending (closed, or dead after an error) with this channel still registered:
     * release what the handler holds. The default just closes the channel.
     */
    default void abandoned(SelectionKey key) {
        try {
            key.channel().close();
        } catch (java.io.IOException ignored) {
            // closing on shutdown: nothing left to tell
        }
    }
}
