package io.zmq4j.internal.zpl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a {@link ZplNode} tree as ZPL: 4 spaces a level, {@code name = "value"} with the value
 * always quoted (double quotes, or single ones when the value holds a double quote) so that
 * {@code #}, {@code =} and edge whitespace survive a round trip, as CZMQ's zconfig writes it.
 */
public final class ZplWriter {
    private ZplWriter() {}

    /** The tree as text; for a non-root node, that node and its children at top level. */
    public static String write(ZplNode node) {
        return write(node, null);
    }

    /** The tree as text, after a header of {@code # } comment lines (null or "" for none). */
    public static String write(ZplNode node, String header) {
        StringBuilder sb = new StringBuilder();
        if (header != null && !header.isEmpty()) {
            for (String line : header.split("\r\n|\r|\n", -1)) {
                sb.append(line.isEmpty() ? "#" : "#   " + line).append('\n');
            }
        }
        if (node.isRoot()) {
            for (ZplNode c : node.children()) {
                write(c, 0, sb);
            }
        } else {
            write(node, 0, sb);
        }
        return sb.toString();
    }

    /** Writes the tree to a file, with an optional header. */
    public static void save(ZplNode node, Path file, String header) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, write(node, header), StandardCharsets.UTF_8);
    }

    /** A value as it appears after {@code = }: quoted. */
    public static String quote(String value) {
        ZplNode.checkValue(value, 0, "value");
        return form(value);
    }

    /**
     * How {@code value} is written so that it reads back as itself: double-quoted, else
     * single-quoted, else bare (a value the reader took unquoted, such as {@code "'}, found by
     * fuzzing); null when none does.
     */
    static String form(String value) {
        for (String f : new String[] {"\"" + value + "\"", "'" + value + "'", value}) {
            if (value.equals(ZplReader.value(f))) {
                return f;
            }
        }
        return null;
    }

    private static void write(ZplNode node, int depth, StringBuilder sb) {
        ZplNode.checkName(node.name(), node.line(), node.source());
        sb.append("    ".repeat(depth)).append(node.name());
        if (node.value() != null) {
            ZplNode.checkValue(node.value(), node.line(), node.source());
            sb.append(" = ").append(quote(node.value()));
        }
        sb.append('\n');
        for (ZplNode c : node.children()) {
            write(c, depth + 1, sb);
        }
    }
}
