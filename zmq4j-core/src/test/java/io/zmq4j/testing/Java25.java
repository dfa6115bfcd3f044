package io.zmq4j.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A child JVM on Java 25, for what only a newer JDK shows (its warnings, its incubator API). The
 * JDK is the one named by {@code zmq4j.test.jdk25}, by default Temurin 25 where CI installs it;
 * tests skip without it, and CI requires them to have run.
 *
 * <pre>{@code
 * assumeTrue(Java25.present(), Java25.ABSENT);
 * ChildJvm.Result r = Java25.run(tempDir, Child.class, "-Dsome.option=1");
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

    public static boolean present() {
        return Files.isExecutable(JAVA);
    }

    /** Runs {@code main} on Java 25 ({@link ChildJvm#run}). */
    public static ChildJvm.Result run(Path dir, Class<?> main, String... javaOptions) throws Exception {
        return ChildJvm.run(JAVA, dir, main, javaOptions);
    }
}
