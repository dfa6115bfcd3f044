package io.zmq4j.internal.zpl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zmq4j.ZmqException;
import java.nio.charset.StandardCharsets;

/**
 * ZPL text of any shape: the reader returns a tree that the writer writes back to text reading
 * as the same tree, or refuses with a {@link ZplException} (EINVAL) naming the source and line.
 */
class ZplFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void zplIsReadAsATreeThatWritesBackTheSameOrRefusedWithItsLine(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        ZplNode tree;
        try {
            tree = ZplReader.parse(text, "fuzz.zpl");
        } catch (ZplException refused) {
            assertEquals(ZmqException.Kind.EINVAL, refused.kind());
            assertTrue(refused.getMessage().matches("(?s)(EINVAL: )?fuzz\\.zpl:\\d+: .+"), refused.getMessage());
            return;
        }
        String written = ZplWriter.write(tree);
        assertEquals(dump(tree), dump(ZplReader.parse(written, "written")), "read back differently:\n" + written);
    }

    /** Every node as path and value, in order: what a tree means, without its line numbers. */
    private static String dump(ZplNode node) {
        StringBuilder sb = new StringBuilder();
        for (ZplNode child : node.children()) {
            sb.append(child.path()).append('=').append(child.value()).append('\n').append(dump(child));
        }
        return sb.toString();
    }
}
