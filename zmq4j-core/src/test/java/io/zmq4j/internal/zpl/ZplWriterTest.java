package io.zmq4j.internal.zpl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing trees back out as ZPL that reads back the same. */
class ZplWriterTest {
    @Test
    void writesFourSpacesALevelAndQuotedValues() {
        ZplNode root = ZplNode.root("built");
        root.set("server/timeout", "5000");
        root.set("server/verbose", "1");
        root.add("bind", null).add("endpoint", "tcp://*:5670");
        assertEquals("server\n    timeout = \"5000\"\n    verbose = \"1\"\nbind\n    endpoint = \"tcp://*:5670\"\n",
                ZplWriter.write(root));
    }

    @Test
    void theRfcExampleSurvivesARoundTrip() {
        ZplNode first = ZplReader.parse(ZplReaderTest.RFC_EXAMPLE, "example");
        ZplNode second = ZplReader.parse(ZplWriter.write(first), "again");
        assertEquals(ZplWriter.write(first), ZplWriter.write(second));
        assertEquals("#2", second.get("main/frontend/option/subscribe"));
    }

    @Test
    void valuesThatNeedQuotesKeepThem() {
        ZplNode root = ZplNode.root("built");
        root.set("hash", "a # b");
        root.set("spaces", "  edge  ");
        root.set("dq", "say \"hi\"");
        root.set("empty", "");
        ZplNode back = ZplReader.parse(ZplWriter.write(root), "back");
        assertEquals("a # b", back.get("hash"));
        assertEquals("  edge  ", back.get("spaces"));
        assertEquals("say \"hi\"", back.get("dq"));
        assertEquals("", back.get("empty"));
    }

    @Test
    void aValueWithBothQuotesIsWrittenBareWhenItReadsBackAsItself() {
        ZplNode root = ZplNode.root("built");
        root.set("both", "it's \"x\"");
        assertEquals("it's \"x\"", ZplReader.parse(ZplWriter.write(root), "written").get("both"));
    }

    @Test
    void aValueNoFormCanHoldIsRefused() {
        ZplNode root = ZplNode.root("built");
        // quoted it reads as a shorter value, bare it reads as a"b: no way to write it
        assertThrows(ZplException.class, () -> root.set("both", "'a\"b'"));
        assertThrows(ZplException.class, () -> root.set("nl", "two\nlines"));
        assertTrue(root.children().isEmpty() || root.get("both") == null);
    }

    @Test
    void aNameOutsideTheGrammarIsRefused() {
        ZplNode root = ZplNode.root("built");
        assertThrows(ZplException.class, () -> root.add("has space", "x"));
        assertThrows(ZplException.class, () -> root.add("", "x"));
    }

    @Test
    void setReplacesTheFirstValueAndCreatesMissingNodes() {
        ZplNode root = ZplReader.parse("server\n    timeout = 1\n", "s");
        root.set("server/timeout", "2");
        root.set("server/animate", "1");
        assertEquals("2", root.get("server/timeout"));
        assertEquals("1", root.get("server/animate"));
        assertEquals(1, root.children().size());
    }

    @Test
    void savesAFileWithAHeader(@TempDir Path dir) throws Exception {
        ZplNode root = ZplNode.root("built");
        root.set("a/b", "c");
        Path f = dir.resolve("sub/out.cfg");
        ZplWriter.save(root, f, "written by a test\n\nsecond line");
        String text = Files.readString(f);
        assertEquals("#   written by a test\n#\n#   second line\na\n    b = \"c\"\n", text);
        assertEquals("c", ZplReader.read(f).get("a/b"));
    }
}
