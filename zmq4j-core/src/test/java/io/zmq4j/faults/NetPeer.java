package io.zmq4j.faults;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import io.zmq4j.ZmqException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The zmq4j peer on the far side of a {@link LossyLink} or the one the soak kills: a child JVM
 * ({@link #start}) that takes its part from its arguments, says what it did in lines on stdout,
 * and ends when its stdin does.
 *
 * <pre>
 *   push ENDPOINT COUNT SIZE          connect a PUSH, send COUNT numbered messages, "sent N"
 *   echo TYPE ENDPOINT                bind ROUTER or REP and answer each message with itself
 *   xpub ENDPOINT COUNT SIZE HWM      bind an XPUB, wait for a subscriber, send COUNT numbered
 *                                     messages at full speed, then "end" without dropping;
 *                                     "sent N dropped D"
 *   soak-push ENDPOINT NAME SOCKETS   connect SOCKETS PUSH sockets (immediate) and send
 *                                     {@link #soakMessage}s round the sockets until killed
 * </pre>
 */
public final class NetPeer {
    private NetPeer() {}

    /** Runs a peer with these arguments in {@code link}'s namespace (or here, if null). */
    static LineProcess start(LossyLink link, String... args) {
        List<String> argv = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), NetPeer.class.getName()));
        argv.addAll(List.of(args));
        return new LineProcess(link == null ? argv : link.inside(argv));
    }

    /** A message of {@code size} bytes (at least 8) that starts with {@code seq}. */
    static Msg numbered(long seq, int size) {
        return Msg.of(ByteBuffer.allocate(Math.max(8, size)).putLong(0, seq).array());
    }

    static long number(Msg m) {
        return ByteBuffer.wrap(m.frame(0)).getLong(0);
    }

    public static void main(String[] args) throws Exception {
        try (Context ctx = Context.create()) {
            Thread stdin = new Thread(() -> {
                try {
                    while (System.in.read() >= 0) {
                        // nothing is read from stdin but its end
                    }
                } catch (java.io.IOException ignored) {
                    // treated as the end
                }
                ctx.close(); // blocked calls end with ETERM
            }, "stdin");
            stdin.setDaemon(true);
            stdin.start();
            switch (args[0]) {
                case "push" -> push(ctx, args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
                case "echo" -> echo(ctx, SocketType.valueOf(args[1]), args[2]);
                case "soak-push" -> soakPush(ctx, args[1], args[2], Integer.parseInt(args[3]));
                case "xpub" -> xpub(ctx, args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
                default -> throw new IllegalArgumentException("unknown part " + args[0]);
            }
            stdin.join();
        } catch (ZmqException e) {
            if (e.kind() != ZmqException.Kind.ETERM) {
                throw e;
            }
        }
    }

    /**
     * Message {@code seq} of stream {@code stream} in the soak: stream name, number, and a body of
     * 0 to 128 KiB (either side of the 32 KiB pooled-frame threshold) whose bytes follow from
     * the number, so a torn or mixed-up message cannot pass {@link #checkSoakMessage}.
     */
    static Msg soakMessage(String stream, long seq) {
        byte[] body = new byte[(int) ((seq * 7919) % (128 * 1024 + 1))];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (seq * 31 + i);
        }
        return Msg.of(stream.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                ByteBuffer.allocate(8).putLong(0, seq).array(), body);
    }

    /** Null if {@code m} is exactly what {@link #soakMessage} sent as number {@code seq}; else what is wrong. */
    static String checkSoakMessage(Msg m, long seq) {
        if (m.size() != 3) {
            return m.size() + " frames, not 3";
        }
        long got = ByteBuffer.wrap(m.frame(1)).getLong(0);
        if (got != seq) {
            return "number " + got + " where " + seq + " was due";
        }
        byte[] body = m.frame(2);
        if (body.length != (int) ((seq * 7919) % (128 * 1024 + 1))) {
            return "body of " + body.length + " bytes";
        }
        for (int i = 0; i < body.length; i++) {
            if (body[i] != (byte) (seq * 31 + i)) {
                return "body byte " + i + " differs";
            }
        }
        return null;
    }

    private static void soakPush(Context ctx, String endpoint, String name, int sockets) {
        Socket[] push = new Socket[sockets];
        for (int i = 0; i < sockets; i++) {
            push[i] = ctx.socket(SocketType.PUSH).setImmediate(true).setSendHwm(16);
            push[i].connect(endpoint);
        }
        System.out.println("READY");
        for (long seq = 0; ; seq++) {
            for (int i = 0; i < sockets; i++) {
                push[i].send(soakMessage(name + "/" + i, seq));
            }
        }
    }

    private static void push(Context ctx, String endpoint, int count, int size) {
        try (Socket push = ctx.socket(SocketType.PUSH)) {
            push.setLinger(Duration.ofMinutes(2));
            push.connect(endpoint);
            System.out.println("READY");
            for (int i = 0; i < count; i++) {
                push.send(numbered(i, size));
            }
            System.out.println("sent " + count);
        }
    }

    private static void echo(Context ctx, SocketType type, String endpoint) {
        try (Socket s = ctx.socket(type)) {
            s.setLinger(Duration.ZERO);
            s.bind(endpoint);
            System.out.println("READY");
            while (true) {
                s.send(s.recv());
            }
        }
    }

    private static void xpub(Context ctx, String endpoint, int count, int size, int hwm) {
        try (Socket pub = ctx.socket(SocketType.XPUB)) {
            pub.setSendHwm(hwm).setLinger(Duration.ofMinutes(2));
            pub.bind(endpoint);
            System.out.println("READY");
            pub.recv(); // the subscription: from here on the subscriber is owed everything not dropped
            for (int i = 0; i < count; i++) {
                pub.send(numbered(i, size));
            }
            pub.setXpubNoDrop(true);
            pub.send(Msg.of("end"));
            System.out.println("sent " + count + " dropped " + pub.stats().dropped());
        }
    }
}
