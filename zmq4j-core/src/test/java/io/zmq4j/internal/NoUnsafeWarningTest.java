package io.zmq4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On Java 24 and later, using zmq4j prints nothing on stderr: the JDK warns at the first use of
 * {@code sun.misc.Unsafe}'s memory access (JEP 498), and JCTools' original queues make that
 * call. The child JVM runs on the JDK named by {@code zmq4j.test.jdk25} (default: Temurin 25
 * where Debian puts it); CI installs it, elsewhere the test is skipped.
 */
class NoUnsafeWarningTest {
    private static final Path JAVA = Path.of(System.getProperty("zmq4j.test.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java");

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

    /** Runs {@link Child} on the JDK 25 with {@code javaOptions}; its stdout and stderr, whole, once it has exited. */
    private static String[] runChild(Path dir, String... javaOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA.toString()));
        command.addAll(List.of(javaOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path") + File.pathSeparator + System.getProperty("jdk.module.path", ""),
                Child.class.getName()));
        File out = dir.resolve("stdout").toFile();
        File err = dir.resolve("stderr").toFile();
        Process p = new ProcessBuilder(command).redirectOutput(out).redirectError(err).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
        String stderr = Files.readString(err.toPath());
        assertEquals(0, p.exitValue(), "exit code of " + command + "; stderr: " + stderr);
        return new String[] {Files.readString(out.toPath()), stderr};
    }

    @Test
    void zmq4jPrintsNothingOnStderrOnJava25(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(JAVA), "no JDK 25 at " + JAVA);
        String[] outErr = runChild(dir);
        assertEquals("done: size 100000, over inproc, news\n", outErr[0], outErr[1]);
        assertEquals("", outErr[1]);
    }

    /** The same child with JCTools' original queues: the warning this test is about. */
    @Test
    void theUnsafeQueuesWouldPrintTheJdksWarning(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(JAVA), "no JDK 25 at " + JAVA);
        String[] outErr = runChild(dir, "-Dzmq4j.queues=unsafe");
        assertEquals("done: size 100000, over inproc, news\n", outErr[0], outErr[1]);
        assertTrue(outErr[1].contains("sun.misc.Unsafe::objectFieldOffset has been called by org.jctools"), outErr[1]);
    }
}
