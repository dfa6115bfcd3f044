package io.zmq4j.config;

import io.zmq4j.ZmqException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What a YAML or a ZPL file says, in one shape, so that one reader interprets both: a scalar
 * (text, or null for YAML's null and a ZPL line without a value), a map of named children in
 * file order, or a list. Every node knows its file and line, and the key path it was reached
 * by, for errors.
 */
final class Tree {
    enum Kind { SCALAR, MAP, LIST }

    final Kind kind;
    final String text;
    final List<Map.Entry<String, Tree>> entries;
    final List<Tree> items;
    final String source;
    final int line;
    /** The line of the key this node is the value of (a nested map starts on the line after its key). */
    int keyLine;
    String path = "";

    private Tree(Kind kind, String text, List<Map.Entry<String, Tree>> entries, List<Tree> items, String source, int line) {
        this.kind = kind;
        this.text = text;
        this.entries = entries;
        this.items = items;
        this.source = source;
        this.line = line;
        this.keyLine = line;
    }

    static Tree scalar(String text, String source, int line) {
        return new Tree(Kind.SCALAR, text, List.of(), List.of(), source, line);
    }

    static Tree map(List<Map.Entry<String, Tree>> entries, String source, int line) {
        return new Tree(Kind.MAP, null, Collections.unmodifiableList(entries), List.of(), source, line);
    }

    static Tree list(List<Tree> items, String source, int line) {
        return new Tree(Kind.LIST, null, List.of(), Collections.unmodifiableList(items), source, line);
    }

    /** Sets the key path of this node and every node below it ({@code client.bind[0].tcp}). */
    Tree at(String p) {
        path = p;
        for (Map.Entry<String, Tree> e : entries) {
            e.getValue().at(p.isEmpty() ? e.getKey() : p + "." + e.getKey());
        }
        for (int i = 0; i < items.size(); i++) {
            items.get(i).at(p + "[" + i + "]");
        }
        return this;
    }

    /** A map's entries; EINVAL when this is not a map. */
    List<Map.Entry<String, Tree>> entries() {
        if (kind != Kind.MAP) {
            throw error("expected a map of keys, got " + describe());
        }
        return entries;
    }

    /** A list's items; a lone value is a list of one (ZPL cannot tell them apart). */
    List<Tree> items() {
        if (kind == Kind.LIST) {
            return items;
        }
        List<Tree> one = new ArrayList<>(1);
        one.add(this);
        return one;
    }

    /** A scalar's text; EINVAL when this is a map, a list or empty. */
    String text() {
        if (kind != Kind.SCALAR || text == null) {
            throw error("expected a value, got " + describe());
        }
        return text;
    }

    String describe() {
        switch (kind) {
            case MAP:
                return "a map";
            case LIST:
                return "a list";
            default:
                return text == null ? "nothing" : "'" + text + "'";
        }
    }

    /** EINVAL naming file, line and key path: {@code secure.yml:14: client.mechanism.curve_client.server: ...}. */
    ZmqException error(String problem) {
        return error(problem, null);
    }

    /** EINVAL at the line of this node's key (for an unknown key). */
    ZmqException keyError(String problem) {
        return new ZmqException(ZmqException.Kind.EINVAL, source + ":" + keyLine + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
    }

    /** {@code file:line: path}, where this node is. */
    String where() {
        return source + ":" + line + ": " + path;
    }

    /** {@code file:line: path} at the line of this node's key (a nested map's own line is that of its first entry). */
    String keyWhere() {
        return source + ":" + keyLine + ": " + path;
    }

    ZmqException error(String problem, Throwable cause) {
        return new ZmqException(ZmqException.Kind.EINVAL, source + ":" + line + ": " + (path.isEmpty() ? "" : path + ": ") + problem, cause);
    }
}
