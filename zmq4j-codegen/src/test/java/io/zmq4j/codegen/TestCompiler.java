package io.zmq4j.codegen;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles generated sources with the JDK's compiler against the test classpath (zmq4j-proto, core). */
final class TestCompiler {
    private TestCompiler() {}

    /** Compiles every {@code .java} under {@code srcDir} into {@code classesDir}; fails with javac's messages. */
    static ClassLoader compile(Path srcDir, Path classesDir) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            fail("no system Java compiler: run the tests on a JDK, not a JRE");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8);
             var walk = Files.walk(srcDir)) {
            List<Path> sources = new ArrayList<>();
            walk.filter(p -> p.toString().endsWith(".java")).forEach(sources::add);
            Files.createDirectories(classesDir);
            List<String> options = List.of("--release", "17", "-Xlint:all", "-Werror",
                    "-classpath", System.getProperty("java.class.path"), "-d", classesDir.toString());
            boolean ok = javac.getTask(null, fm, diagnostics, options, null,
                    fm.getJavaFileObjectsFromPaths(sources)).call();
            if (!ok) {
                StringBuilder sb = new StringBuilder("generated code does not compile:\n");
                diagnostics.getDiagnostics().forEach(d -> sb.append(d).append('\n'));
                fail(sb.toString());
            }
            return new URLClassLoader(new URL[] {classesDir.toUri().toURL()}, TestCompiler.class.getClassLoader());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
