package io.zmq4j.codegen;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line entry to the generator, for builds without the Maven plugin:
 * {@code java io.zmq4j.codegen.Generate --package com.example --out target/gen a.xml b.xml}.
 * Codec models become codecs; server models their engine, client models their engine and API,
 * and, with {@code --skeleton DIR}, their skeleton once into DIR.
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
        Path skeleton = null;
        List<Path> models = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--package":
                    pkg = i + 1 < args.length ? args[++i] : null;
                    break;
                case "--out":
                    out = i + 1 < args.length ? Path.of(args[++i]) : null;
                    break;
                case "--skeleton":
                    skeleton = i + 1 < args.length ? Path.of(args[++i]) : null;
                    break;
                default:
                    models.add(Path.of(args[i]));
            }
        }
        if (pkg == null || out == null || models.isEmpty()) {
            System.err.println("usage: Generate --package PACKAGE --out DIR [--skeleton DIR] MODEL.xml...");
            return 2;
        }
        try {
            for (Path model : models) {
                StateModel.Kind kind = StateModelReader.kindOf(StateModelReader.scriptOf(model));
                if (kind == null) {
                    ProtoModel m = ModelReader.read(model);
                    m.warnings().forEach(System.err::println);
                    JavaGenerator.write(m, pkg, out);
                    continue;
                }
                StateModel m = StateModelReader.read(model);
                m.warnings().forEach(System.err::println);
                if (kind == StateModel.Kind.SERVER) {
                    ServerGenerator.writeEngine(m, pkg, out);
                    if (skeleton != null) {
                        ServerGenerator.writeSkeleton(m, pkg, skeleton);
                    }
                } else {
                    ClientGenerator.write(m, pkg, out);
                    if (skeleton != null) {
                        ClientGenerator.writeSkeleton(m, pkg, skeleton);
                    }
                }
            }
            return 0;
        } catch (ModelException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }
}
