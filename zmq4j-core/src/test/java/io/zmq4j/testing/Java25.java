package io.zmq4j.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM on Java 25, for what only a newer JDK shows (its warnings, its incubator API). The
 * JDK is the one named by {@code zmq4j.test.jdk25}, by default Temurin 25 where CI installs it;
 * tests skip without it, and CI requires them to have run.
 *
 * <pre>{@code
 * assumeTrue(Java25.present(), Java25.ABSENT);
 * Java25.Result r = Java25.run(tempDir, Child.class, "-Dsome.option=1");
 * assertEquals("", r.stderr());
 * }</pre>
 */
public final class Java25 {
    /** The {@code java} launcher of the JDK. */
    public static final Path JAVA = Path.of(System.getProperty("zmq4j.test.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java");
    /** Why a test skipped. */
    public static final String ABSENT = "no JDK 25 at " + JAVA + " (set zmq4j.test.jdk25)";

    private Java25() {
    }

    /** What a child printed, whole, once it had exited with status 0. */
    public record Result(String stdout, String stderr) {
    }

    public static boolean present() {
        return Files.isExecutable(JAVA);
    }

    /**
     * Runs {@code main} with this JVM's class path and {@code javaOptions} in {@code dir} (its
     * output goes to files there), waiting up to a minute.
     *
     * @throws AssertionError if it did not exit with status 0
     */
    public static Result run(Path dir, Class<?> main, String... javaOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA.toString()));
        command.addAll(List.of(javaOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path") + File.pathSeparator + System.getProperty("jdk.module.path", ""),
                main.getName()));
        File out = dir.resolve(main.getSimpleName() + ".stdout").toFile();
        File err = dir.resolve(main.getSimpleName() + ".stderr").toFile();
        Process p = new ProcessBuilder(command).redirectOutput(out).redirectError(err).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
        Result r = new Result(Files.readString(out.toPath()), Files.readString(err.toPath()));
        if (p.exitValue() != 0) {
            throw new AssertionError("exit code " + p.exitValue() + " from " + command + "; stdout: " + r.stdout() + "; stderr: " + r.stderr());
        }
        return r;
    }
}
