package io.zmq4j.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM with this JVM's class path, for what needs JVM options of its own (another JDK, a
 * JIT setting) or a fresh process.
 *
 * <pre>{@code
 * ChildJvm.Result r = ChildJvm.run(ChildJvm.THIS_JAVA, tempDir, Child.class, "-Xbatch");
 * assertEquals("", r.stderr());
 * }</pre>
 */
public final class ChildJvm {
    /** The {@code java} launcher of the JDK running the tests. */
    public static final Path THIS_JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    private ChildJvm() {
    }

    /** What a child printed, whole, once it had exited with status 0. */
    public record Result(String stdout, String stderr) {
    }

    /**
     * Runs {@code main} on {@code java} with this JVM's class path and {@code javaOptions} in
     * {@code dir} (its output goes to files there), waiting up to a minute.
     *
     * @throws AssertionError if it did not exit with status 0
     */
    public static Result run(Path java, Path dir, Class<?> main, String... javaOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(List.of(javaOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path") + File.pathSeparator + System.getProperty("jdk.module.path", ""),
                main.getName()));
        String name = main.getSimpleName() + "-" + Integer.toHexString(String.join(" ", command).hashCode());
        File out = dir.resolve(name + ".stdout").toFile();
        File err = dir.resolve(name + ".stderr").toFile();
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

    /**
     * Options for a child that checks what C2 makes of vectorizable loops: C2 alone, compiling
     * each method before going on ({@code -Xbatch}), printing what it compiled, at the vector
     * width of {@code -XX:UseAVX=useAvx} on x86 (a CPU without it falls back, with a warning).
     */
    public static String[] c2Only(int useAvx) {
        java.util.List<String> options = new java.util.ArrayList<>(java.util.List.of("-XX:-TieredCompilation", "-Xbatch", "-XX:+PrintCompilation"));
        if (System.getProperty("os.arch").equals("amd64")) {
            options.add("-XX:UseAVX=" + useAvx);
        }
        return options.toArray(new String[0]);
    }
}
