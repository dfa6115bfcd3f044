package io.zmq4j.internal.pipe;

/** Something that sleeps on a queue and must be woken when the queue changes. */
public interface Waker {
    Waker NONE = () -> {};

    /** Called by the other side; must be cheap when the target is not asleep. */
    void wake();
}
