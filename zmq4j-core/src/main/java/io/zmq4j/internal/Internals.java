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

        byte[][] frames(Msg m);

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
