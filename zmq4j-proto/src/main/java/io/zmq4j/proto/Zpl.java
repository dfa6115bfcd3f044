package io.zmq4j.proto;

import io.zmq4j.internal.zpl.ZplNode;
import io.zmq4j.internal.zpl.ZplReader;
import io.zmq4j.internal.zpl.ZplWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A ZPL (RFC 4/ZPL) property tree: the format of zproto server configuration files and CZMQ
 * certificates. Each node has a name, an optional value and children; paths join names with
 * {@code /}. Text that breaks the grammar is refused with a {@link io.zmq4j.ZmqException}
 * ({@code EINVAL}) whose message starts {@code file:line:}.
 *
 * <pre>{@code
 * Zpl config = Zpl.load(Path.of("server.cfg"));      // server / timeout = 5000 ...
 * long timeout = Long.parseLong(config.get("server/timeout", "60000"));
 * for (Zpl bind : config.node("server").children("bind")) {
 *     server.bind(bind.value());
 * }
 * config.set("server/verbose", "1").save(Path.of("server.cfg"));
 * }</pre>
 */
public final class Zpl {
    private final ZplNode node;

    private Zpl(ZplNode node) {
        this.node = node;
    }

    /** An empty tree. */
    public static Zpl create() {
        return new Zpl(ZplNode.root("(built)"));
    }

    /** Parses text; errors name the source as {@code (text)}. */
    public static Zpl parse(String text) {
        return parse(text, "(text)");
    }

    /** Parses text; {@code source} (a file name, say) is what errors name. */
    public static Zpl parse(String text, String source) {
        return new Zpl(ZplReader.parse(text, source));
    }

    /** Reads a file (UTF-8). */
    public static Zpl load(Path file) throws IOException {
        return new Zpl(ZplReader.read(file));
    }

    /** This node's name; null for the root. */
    public String name() {
        return node.name();
    }

    /** This node's value, or null when its line had none. */
    public String value() {
        return node.value();
    }

    /** The line this node was read from (1-based), 0 when built in code. */
    public int line() {
        return node.line();
    }

    /** The file or source name the tree was read from. */
    public String source() {
        return node.source();
    }

    /** The value at a path below this node, or null. */
    public String get(String path) {
        return node.get(path);
    }

    /** The value at a path below this node, or {@code fallback}. */
    public String get(String path, String fallback) {
        return node.get(path, fallback);
    }

    /** The (first) node at a path below this one, or null. */
    public Zpl node(String path) {
        ZplNode n = node.locate(path);
        return n == null ? null : new Zpl(n);
    }

    /** The direct children, in order. */
    public List<Zpl> children() {
        return wrap(node.children());
    }

    /** The direct children with this name, in order. */
    public List<Zpl> children(String name) {
        return wrap(node.children(name));
    }

    /** Sets the value at a path, creating nodes on the way; returns this node for chaining. */
    public Zpl set(String path, String value) {
        node.set(path, value);
        return this;
    }

    /** Appends a child, even if one of that name exists, and returns it. */
    public Zpl add(String name, String value) {
        return new Zpl(node.add(name, value));
    }

    /** Writes this tree to a file. */
    public void save(Path file) throws IOException {
        ZplWriter.save(node, file, null);
    }

    /** The tree as ZPL text. */
    @Override
    public String toString() {
        return ZplWriter.write(node);
    }

    private static List<Zpl> wrap(List<ZplNode> nodes) {
        List<Zpl> out = new ArrayList<>(nodes.size());
        for (ZplNode n : nodes) {
            out.add(new Zpl(n));
        }
        return out;
    }
}
