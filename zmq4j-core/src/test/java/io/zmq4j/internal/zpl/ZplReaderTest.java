package io.zmq4j.internal.zpl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.ZmqException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 4/ZPL's grammar, case by case, and errors that name the source and line. */
class ZplReaderTest {
    /** The RFC's own example, with its '#' comment lines. */
    static final String RFC_EXAMPLE = "#   ZPL configuration file example\n"
            + "#   This format is designed to be trivial to write and parse\n"
            + "#\n"
            + "context\n"
            + "    iothreads = 1\n"
            + "    verbose = 1      #   Ask for a trace\n"
            + "\n"
            + "main\n"
            + "    type = zmq_queue\n"
            + "    frontend\n"
            + "        option\n"
            + "            hwm = 1000\n"
            + "            swap = 25000000\n"
            + "            subscribe = \"#2\"\n"
            + "        bind = tcp://eth0:5555\n"
            + "    backend\n"
            + "        bind = tcp://eth0:5556\n";

    @Test
    void readsTheRfcExampleIntoATree() {
        ZplNode root = ZplReader.parse(RFC_EXAMPLE, "example.zpl");
        assertEquals("1", root.get("context/iothreads"));
        assertEquals("1", root.get("context/verbose"), "the comment after the value is not part of it");
        assertEquals("zmq_queue", root.get("main/type"));
        assertEquals("1000", root.get("main/frontend/option/hwm"));
        assertEquals("#2", root.get("main/frontend/option/subscribe"), "'#' inside quotes is not a comment");
        assertEquals("tcp://eth0:5555", root.get("main/frontend/bind"));
        assertEquals("tcp://eth0:5556", root.get("main/backend/bind"));
        assertNull(root.locate("main").value(), "a name alone has no value");
        assertEquals(List.of("context", "main"), root.children().stream().map(ZplNode::name).toList());
    }

    @Test
    void nodesKnowTheirLineAndPath() {
        ZplNode root = ZplReader.parse(RFC_EXAMPLE, "example.zpl");
        ZplNode hwm = root.locate("main/frontend/option/hwm");
        assertEquals(12, hwm.line());
        assertEquals("main/frontend/option/hwm", hwm.path());
        assertEquals("example.zpl", hwm.source());
    }

    @Test
    void everyLineEndingCounts() {
        for (String eol : new String[] {"\n", "\r", "\r\n"}) {
            ZplNode root = ZplReader.parse("a = 1" + eol + "b" + eol + "    c = 2" + eol + "d = 3", "eol");
            assertEquals("1", root.get("a"));
            assertEquals("2", root.get("b/c"));
            ZplNode d = root.locate("d");
            assertEquals("3", d.value());
            assertEquals(4, d.line(), "line numbers with " + eol.replace("\r", "CR").replace("\n", "LF"));
        }
    }

    @Test
    void quotesEncloseAValueAndAreNotPartOfIt() {
        ZplNode root = ZplReader.parse("a = \"  spaced # and = \"\nb = 'it \"is\" so'\nc = \"\"\n", "q");
        assertEquals("  spaced # and = ", root.get("a"));
        assertEquals("it \"is\" so", root.get("b"));
        assertEquals("", root.get("c"));
    }

    @Test
    void aQuoteThatDoesNotCloseLeavesTheValueUnquoted() {
        ZplNode root = ZplReader.parse("a = \"open\nb = 'half\" # comment\nc = \"x\" y\n", "q");
        assertEquals("\"open", root.get("a"));
        assertEquals("'half\"", root.get("b"));
        assertEquals("\"x\" y", root.get("c"), "a value that does not end in its matching quote");
    }

    @Test
    void trailingWhitespaceAndSpacesAroundEqualsAreDropped() {
        ZplNode root = ZplReader.parse("name=value   \nother   =    two words  \t\nempty =\n", "ws");
        assertEquals("value", root.get("name"));
        assertEquals("two words", root.get("other"));
        assertEquals("", root.get("empty"));
    }

    @Test
    void everyNameCharacterOfTheGrammarIsAllowed() {
        ZplNode root = ZplReader.parse("a$-_@.&+9 = x\n$TERM = y\n", "names");
        assertEquals("x", root.locate("a$-_@.&+9").value());
        assertEquals("y", root.locate("$TERM").value());
    }

    @Test
    void commentsAndBlankLinesMayBeIndentedAnyhow() {
        ZplNode root = ZplReader.parse("a\n  # two spaces\n\t# a tab\n      \n    b = 1\n", "c");
        assertEquals("1", root.get("a/b"));
    }

    @Test
    void repeatedNamesAreKeptInOrder() {
        ZplNode root = ZplReader.parse("server\n    bind = tcp://*:1\n    bind = tcp://*:2\n", "r");
        assertEquals(List.of("tcp://*:1", "tcp://*:2"),
                root.locate("server").children("bind").stream().map(ZplNode::value).toList());
        assertEquals("tcp://*:1", root.get("server/bind"), "a path lookup takes the first");
    }

    @Test
    void aChildAfterADeeperOneReturnsToItsLevel() {
        ZplNode root = ZplReader.parse("a\n    b\n        c = 1\n    d = 2\ne = 3\n", "levels");
        assertEquals("1", root.get("a/b/c"));
        assertEquals("2", root.get("a/d"));
        assertEquals("3", root.get("e"));
    }

    @Test
    void emptyTextIsAnEmptyTree() {
        assertTrue(ZplReader.parse("", "e").children().isEmpty());
        assertTrue(ZplReader.parse("# only a comment\n\n", "e").children().isEmpty());
    }

    // ---- errors: each names the source and the line ----

    private static ZplException error(String text) {
        return assertThrows(ZplException.class, () -> ZplReader.parse(text, "bad.cfg"));
    }

    @Test
    void indentationNotAMultipleOfFourIsRefusedWithItsLine() {
        ZplException e = error("a\n    b = 1\n   c = 2\n");
        assertEquals(3, e.line());
        assertEquals("bad.cfg", e.source());
        assertTrue(e.getMessage().contains("bad.cfg:3:"), e.getMessage());
        assertTrue(e.getMessage().contains("4 spaces"), e.getMessage());
    }

    @Test
    void skippingALevelIsRefused() {
        ZplException e = error("a\n        b = 1\n");
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("deeper"), e.getMessage());
    }

    @Test
    void anIndentedFirstPropertyIsRefused() {
        assertEquals(2, error("# c\n    a = 1\n").line());
    }

    @Test
    void tabsInIndentationAreRefused() {
        ZplException e = error("a\n\tb = 1\n");
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("tab"), e.getMessage());
    }

    @Test
    void aCharacterOutsideTheNameGrammarIsRefused() {
        ZplException e = error("ok = 1\nbad!name = 2\n");
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("'!'"), e.getMessage());
    }

    @Test
    void aLineWithoutANameIsRefused() {
        assertEquals(1, error("= 5\n").line());
    }

    @Test
    void aFileStartsWithACommentOrAnAlphanumeric() {
        assertEquals(1, error("$x = 1\n").line());
    }

    @Test
    void aValueWithoutEqualsIsRefused() {
        ZplException e = error("a\nname value\n");
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("expected '='"), e.getMessage());
    }

    @Test
    void errorsAreEinvalZmqExceptions() {
        ZmqException e = error("   a\n");
        assertEquals(ZmqException.Kind.EINVAL, e.kind());
    }

    @Test
    void aFileIsItsOwnSourceName(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("server.cfg");
        Files.writeString(f, "server\n    timeout = 5000\n  verbose = 1\n");
        ZplException e = assertThrows(ZplException.class, () -> ZplReader.read(f));
        assertTrue(e.getMessage().startsWith("EINVAL: " + f + ":3:"), e.getMessage());
    }
}
