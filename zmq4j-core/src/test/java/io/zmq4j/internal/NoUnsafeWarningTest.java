package io.zmq4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import io.zmq4j.testing.ChildJvm;
import io.zmq4j.testing.Java25;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On Java 24 and later, using zmq4j prints nothing on stderr: the JDK warns at the first use of
 * {@code sun.misc.Unsafe}'s memory access (JEP 498), and JCTools' original queues make that
 * call. The child JVM runs on {@link Java25}'s JDK.
 */
class NoUnsafeWarningTest {
    /** Sockets over tcp, inproc, pub-sub, and a message large enough for pooled memory. */
    public static final class Child {
        public static void main(String[] args) {
            try (Context ctx = Context.create();
                    Socket rep = ctx.socket(SocketType.REP);
                    Socket req = ctx.socket(SocketType.REQ);
                    Socket pub = ctx.socket(SocketType.PUB);
                    Socket sub = ctx.socket(SocketType.SUB);
                    Socket a = ctx.socket(SocketType.PAIR);
                    Socket b = ctx.socket(SocketType.PAIR)) {
                req.connect(rep.bind("tcp://127.0.0.1:*"));
                req.send(Msg.of(ByteBuffer.allocateDirect(100_000)));
                try (Msg big = rep.recv()) {
                    rep.send(Msg.of("size " + big.byteSize()));
                }
                String reply = req.recv().string(0);
                a.bind("inproc://no-unsafe");
                b.connect("inproc://no-unsafe");
                b.send("over inproc");
                String inproc = a.recv().string(0);
                sub.subscribe("");
                sub.connect(pub.bind("tcp://127.0.0.1:*"));
                String news = null;
                for (int i = 0; i < 200 && news == null; i++) {
                    pub.send("news");
                    Msg m = sub.recv(Duration.ofMillis(50));
                    news = m == null ? null : m.string(0);
                }
                System.out.println("done: " + reply + ", " + inproc + ", " + news);
            }
        }
    }

    @Test
    void zmq4jPrintsNothingOnStderrOnJava25(@TempDir Path dir) throws Exception {
        assumeTrue(Java25.present(), Java25.ABSENT);
        ChildJvm.Result r = Java25.run(dir, Child.class);
        assertEquals("done: size 100000, over inproc, news\n", r.stdout(), r.stderr());
        assertEquals("", r.stderr());
    }

    /** The same child with JCTools' original queues: the warning this test is about. */
    @Test
    void theUnsafeQueuesWouldPrintTheJdksWarning(@TempDir Path dir) throws Exception {
        assumeTrue(Java25.present(), Java25.ABSENT);
        ChildJvm.Result r = Java25.run(dir, Child.class, "-Dzmq4j.queues=unsafe");
        assertEquals("done: size 100000, over inproc, news\n", r.stdout(), r.stderr());
        assertTrue(r.stderr().contains("sun.misc.Unsafe::objectFieldOffset has been called by org.jctools"), r.stderr());
    }
}
