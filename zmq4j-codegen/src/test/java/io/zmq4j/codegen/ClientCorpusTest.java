package io.zmq4j.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every zproto client model of the third-party corpus generates an engine, an API and a
 * skeleton that compile, with its codec, under {@code -Xlint:all -Werror}. Skipped, with a
 * message, where the corpus is not beside the repository.
 */
class ClientCorpusTest {

    static Stream<Path> clientModels() {
        return ModelCorpus.stateModels("zproto_client_c").stream();
    }

    @Test
    void corpusHasTheSixClientModels() {
        assertEquals(List.of("fmq_client.xml", "hydra_client.xml", "mdp_client.xml", "mdp_worker.xml",
                "mlm_client.xml", "zeb_client.xml"),
                ModelCorpus.stateModels("zproto_client_c").stream().map(p -> p.getFileName().toString()).sorted()
                        .toList());
    }

    @ParameterizedTest
    @MethodSource("clientModels")
    void clientModelGeneratesJavaThatCompilesWithWerror(Path model, @TempDir Path dir) {
        StateModel m = StateModelReader.read(model);
        Path src = dir.resolve("src");
        JavaGenerator.write(m.protocol(), "gen.client", src);
        ClientGenerator.write(m, "gen.client", src);
        ClientGenerator.writeSkeleton(m, "gen.client", src);
        TestCompiler.compile(src, dir.resolve("classes"));
    }
}
