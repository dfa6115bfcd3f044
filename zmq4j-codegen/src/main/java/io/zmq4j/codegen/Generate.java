package io.zmq4j.codegen;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line entry to the generator, for builds without the Maven plugin:
 * {@code java io.zmq4j.codegen.Generate --package com.example --out target/gen a.xml b.xml}.
 *
 * <p>Exit status 0 when every model generated, 2 for a usage or model error (printed with file
 * and line). Warnings such as a missing include go to standard error and do not fail.
 */
public final class Generate {
    private Generate() {}

    public static void main(String[] args) {
        int status = run(args);
        // Exit only on failure, so the generator can also run inside a build tool's JVM.
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs the generator; returns the exit status. */
    public static int run(String[] args) {
        String pkg = null;
        Path out = null;
        List<Path> models = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--package":
                    pkg = i + 1 < args.length ? args[++i] : null;
                    break;
                case "--out":
                    out = i + 1 < args.length ? Path.of(args[++i]) : null;
                    break;
                default:
                    models.add(Path.of(args[i]));
            }
        }
        if (pkg == null || out == null || models.isEmpty()) {
            System.err.println("usage: Generate --package PACKAGE --out DIR MODEL.xml...");
            return 2;
        }
        try {
            for (Path model : models) {
                ProtoModel m = ModelReader.read(model);
                m.warnings().forEach(System.err::println);
                JavaGenerator.write(m, pkg, out);
            }
            return 0;
        } catch (ModelException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }
}
