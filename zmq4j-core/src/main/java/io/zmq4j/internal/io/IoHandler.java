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
}
