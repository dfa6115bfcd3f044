package io.zmq4j.internal.io;

import java.nio.channels.SelectionKey;

/** Receives selector readiness for one registered channel, always on its I/O thread. */
public interface IoHandler {
    void ready(SelectionKey key);
}
