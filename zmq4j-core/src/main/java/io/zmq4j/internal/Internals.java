package io.zmq4j.internal;

import io.zmq4j.Msg;
import java.util.Map;

/**
 * Lets internal packages reach package-private parts of the API types without making them
 * public (the JDK's "shared secrets" idiom).
 */
public final class Internals {
    /** Package-private operations on {@link Msg}. */
    public interface MsgAccess {
        Msg wrap(byte[][] frames);

        /** A one-frame message. */
        Msg wrap(byte[] frame);

        Msg withProperties(Msg m, Map<String, String> props);

        /** A message whose frame i is {@code buffers[i]} where that is not null. */
        Msg wrap(byte[][] frames, io.zmq4j.internal.io.BufferFrame[] buffers);

        /**
         * The message for a receiver: a fresh object if a sender handed this one over holding
         * pooled memory (the same object otherwise); its pooled frames may be sent on again.
         */
        Msg takeOver(Msg m);

        /**
         * Closes a message taken from a queue that no one will read or write any more: a plain
         * close is a no-op on a message its sender handed off (queued to send, or handed over
         * inproc), and its pooled memory would stay counted out. Such a message's memory goes
         * back as its writer would give it back, so a buffer view the sender took stays valid.
         */
        void discard(Msg m);

        /**
         * Whether the message holds memory that a close gives back (pooled buffer frames, or an
         * array from {@code Msg.allocate}): such a message must be claimed on send and taken
         * over on receipt.
         */
        boolean ownedMemory(Msg m);

        /** The frames as arrays, buffer frames copied into arrays first (by their writer). */
        byte[][] frames(Msg m);

        /** The array frames as they are: null where {@link #buffers} has the frame. */
        byte[][] arrays(Msg m);

        /** Null when every frame is an array. */
        io.zmq4j.internal.io.BufferFrame[] buffers(Msg m);

        /**
         * Claims the message's pooled frames for one send and makes the message object the
         * socket's; throws EINVAL (claiming nothing) if a frame is already queued or given back.
         */
        void claimForSend(Msg m);

        /** The send did not happen: the message and its frames are the caller's again. */
        void unclaim(Msg m);

        /**
         * The frame from {@code Msg.allocate} that {@code m} would give back on close, or null.
         * An engine that has encoded a sent message gives it back itself: nobody else holds a
         * sent message that still has one (fan-outs drop it with {@link #toArrays}).
         */
        byte[] recycled(Msg m);

        /**
         * {@code m.prepend(frame)} for a socket's own envelope (REQ, REP, ROUTER): the result
         * keeps the array that {@code Msg.allocate} gave {@code m}, so a reply still gives it
         * back to the pool on close. {@code m} must be one nobody closes afterwards: a sent
         * message (claimed, so its close does nothing) or one the socket drops.
         */
        Msg envelope(Msg m, byte[] frame);

        /** {@code m.drop(n)} for a socket's own envelope, keeping the pooled array as {@link #envelope} does. */
        Msg unwrap(Msg m, int n);

        /**
         * Copies buffer frames into arrays as their writer (pooled memory goes back), for a
         * message that several sockets or connections will write; nothing without buffers.
         */
        void toArrays(Msg m);

        /** 0 for data, {@link #JOIN} or {@link #LEAVE} for a group command in a pipe. */
        byte command(Msg m);

        Msg command(byte[] group, byte command);
    }

    public static final byte JOIN = 1;
    public static final byte LEAVE = 2;

    private static volatile MsgAccess msgAccess;

    private Internals() {}

    public static void msgAccess(MsgAccess access) {
        msgAccess = access;
    }

    /** The accessor; a constant once initialised, so the JIT folds the call away. */
    public static MsgAccess msg() {
        return Holder.ACCESS;
    }

    private static final class Holder {
        static final MsgAccess ACCESS = load();

        private static MsgAccess load() {
            try {
                Class.forName(Msg.class.getName(), true, Msg.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            return msgAccess;
        }
    }
}
