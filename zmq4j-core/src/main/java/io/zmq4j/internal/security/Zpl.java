package io.zmq4j.internal.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small part of ZPL (RFC 4) that CZMQ certificates use: indented sections (4 spaces a
 * level), {@code name = "value"} lines, {@code #} comments. Parsed into path/value pairs such as
 * {@code curve/public-key}.
 */
public final class Zpl {
    private Zpl() {}

    /** Every {@code path = value} in the text, paths joined with '/', in order. */
    public static Map<String, String> parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> stack = new ArrayList<>();
        int lineNo = 0;
        for (String raw : text.split("\r?\n", -1)) {
            lineNo++;
            String line = raw.replace("\t", "    ");
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int indent = 0;
            while (indent < line.length() && line.charAt(indent) == ' ') {
                indent++;
            }
            if (indent % 4 != 0) {
                throw new IllegalArgumentException("ZPL line " + lineNo + ": indentation must be a multiple of 4 spaces");
            }
            int depth = indent / 4;
            if (depth > stack.size()) {
                throw new IllegalArgumentException("ZPL line " + lineNo + ": indented deeper than its parent");
            }
            while (stack.size() > depth) {
                stack.remove(stack.size() - 1);
            }
            String name;
            String value = null;
            int eq = trimmed.indexOf('=');
            if (eq >= 0) {
                name = trimmed.substring(0, eq).strip();
                value = value(trimmed.substring(eq + 1).strip(), lineNo);
            } else {
                int sp = trimmed.indexOf(' ');
                name = sp < 0 ? trimmed : trimmed.substring(0, sp);
            }
            if (name.isEmpty()) {
                throw new IllegalArgumentException("ZPL line " + lineNo + ": no name");
            }
            stack.add(name);
            if (value != null) {
                out.put(String.join("/", stack), value);
            }
        }
        return out;
    }

    private static String value(String v, int lineNo) {
        if (v.startsWith("\"") || v.startsWith("'")) {
            char q = v.charAt(0);
            int end = v.indexOf(q, 1);
            if (end < 0) {
                throw new IllegalArgumentException("ZPL line " + lineNo + ": unterminated quoted value");
            }
            return v.substring(1, end);
        }
        int hash = v.indexOf('#');
        return (hash < 0 ? v : v.substring(0, hash)).strip();
    }

    /** A quoted ZPL value. */
    public static String quote(String v) {
        if (v.indexOf('"') >= 0 || v.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("ZPL values cannot hold a double quote or a newline: " + v);
        }
        return "\"" + v + "\"";
    }
}
