package io.zmq4j.internal;

import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.MpmcArrayQueue;
import org.jctools.queues.MpscUnboundedArrayQueue;
import org.jctools.queues.SpscArrayQueue;
import org.jctools.queues.SpscUnboundedArrayQueue;
import org.jctools.queues.varhandle.MpmcVarHandleArrayQueue;
import org.jctools.queues.varhandle.MpscUnboundedVarHandleArrayQueue;
import org.jctools.queues.varhandle.SpscUnboundedVarHandleArrayQueue;
import org.jctools.queues.varhandle.SpscVarHandleArrayQueue;

/**
 * The JCTools queues behind pipes, mailboxes, task lists and pools, of one family per JVM.
 *
 * <p>Before Java 24 they are JCTools' original queues, which reach fields and arrays through
 * {@code sun.misc.Unsafe}. Java 24 prints a warning on stderr the first time anything calls
 * Unsafe's memory access (JEP 498), and a later JDK will refuse it; from 24 on they are the
 * VarHandle queues of {@code jctools-core-jdk11}, the same algorithms and layout with no
 * Unsafe, so nothing prints. The system property {@code zmq4j.queues} ({@code unsafe} or
 * {@code varhandle}) picks a family on any JDK, for measuring one against the other.
 *
 * <p>A JVM loads only the family it uses: an Unsafe queue's class, once initialized, is what
 * prints the warning.
 */
public final class Queues {
    private static final boolean VAR_HANDLES = varHandles(System.getProperty("zmq4j.queues"), Runtime.version().feature());

    private Queues() {
    }

    /**
     * Whether this JVM uses the VarHandle queues: {@code property} ({@code zmq4j.queues}) when
     * set, else from Java 24 on.
     *
     * @throws IllegalArgumentException for a property that names no family
     */
    static boolean varHandles(String property, int javaFeature) {
        if (property == null) {
            return javaFeature >= 24;
        }
        switch (property) {
            case "varhandle":
                return true;
            case "unsafe":
                return false;
            default:
                throw new IllegalArgumentException("zmq4j.queues must be unsafe or varhandle, not \"" + property + "\"");
        }
    }

    /** Whether this JVM's queues are the VarHandle ones. */
    public static boolean varHandles() {
        return VAR_HANDLES;
    }

    /** Many writers, one reader, no bound; grows {@code chunk} slots at a time. */
    public static <E> MessagePassingQueue<E> mpscUnbounded(int chunk) {
        return VAR_HANDLES ? new MpscUnboundedVarHandleArrayQueue<>(chunk) : new MpscUnboundedArrayQueue<>(chunk);
    }

    /** One writer, one reader, no bound; grows {@code chunk} slots at a time. */
    public static <E> MessagePassingQueue<E> spscUnbounded(int chunk) {
        return VAR_HANDLES ? new SpscUnboundedVarHandleArrayQueue<>(chunk) : new SpscUnboundedArrayQueue<>(chunk);
    }

    /** One writer, one reader, at least {@code capacity} slots (rounded up to a power of two). */
    public static <E> MessagePassingQueue<E> spsc(int capacity) {
        return VAR_HANDLES ? new SpscVarHandleArrayQueue<>(capacity) : new SpscArrayQueue<>(capacity);
    }

    /** Many writers and readers, at least {@code capacity} slots (rounded up to a power of two). */
    public static <E> MessagePassingQueue<E> mpmc(int capacity) {
        return VAR_HANDLES ? new MpmcVarHandleArrayQueue<>(capacity) : new MpmcArrayQueue<>(capacity);
    }
}
