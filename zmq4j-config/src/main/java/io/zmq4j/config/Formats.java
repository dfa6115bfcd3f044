package io.zmq4j.config;

import io.zmq4j.ZmqException;
import io.zmq4j.internal.zpl.ZplNode;
import io.zmq4j.internal.zpl.ZplReader;
import io.zmq4j.internal.zpl.ZplWriter;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * YAML (SnakeYAML Engine's node graph, which keeps every node's line) and ZPL (our reader) to
 * {@link Tree}, and plain maps, lists and values back to either text.
 */
final class Formats {
    private Formats() {}

    // ---- YAML ----

    static Tree readYaml(String text, String source) {
        Optional<Node> root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(source).build()).composeString(text);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
            throw new ZmqException(ZmqException.Kind.EINVAL, source + ":" + line + ": not valid YAML: " + e.getProblem(), e);
        } catch (YamlEngineException e) {
            throw new ZmqException(ZmqException.Kind.EINVAL, source + ": not valid YAML: " + e.getMessage(), e);
        }
        if (root.isEmpty()) {
            return Tree.map(new ArrayList<>(), source, 1);
        }
        return yaml(root.get(), source).at("");
    }

    private static Tree yaml(Node node, String source) {
        int line = node.getStartMark().map(Mark::getLine).orElse(-1) + 1;
        if (node instanceof ScalarNode s) {
            return Tree.scalar(s.getTag().equals(Tag.NULL) ? null : s.getValue(), source, line);
        }
        if (node instanceof SequenceNode q) {
            List<Tree> items = new ArrayList<>();
            for (Node n : q.getValue()) {
                items.add(yaml(n, source));
            }
            return Tree.list(items, source, line);
        }
        MappingNode m = (MappingNode) node;
        List<Map.Entry<String, Tree>> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (NodeTuple t : m.getValue()) {
            Tree key = yaml(t.getKeyNode(), source);
            if (key.kind != Tree.Kind.SCALAR || key.text == null) {
                throw key.error("a key must be a plain name, not " + key.describe());
            }
            if (!seen.add(key.text)) {
                throw key.error("key '" + key.text + "' given twice");
            }
            Tree value = yaml(t.getValueNode(), source);
            value.keyLine = key.line;
            entries.add(new AbstractMap.SimpleImmutableEntry<>(key.text, value));
        }
        return Tree.map(entries, source, line);
    }

    static String writeYaml(Map<String, Object> tree) {
        DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setIndent(2).setIndicatorIndent(2)
                .setIndentWithIndicator(true).build();
        return new Dump(settings).dumpToString(tree);
    }

    // ---- ZPL ----

    static Tree readZpl(String text, String source) {
        return zpl(ZplReader.parse(text, source)).at("");
    }

    /** Children of one name become a list (ZPL repeats a name where YAML writes a list). */
    private static Tree zpl(ZplNode node) {
        if (node.children().isEmpty() && !node.isRoot()) {
            return Tree.scalar(node.value(), node.source(), node.line());
        }
        if (node.value() != null && !node.isRoot()) {
            throw Tree.scalar(null, node.source(), node.line()).at(node.path().replace('/', '.'))
                    .error("has both a value and children; give one or the other");
        }
        Map<String, List<Tree>> byName = new LinkedHashMap<>();
        for (ZplNode c : node.children()) {
            byName.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(zpl(c));
        }
        List<Map.Entry<String, Tree>> entries = new ArrayList<>();
        for (Map.Entry<String, List<Tree>> e : byName.entrySet()) {
            List<Tree> l = e.getValue();
            Tree v = l.size() == 1 ? l.get(0) : Tree.list(l, l.get(0).source, l.get(0).line);
            entries.add(new AbstractMap.SimpleImmutableEntry<>(e.getKey(), v));
        }
        return Tree.map(entries, node.source(), Math.max(node.line(), 1));
    }

    static String writeZpl(Map<String, Object> tree, String header) {
        ZplNode root = ZplNode.root("(written)");
        for (Map.Entry<String, Object> e : tree.entrySet()) {
            zpl(root, e.getKey(), e.getValue());
        }
        return ZplWriter.write(root, header);
    }

    @SuppressWarnings("unchecked")
    private static void zpl(ZplNode parent, String name, Object value) {
        if (value instanceof List<?> l) {
            for (Object item : l) {
                zpl(parent, name, item);
            }
        } else if (value instanceof Map<?, ?> m) {
            ZplNode n = parent.add(name, null);
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                zpl(n, e.getKey(), e.getValue());
            }
        } else {
            parent.add(name, String.valueOf(value));
        }
    }
}
