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

        /** Marks the message object as owned by a socket (sent), or the caller's again. */
        void handedOff(Msg m, boolean on);

        /** The message for a receiver: a fresh object if a sender handed this one over. */
        Msg takeOver(Msg m);

        /** The frames as arrays, buffer frames copied into arrays first (by their writer). */
        byte[][] frames(Msg m);

        /** The array frames as they are: null where {@link #buffers} has the frame. */
        byte[][] arrays(Msg m);

        /** Null when every frame is an array. */
        io.zmq4j.internal.io.BufferFrame[] buffers(Msg m);

        /** Throws EINVAL if pooled frames of the message are already queued or given back. */
        void claimForSend(Msg m);

        /** The message came out of a socket: its pooled frames may be sent on again. */
        void received(Msg m);

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
