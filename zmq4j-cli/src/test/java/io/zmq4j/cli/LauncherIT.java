package io.zmq4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real {@code ./zmq4j} launcher at the repository root as a separate process, over the
 * shaded {@code target/zmq4j.jar}. An integration test: maven-failsafe-plugin runs it in the
 * {@code integration-test} phase, after {@code package} has built the jar, so {@code mvn -B verify}
 * always runs it, and a missing launcher or jar is a failure, not a skip.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LauncherIT {
    /** The repository root: failsafe runs in the module directory. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    /** Set by the pom's failsafe configuration; the defaults serve a run from an IDE. */
    private static final Path LAUNCHER = Path.of(System.getProperty("zmq4j.launcher", ROOT.resolve("zmq4j").toString())).toAbsolutePath().normalize();
    private static final Path JAR = Path.of(System.getProperty("zmq4j.jar", ROOT.resolve("zmq4j-cli/target/zmq4j.jar").toString())).toAbsolutePath().normalize();

    record Outcome(int status, String out, String err) {}

    static final class Running {
        final Process process;
        final CompletableFuture<String> out;
        final CompletableFuture<String> err;

        Running(Process p) {
            process = p;
            out = drain(p.getInputStream());
            err = drain(p.getErrorStream());
        }

        Outcome await() throws Exception {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("launcher did not finish in 30 s");
            }
            return new Outcome(process.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
        }

        private static CompletableFuture<String> drain(InputStream in) {
            return CompletableFuture.supplyAsync(() -> {
                try (in) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return "<" + e + ">";
                }
            });
        }
    }

    static Running start(Path launcher, String stdin, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(launcher.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        return new Running(p);
    }

    /** The launcher and the shaded jar must exist: this test runs after package. */
    private static void assertBuilt() {
        assertTrue(Files.isExecutable(LAUNCHER), "no executable ./zmq4j launcher at " + LAUNCHER);
        assertTrue(Files.isRegularFile(JAR), "the shaded CLI jar is missing (package should have built it): " + JAR);
    }

    @Test
    void sendToRecvThroughTheLauncher() throws Exception {
        assertBuilt();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String ep = "tcp://127.0.0.1:" + port;
        Running recv = start(LAUNCHER, "", "recv", "-b", ep, "-n", "2", "--timeout", "20000", "--linger", "0");
        Running send = start(LAUNCHER, "one\t\tthree\nlast\n", "send", "-c", ep, "--timeout", "20000");
        Outcome s = send.await();
        assertEquals(0, s.status(), s.err());
        Outcome r = recv.await();
        assertEquals(0, r.status(), r.err());
        assertEquals("one\t\tthree\nlast\n", r.out());
    }

    @Test
    void usageErrorThroughTheLauncher() throws Exception {
        assertBuilt();
        Outcome o = start(LAUNCHER, "", "recv", "-t", "nope", "-c", "tcp://127.0.0.1:1").await();
        assertEquals(2, o.status());
        assertEquals("", o.out());
        assertEquals(1, o.err().strip().split("\n").length, o.err());
        assertTrue(o.err().contains("nope"), o.err());
        Outcome v = start(LAUNCHER, "", "--version").await();
        assertEquals(0, v.status(), v.err());
        assertTrue(v.out().startsWith("zmq4j "), v.out());
    }

    @Test
    void launcherExplainsAMissingBuild(@TempDir Path dir) throws Exception {
        assertTrue(Files.isExecutable(LAUNCHER), "no executable ./zmq4j launcher at " + LAUNCHER);
        Path copy = dir.resolve("zmq4j");
        Files.copy(LAUNCHER, copy, StandardCopyOption.COPY_ATTRIBUTES);
        Outcome o = start(copy, "", "--version").await();
        assertEquals(1, o.status());
        assertTrue(o.err().contains("mvn -B -q install -DskipTests"), o.err());
    }

    @Test
    void codecAndDemoThroughTheLauncher() throws Exception {
        assertBuilt();
        String model = CodecCliTest.example();
        Outcome enc = start(LAUNCHER, "{\"message\":\"ECHO\",\"fields\":{\"sequence\":7,\"payload\":\"ab\"}}\n",
                "codec", "encode", "--model", model).await();
        assertEquals(0, enc.status(), enc.err());
        assertTrue(enc.out().startsWith("[\"aaa503" + "00000007" + "00000001ab"), enc.out());
        Outcome dec = start(LAUNCHER, enc.out(), "codec", "decode", "--model", model).await();
        assertEquals(0, dec.status(), dec.err());
        assertTrue(dec.out().startsWith("{\"message\":\"ECHO\"") && dec.out().contains("\"sequence\":7"), dec.out());
        Outcome demo = start(LAUNCHER, "", "demo", "-n", "1").await();
        assertEquals(0, demo.status(), demo.err());
        assertTrue(demo.out().contains("client: reply \"hello 1\""), demo.out());
    }

    @Test
    void keygenThroughTheLauncher(@TempDir Path dir) throws Exception {
        assertBuilt();
        Path name = dir.resolve("server");
        Outcome o = start(LAUNCHER, "", "keygen", "--out", name.toString()).await();
        assertEquals(0, o.status(), o.err());
        assertTrue(o.out().matches("public: \\S{40}\nsecret: \\S{40}\n"), o.out());
        String secret = o.out().substring(o.out().indexOf("secret: ") + 8).strip();
        assertEquals(secret, io.zmq4j.Certificate.load(name).secretZ85());
    }

    @Test
    void proxyStopsCleanlyOnSigterm() throws Exception {
        assertBuilt();
        int[] ports = new int[2];
        for (int i = 0; i < 2; i++) {
            try (ServerSocket s = new ServerSocket(0)) {
                ports[i] = s.getLocalPort();
            }
        }
        String front = "tcp://127.0.0.1:" + ports[0];
        String back = "tcp://127.0.0.1:" + ports[1];
        Running proxy = start(LAUNCHER, "", "proxy", "--frontend", "PULL@" + front, "--backend", "PUSH@" + back);
        Running recv = start(LAUNCHER, "", "recv", "-c", back, "-n", "1", "--timeout", "20000", "--linger", "0");
        Outcome s = start(LAUNCHER, "", "send", "-c", front, "--timeout", "20000", "through the proxy").await();
        assertEquals(0, s.status(), s.err());
        Outcome r = recv.await();
        assertEquals(0, r.status(), r.err());
        assertEquals("through the proxy\n", r.out());
        assertTrue(proxy.process.isAlive(), "the proxy runs until interrupted");
        proxy.process.destroy(); // SIGTERM: the shutdown hook closes the context
        Outcome p = proxy.await();
        assertEquals(143, p.status(), "killed by SIGTERM after a clean close; stderr: " + p.err());
        assertEquals("", p.err());
    }
}
