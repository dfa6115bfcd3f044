package io.zmq4j.internal.zpl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One ZPL property: a name, an optional value, the line it was read from, and its children in
 * order. The root of a tree has no name and holds the top-level properties. Names may repeat
 * among siblings (several {@code bind} lines, say); lookups by path take the first match,
 * {@link #children(String)} gives them all.
 *
 * <p>Paths are names joined by {@code /}, as CZMQ's zconfig does: {@code server/timeout}.
 */
public final class ZplNode {
    private final String name;
    private String value;
    private final int line;
    private final String source;
    private final List<ZplNode> children = new ArrayList<>();
    private ZplNode parent;

    private ZplNode(String name, String value, int line, String source) {
        this.name = name;
        this.value = value;
        this.line = line;
        this.source = source;
    }

    /** An empty tree, for building in code. */
    public static ZplNode root(String source) {
        return new ZplNode(null, null, 0, Objects.requireNonNull(source, "source"));
    }

    static ZplNode read(String name, String value, int line, String source) {
        return new ZplNode(name, value, line, source);
    }

    /** The property's name; null for the root. */
    public String name() {
        return name;
    }

    /** The value, or null if the line had no {@code =}. */
    public String value() {
        return value;
    }

    /** The 1-based line this node was read from; 0 when built in code. */
    public int line() {
        return line;
    }

    /** The name of the file (or other text) this tree was read from. */
    public String source() {
        return source;
    }

    public ZplNode parent() {
        return parent;
    }

    public boolean isRoot() {
        return parent == null && name == null;
    }

    /** The children, in order (unmodifiable). */
    public List<ZplNode> children() {
        return Collections.unmodifiableList(children);
    }

    /** Every direct child with this name, in order. */
    public List<ZplNode> children(String childName) {
        List<ZplNode> out = new ArrayList<>();
        for (ZplNode c : children) {
            if (c.name.equals(childName)) {
                out.add(c);
            }
        }
        return out;
    }

    /** The first node at this path below this one, or null. An empty path is this node. */
    public ZplNode locate(String path) {
        ZplNode at = this;
        for (String part : split(path)) {
            ZplNode next = null;
            for (ZplNode c : at.children) {
                if (c.name.equals(part)) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                return null;
            }
            at = next;
        }
        return at;
    }

    /** The value at this path, or null when the path or its value is absent. */
    public String get(String path) {
        ZplNode n = locate(path);
        return n == null ? null : n.value;
    }

    /** The value at this path, or {@code fallback} when the path or its value is absent. */
    public String get(String path, String fallback) {
        String v = get(path);
        return v == null ? fallback : v;
    }

    /**
     * Sets the value at this path, creating the nodes on the way as needed (the first of each
     * name is used where several exist). A null value leaves the node without one.
     */
    public ZplNode set(String path, String newValue) {
        ZplNode at = this;
        for (String part : split(path)) {
            ZplNode next = at.locate(part);
            at = next == null ? at.add(part, null) : next;
        }
        if (newValue != null) {
            checkValue(newValue, at.line, at.source);
        }
        at.value = newValue;
        return at;
    }

    /** Appends a child (even if one of that name exists) and returns it. */
    public ZplNode add(String childName, String childValue) {
        checkName(childName, 0, source);
        if (childValue != null) {
            checkValue(childValue, 0, source);
        }
        return adopt(new ZplNode(childName, childValue, 0, source));
    }

    ZplNode adopt(ZplNode child) {
        child.parent = this;
        children.add(child);
        return child;
    }

    /** Removes this node from its parent (no-op for the root). */
    public void remove() {
        if (parent != null) {
            parent.children.remove(this);
            parent = null;
        }
    }

    /** The path from the root to this node, e.g. {@code server/timeout}; "" for the root. */
    public String path() {
        if (parent == null) {
            return name == null ? "" : name;
        }
        String p = parent.path();
        return p.isEmpty() ? name : p + "/" + name;
    }

    /** This tree as ZPL text (see {@link ZplWriter}). */
    @Override
    public String toString() {
        return ZplWriter.write(this);
    }

    private static String[] split(String path) {
        Objects.requireNonNull(path, "path");
        if (path.isEmpty()) {
            return new String[0];
        }
        return path.split("/", -1);
    }

    /** Names are RFC 4's name-char: letters, digits and {@code $-_@.&+/}; never empty. */
    static void checkName(String n, int line, String source) {
        if (n == null || n.isEmpty()) {
            throw new ZplException(source, line, "a property needs a name");
        }
        for (int i = 0; i < n.length(); i++) {
            if (!isNameChar(n.charAt(i))) {
                throw new ZplException(source, line, "'" + n.charAt(i) + "' cannot be part of a name (" + n
                        + "); names are letters, digits and $-_@.&+/");
            }
        }
    }

    /** A value must fit on one line and be quotable: no line break, not both kinds of quote. */
    static void checkValue(String v, int line, String source) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\n' || c == '\r') {
                throw new ZplException(source, line, "a ZPL value cannot hold a line break");
            }
        }
        if (ZplWriter.form(v) == null) {
            // ZPL has no escapes: such a value could be written in no way that reads back as itself
            throw new ZplException(source, line,
                    "a ZPL value cannot hold both kinds of quote unless it can stand unquoted: " + v);
        }
    }

    static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '$' || c == '-' || c == '_' || c == '@' || c == '.' || c == '&' || c == '+' || c == '/';
    }
}
