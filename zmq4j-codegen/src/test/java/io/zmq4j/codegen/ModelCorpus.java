package io.zmq4j.codegen;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The models the tests read. {@link #TELEMETRY} is our own, in the repository, and always there.
 * The third-party corpus (real zproto models from public projects) lives beside the repository
 * in {@code ../shared/zproto-models}; a clone without it skips the tests that need it, with a
 * message saying so (a JUnit assumption), and runs everything else. Our CI checks the corpus is
 * present before the tests, so there these tests never skip.
 */
final class ModelCorpus {
    private static final Pattern CODEC_SCRIPT = Pattern.compile("script\\s*=\\s*\"zproto_codec_c(_v1)?\"");

    /** zmq4j's own codec test model: every field type, a header, defines, constants, defaults, a type. */
    static final Path TELEMETRY = Path.of("src/test/zproto/telemetry_msg.xml").toAbsolutePath();

    private ModelCorpus() {}

    /** Why a corpus test is skipped, for {@code @EnabledIf(value = PRESENT, disabledReason = SKIPPED)}. */
    static final String SKIPPED = "skipped: reads the third-party zproto model corpus, which is not beside the"
            + " repository (../shared/zproto-models; set -Dzproto.models=DIR to point elsewhere)";
    /** The condition method, for {@code @EnabledIf} on a test that cannot call {@link #root()} first. */
    static final String PRESENT = "io.zmq4j.codegen.ModelCorpus#present";

    private static Path location() {
        String configured = System.getProperty("zproto.models");
        Path root = configured != null ? Path.of(configured)
                : Path.of(System.getProperty("user.dir")).resolve("../../shared/zproto-models");
        return root.toAbsolutePath().normalize();
    }

    static boolean present() {
        return Files.isDirectory(location());
    }

    /** The corpus root, or the test is skipped (not failed) with the path it looked at. */
    static Path root() {
        Path root = location();
        assumeTrue(Files.isDirectory(root), "skipped: this test reads the third-party zproto model corpus, which is"
                + " not at " + root + " (it is expected in ../shared/zproto-models beside the repository root;"
                + " set -Dzproto.models=DIR to point elsewhere)");
        return root;
    }

    /** A model of the corpus; a corpus that is there but lacks it is a failure, not a skip. */
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

    /** Every model whose script is zproto's server ({@code zproto_server_c}) or client generator. */
    static List<Path> stateModels(String script) {
        Pattern want = Pattern.compile("script\\s*=\\s*\"" + script + "\"");
        try (Stream<Path> files = Files.walk(root())) {
            return files.filter(p -> p.toString().endsWith(".xml"))
                    .filter(p -> classTag(p) != null && want.matcher(classTag(p)).find())
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String classTag(Path p) {
        try {
            String text = Files.readString(p);
            int start = text.indexOf("<class");
            int end = start < 0 ? -1 : text.indexOf('>', start);
            return end > 0 ? text.substring(start, end) : null;
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
