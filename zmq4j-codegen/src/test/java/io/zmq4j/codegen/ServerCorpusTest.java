package io.zmq4j.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every zproto server model of the third-party corpus generates an engine and a skeleton that
 * compile, with its codec, under {@code -Xlint:all -Werror}. Skipped, with a message, where the
 * corpus is not beside the repository.
 */
class ServerCorpusTest {

    static Stream<Path> serverModels() {
        return ModelCorpus.stateModels("zproto_server_c").stream();
    }

    @Test
    void corpusHasTheSevenServerModels() {
        List<Path> models = ModelCorpus.stateModels("zproto_server_c");
        assertEquals(List.of("fmq_server.xml", "hydra_server.xml", "mdp_broker.xml", "mlm_server.xml",
                "zeb_broker.xml", "zgossip.xml", "zpipes_server.xml"),
                models.stream().map(p -> p.getFileName().toString()).sorted().toList());
    }

    @ParameterizedTest
    @MethodSource("serverModels")
    void serverModelGeneratesJavaThatCompilesWithWerror(Path model, @TempDir Path dir) {
        StateModel m = StateModelReader.read(model);
        assertFalse(m.states().isEmpty());
        Path src = dir.resolve("src");
        JavaGenerator.write(m.protocol(), "gen.server", src);
        ServerGenerator.writeEngine(m, "gen.server", src);
        assertTrue(ServerGenerator.writeSkeleton(m, "gen.server", src) != null);
        TestCompiler.compile(src, dir.resolve("classes"));
    }
}
