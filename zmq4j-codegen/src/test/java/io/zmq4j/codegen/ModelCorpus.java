package io.zmq4j.codegen;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The shared zproto model corpus, found beside the repository ({@code ../shared/zproto-models}). */
final class ModelCorpus {
    private static final Pattern CODEC_SCRIPT = Pattern.compile("script\\s*=\\s*\"zproto_codec_c(_v1)?\"");

    private ModelCorpus() {}

    /** The corpus root; fails the test with the path it looked at when the corpus is missing. */
    static Path root() {
        String configured = System.getProperty("zproto.models");
        Path root = configured != null ? Path.of(configured)
                : Path.of(System.getProperty("user.dir")).resolve("../../shared/zproto-models");
        root = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            fail("zproto model corpus not found at " + root + ": it is expected in ../shared/zproto-models"
                    + " beside the repository root (set -Dzproto.models=DIR to point elsewhere)");
        }
        return root;
    }

    static Path model(String relative) {
        Path p = root().resolve(relative);
        if (!Files.isRegularFile(p)) {
            fail("model " + p + " missing from the corpus");
        }
        return p;
    }

    /** Every model whose script is zproto's C codec generator (v2 or v1; same wire format). */
    static List<Path> codecModels() {
        try (Stream<Path> files = Files.walk(root())) {
            return files.filter(p -> p.toString().endsWith(".xml"))
                    .filter(ModelCorpus::isCodec)
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isCodec(Path p) {
        try {
            String text = Files.readString(p);
            int start = text.indexOf("<class");
            int end = start < 0 ? -1 : text.indexOf('>', start);
            return end > 0 && CODEC_SCRIPT.matcher(text.substring(start, end)).find();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
