package io.zmq4j.internal.zpl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads ZPL (RFC 4/ZPL) into a {@link ZplNode} tree.
 *
 * <p>The grammar, as the RFC gives it: one property a line, {@code name [= value]}; children
 * indented exactly 4 spaces more than their parent; {@code #} starts a comment outside
 * quotes; a value may be enclosed in single or double quotes that are not part of it (a value
 * that opens a quote and does not close it is taken unquoted); whitespace after a value is
 * dropped; lines end with LF, CR or CR LF. Where the RFC does not say, we refuse rather than
 * guess: tabs in indentation, indentation that is not a multiple of 4 or skips a level, a name
 * character outside the RFC's set, and anything after a name other than {@code =} or a comment.
 * Every error names the source and the line.
 */
public final class ZplReader {
    private ZplReader() {}

    /** Reads a file; its path is the source name errors carry. */
    public static ZplNode read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Parses ZPL text; {@code source} names it in errors (a file name, say). */
    public static ZplNode parse(String text, String source) {
        ZplNode root = ZplNode.root(source);
        List<ZplNode> stack = new ArrayList<>(); // stack.get(d) is the last node at depth d
        int lineNo = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            int end = i;
            while (end < n && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                end++;
            }
            lineNo++;
            parseLine(text.substring(i, end), lineNo, source, root, stack);
            if (end < n && text.charAt(end) == '\r' && end + 1 < n && text.charAt(end + 1) == '\n') {
                end++;
            }
            i = end + 1;
        }
        return root;
    }

    private static void parseLine(String line, int lineNo, String source, ZplNode root, List<ZplNode> stack) {
        int indent = 0;
        while (indent < line.length() && (line.charAt(indent) == ' ' || line.charAt(indent) == '\t')) {
            indent++;
        }
        if (indent == line.length() || line.charAt(indent) == '#') {
            return; // blank or comment line, at any indentation
        }
        if (line.substring(0, indent).indexOf('\t') >= 0) {
            throw new ZplException(source, lineNo, "tab in indentation; ZPL indents with 4 spaces a level");
        }
        if (indent % 4 != 0) {
            throw new ZplException(source, lineNo,
                    "indentation of " + indent + " spaces; ZPL indents with exactly 4 spaces a level");
        }
        int depth = indent / 4;
        if (depth > stack.size()) {
            throw new ZplException(source, lineNo, stack.isEmpty()
                    ? "the first property is indented; top-level properties start in column 1"
                    : "indented " + depth + " levels, more than one deeper than its parent");
        }
        int p = indent;
        while (p < line.length() && ZplNode.isNameChar(line.charAt(p))) {
            p++;
        }
        String name = line.substring(indent, p);
        if (name.isEmpty()) {
            throw new ZplException(source, lineNo, "expected a property name, found '" + line.charAt(p) + "'");
        }
        if (root.children().isEmpty() && !Character.isLetterOrDigit(name.charAt(0))) {
            // RFC 4: the first non-whitespace character of a file is '#' or alphanumeric
            throw new ZplException(source, lineNo, "a ZPL file starts with a comment or a letter or digit, not '"
                    + name.charAt(0) + "'");
        }
        while (p < line.length() && (line.charAt(p) == ' ' || line.charAt(p) == '\t')) {
            p++;
        }
        String value = null;
        if (p < line.length()) {
            char c = line.charAt(p);
            if (c == '=') {
                value = value(line.substring(p + 1));
            } else if (c != '#') {
                throw new ZplException(source, lineNo, "'" + c + "' after name '" + name
                        + "'; expected '=' and a value, a comment, or the end of the line");
            }
        }
        ZplNode parent = depth == 0 ? root : stack.get(depth - 1);
        ZplNode node = parent.adopt(ZplNode.read(name, value, lineNo, source));
        while (stack.size() > depth) {
            stack.remove(stack.size() - 1);
        }
        stack.add(node);
    }

    /** The value after '=': quoted if it opens and closes a quote before any comment. */
    static String value(String rest) {
        String v = rest.strip();
        if (!v.isEmpty() && (v.charAt(0) == '"' || v.charAt(0) == '\'')) {
            int close = v.indexOf(v.charAt(0), 1);
            if (close > 0) {
                String after = v.substring(close + 1).strip();
                if (after.isEmpty() || after.charAt(0) == '#') {
                    return v.substring(1, close);
                }
            }
            // RFC 4: a value that starts with a quote and does not end in a matching quote is unquoted
        }
        int hash = v.indexOf('#');
        return (hash < 0 ? v : v.substring(0, hash)).strip();
    }
}
