package io.zmq4j.codegen;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads a zproto codec model the way zproto's GSL scripts do (resolve includes, flatten
 * custom types, expand the header, default ids), and checks it, so errors name the file, the
 * line and the problem instead of surfacing as bad generated code.
 *
 * <pre>{@code
 * ProtoModel model = ModelReader.read(Path.of("zproto_example.xml"));
 * model.warnings().forEach(System.err::println);   // e.g. an include that is not there
 * }</pre>
 */
public final class ModelReader {
    /** Guards against include cycles; real models nest one level. */
    private static final int MAX_INCLUDE_DEPTH = 16;

    private final List<String> warnings = new ArrayList<>();

    private ModelReader() {}

    /**
     * Reads and checks the model in {@code file}.
     *
     * @throws ModelException naming file, line and problem when the model cannot be used
     */
    public static ProtoModel read(Path file) {
        return new ModelReader().readModel(file);
    }

    // ---- a small element tree with line numbers, since DOM does not keep them ----

    /** An element: name, attributes, children (Node or String text), file and line. */
    static final class Node {
        final String name;
        final Map<String, String> attrs;
        final List<Object> children = new ArrayList<>();
        final Path file;
        final int line;

        Node(String name, Map<String, String> attrs, Path file, int line) {
            this.name = name;
            this.attrs = attrs;
            this.file = file;
            this.line = line;
        }

        List<Node> elements(String tag) {
            List<Node> out = new ArrayList<>();
            for (Object c : children) {
                if (c instanceof Node && ((Node) c).name.equals(tag)) {
                    out.add((Node) c);
                }
            }
            return out;
        }

        /** Text directly inside this element, not inside its child elements. */
        String ownText() {
            StringBuilder sb = new StringBuilder();
            for (Object c : children) {
                if (c instanceof String) {
                    sb.append((String) c);
                }
            }
            return sb.toString();
        }

        String attr(String key) {
            return attrs.get(key);
        }
    }

    static Node parse(Path file) {
        SAXParserFactory factory = SAXParserFactory.newInstance();
        try {
            // Models are local files, but an XML parser should still never fetch or expand
            // external entities.
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            SAXParser parser = factory.newSAXParser();
            TreeBuilder tb = new TreeBuilder(file);
            try (InputStream in = Files.newInputStream(file)) {
                parser.parse(in, tb);
            }
            return tb.root;
        } catch (SAXParseException e) {
            throw new ModelException(file, e.getLineNumber(), "not well-formed XML: " + e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new ModelException(file, 0, "no such file", e);
        } catch (IOException e) {
            throw new ModelException(file, 0, "cannot read: " + e, e);
        } catch (SAXException | ParserConfigurationException e) {
            throw new ModelException(file, 0, "cannot parse: " + e.getMessage(), e);
        }
    }

    private static final class TreeBuilder extends DefaultHandler {
        private final Path file;
        private final List<Node> stack = new ArrayList<>();
        private Locator locator;
        Node root;

        TreeBuilder(Path file) {
            this.file = file;
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) {
            Map<String, String> attrs = new LinkedHashMap<>();
            for (int i = 0; i < atts.getLength(); i++) {
                attrs.put(atts.getQName(i), atts.getValue(i));
            }
            Node n = new Node(qName, attrs, file, locator == null ? 0 : locator.getLineNumber());
            if (stack.isEmpty()) {
                root = n;
            } else {
                stack.get(stack.size() - 1).children.add(n);
            }
            stack.add(n);
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            stack.remove(stack.size() - 1);
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (!stack.isEmpty()) {
                stack.get(stack.size() - 1).children.add(new String(ch, start, length));
            }
        }
    }

    // ---- zproto's preprocessing ----

    /** Replaces each {@code <include filename>} by the included file's root element, as GSL's load_file does. */
    private void resolveIncludes(Node parent, int depth) {
        for (int i = 0; i < parent.children.size(); i++) {
            Object c = parent.children.get(i);
            if (!(c instanceof Node) || !((Node) c).name.equals("include")) {
                continue;
            }
            Node inc = (Node) c;
            String filename = inc.attr("filename");
            if (filename == null) {
                throw new ModelException(inc.file, inc.line, "include needs a 'filename' attribute");
            }
            Path target = inc.file.toAbsolutePath().getParent().resolve(filename).normalize();
            if (!Files.isRegularFile(target)) {
                // zproto only warns here; models often include a license file not shipped with them.
                warnings.add(inc.file + ":" + inc.line + ": warning: include '" + filename + "' not found ("
                        + target + "); skipped");
                parent.children.remove(i--);
                continue;
            }
            if (depth >= MAX_INCLUDE_DEPTH) {
                throw new ModelException(inc.file, inc.line, "includes nest deeper than " + MAX_INCLUDE_DEPTH
                        + " levels; is there a cycle?");
            }
            Node included = parse(target);
            resolveIncludes(included, depth + 1);
            parent.children.remove(i);
            if (included.name.equals(parent.name)) {
                // A fragment wrapped in the same element as its parent (<class>) contributes its children.
                parent.children.addAll(i, included.children);
                i += included.children.size() - 1;
            } else {
                parent.children.add(i, included);
            }
        }
    }

    /** The element tree of {@code file} with includes resolved; include warnings go to {@code warnings}. */
    static Node readTree(Path file, List<String> warnings) {
        ModelReader r = new ModelReader();
        Node root = parse(file);
        r.resolveIncludes(root, 0);
        warnings.addAll(r.warnings);
        return root;
    }

    private ProtoModel readModel(Path file) {
        Node root = parse(file);
        if (!root.name.equals("class")) {
            throw new ModelException(file, root.line, "root element is <" + root.name + ">, expected <class>");
        }
        resolveIncludes(root, 0);
        String name = required(root, "name");
        int signature = 0;
        String sig = root.attr("signature");
        if (sig != null) {
            signature = parseInt(root, "signature", sig);
            if (signature < 0 || signature > 15) {
                throw new ModelException(file, root.line, "signature " + signature + " is not 0..15");
            }
        }

        String pubsub = root.attr("pubsub");
        if (pubsub != null && !pubsub.trim().equals("0")) {
            // zproto's pub/sub framing (id byte and NUL-terminated topic, no signature) is not implemented.
            throw new ModelException(file, root.line, "pubsub=\"" + pubsub + "\" is not supported; only the"
                    + " signature framing (pubsub=\"0\") is");
        }
        Map<String, String> defines = new LinkedHashMap<>();
        for (Node d : root.elements("define")) {
            String dn = required(d, "name");
            String dv = d.attr("value");
            if (dv == null) {
                throw new ModelException(d.file, d.line, "define '" + dn + "' needs a 'value' attribute");
            }
            defines.put(dn, dv);
        }

        Map<String, Node> types = new HashMap<>();
        for (Node t : root.elements("type")) {
            String tn = required(t, "name");
            if (FieldType.byName(tn) != null) {
                throw new ModelException(t.file, t.line, "type '" + tn + "' redefines a built-in type");
            }
            if (types.put(tn, t) != null) {
                throw new ModelException(t.file, t.line, "type '" + tn + "' is defined twice");
            }
        }

        List<ProtoModel.Field> header = new ArrayList<>();
        for (Node h : root.elements("header")) {
            for (Node f : h.elements("field")) {
                expandField(f, types, defines, name, "", header, 0);
            }
        }

        List<ProtoModel.Message> messages = new ArrayList<>();
        Map<Integer, String> ids = new HashMap<>();
        Set<String> names = new HashSet<>();
        Map<String, ProtoModel.Field> firstByName = new HashMap<>();
        int position = 0;
        for (Node m : root.elements("message")) {
            position++;
            String mn = required(m, "name");
            int id = position;
            if (m.attr("id") != null) {
                id = parseInt(m, "id", m.attr("id"));
            }
            if (id < 0 || id > 255) {
                throw new ModelException(m.file, m.line, "message '" + mn + "': id " + id + " does not fit one byte");
            }
            String clash = ids.put(id, mn);
            if (clash != null) {
                throw new ModelException(m.file, m.line, "message '" + mn + "': id " + id + " is already used by '"
                        + clash + "'");
            }
            if (!names.add(mn)) {
                throw new ModelException(m.file, m.line, "message '" + mn + "' is defined twice");
            }
            List<ProtoModel.Field> fields = new ArrayList<>(header);
            for (Node f : m.elements("field")) {
                expandField(f, types, defines, name, "", fields, 0);
            }
            Set<String> fieldNames = new HashSet<>();
            for (int i = 0; i < fields.size(); i++) {
                ProtoModel.Field f = fields.get(i);
                if (!fieldNames.add(f.name())) {
                    throw new ModelException(m.file, f.line(), "message '" + mn + "': field '" + f.name()
                            + "' appears twice");
                }
                if (f.type() == FieldType.MSG && i != fields.size() - 1) {
                    throw new ModelException(m.file, f.line(), "message '" + mn + "': msg field '" + f.name()
                            + "' must come last");
                }
                ProtoModel.Field prev = firstByName.putIfAbsent(f.name(), f);
                if (prev != null && (prev.type() != f.type() || prev.size() != f.size())) {
                    // zproto reports this but still generates; so do we, with a warning.
                    warnings.add(m.file + ":" + f.line() + ": warning: field '" + f.name()
                            + "' should have the same type and size everywhere");
                }
            }
            messages.add(new ProtoModel.Message(mn, id, List.copyOf(fields), text(m), m.line));
        }
        if (messages.isEmpty()) {
            throw new ModelException(file, root.line, "class '" + name + "' has no <message>");
        }
        return new ProtoModel(name, root.attrs.getOrDefault("title", ""), signature,
                root.attrs.getOrDefault("script", ""), text(root), Collections.unmodifiableMap(defines),
                List.copyOf(messages), List.copyOf(warnings), file);
    }

    private void expandField(Node f, Map<String, Node> types, Map<String, String> defines, String className,
                             String prefix, List<ProtoModel.Field> out, int depth) {
        String fname = prefix + required(f, "name");
        String tname = f.attr("type");
        if (tname == null) {
            // zproto leaves the type unset rather than defaulting it; a field without one is a model error.
            throw new ModelException(f.file, f.line, "field '" + fname + "' needs a 'type' attribute");
        }
        FieldType type = FieldType.byName(tname);
        if (type == null) {
            Node custom = types.get(tname);
            if (custom == null) {
                throw new ModelException(f.file, f.line, "field '" + fname + "': unknown type '" + tname
                        + "' (built-in types: number, octets, string, longstr, strings, hash, chunk, uuid, frame,"
                        + " msg; or a <type> defined in the model)");
            }
            if (depth > 8) {
                throw new ModelException(f.file, f.line, "field '" + fname + "': custom types nest too deep");
            }
            for (Node tf : custom.elements("field")) {
                expandField(tf, types, defines, className, fname + " ", out, depth + 1);
            }
            return;
        }
        int size = 0;
        String sizeAttr = f.attr("size");
        if (type == FieldType.NUMBER) {
            size = sizeAttr == null ? 1 : parseInt(f, "size", sizeAttr);
            if (size != 1 && size != 2 && size != 4 && size != 8) {
                throw new ModelException(f.file, f.line, "field '" + fname + "': number size " + size
                        + " is not 1, 2, 4 or 8");
            }
        } else if (type == FieldType.OCTETS) {
            if (sizeAttr == null) {
                throw new ModelException(f.file, f.line, "field '" + fname + "': octets need a 'size' attribute");
            }
            size = parseInt(f, "size", sizeAttr);
            if (size <= 0) {
                throw new ModelException(f.file, f.line, "field '" + fname + "': octets size " + size
                        + " must be positive");
            }
        }
        String value = f.attr("value");
        if (value != null) {
            value = resolveConstant(f, fname, type, size, value, defines, className);
        }
        String dflt = f.attr("default");
        if (dflt != null) {
            checkDefault(f, fname, type, size, dflt);
        }
        out.add(new ProtoModel.Field(fname, type, size, value, dflt, text(f), f.line));
    }

    /**
     * A {@code value=} may be a literal or, as in FileMQ's {@code FMQ_MSG_VERSION}, the C name of a
     * define ({@code CLASS_NAME_DEFINE_NAME}); resolve it to the literal.
     */
    private static String resolveConstant(Node f, String fname, FieldType type, int size, String value,
                                          Map<String, String> defines, String className) {
        if (type == FieldType.NUMBER) {
            if (parseUnsigned(value, size) != null) {
                return value;
            }
            String cPrefix = cName(className) + "_";
            for (Map.Entry<String, String> d : defines.entrySet()) {
                String dc = cName(d.getKey());
                if (value.equals(cPrefix + dc) || value.equals(dc) || value.equals(d.getKey())) {
                    if (parseUnsigned(d.getValue(), size) == null) {
                        throw new ModelException(f.file, f.line, "field '" + fname + "': define '" + d.getKey()
                                + "' = '" + d.getValue() + "' is not an unsigned " + size + "-byte number");
                    }
                    return d.getValue();
                }
            }
            throw new ModelException(f.file, f.line, "field '" + fname + "': value '" + value
                    + "' is neither an unsigned " + size + "-byte number nor a define");
        }
        if (type == FieldType.STRING) {
            if (value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
                throw new ModelException(f.file, f.line, "field '" + fname + "': constant longer than 255 bytes");
            }
            return value;
        }
        throw new ModelException(f.file, f.line, "field '" + fname + "': a constant value is only allowed on"
                + " number and string fields, not " + type.zprotoName());
    }

    private static void checkDefault(Node f, String fname, FieldType type, int size, String dflt) {
        boolean ok;
        switch (type) {
            case NUMBER:
                ok = parseUnsigned(dflt, size) != null;
                break;
            case STRING:
                ok = dflt.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 255;
                break;
            case LONGSTR:
                ok = true;
                break;
            default:
                ok = false;
        }
        if (!ok) {
            throw new ModelException(f.file, f.line, "field '" + fname + "': default '" + dflt
                    + "' is not a valid " + type.zprotoName() + (type == FieldType.NUMBER ? " of size " + size : "")
                    + " (defaults are allowed on number, string and longstr)");
        }
    }

    /** An unsigned number in decimal or 0x hex that fits {@code size} bytes, as a long's bits; else null. */
    static Long parseUnsigned(String s, int size) {
        String t = s.trim();
        BigInteger v;
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) {
                v = new BigInteger(t.substring(2), 16);
            } else {
                v = new BigInteger(t);
            }
        } catch (NumberFormatException e) {
            return null;
        }
        if (v.signum() < 0 || v.bitLength() > size * 8) {
            return null;
        }
        return v.longValue();
    }

    /** zproto's C identifier form, upper-cased: {@code "file create"} becomes {@code FILE_CREATE}. */
    static String cName(String s) {
        return s.trim().replaceAll("[^A-Za-z0-9]+", "_").toUpperCase(Locale.ROOT);
    }

    private static int parseInt(Node n, String attr, String v) {
        try {
            return Integer.decode(v.trim());
        } catch (NumberFormatException e) {
            throw new ModelException(n.file, n.line, "<" + n.name + "> attribute " + attr + "='" + v
                    + "' is not a number");
        }
    }

    private static String required(Node n, String attr) {
        String v = n.attr(attr);
        if (v == null || v.isBlank()) {
            throw new ModelException(n.file, n.line, "<" + n.name + "> needs a '" + attr + "' attribute");
        }
        return v.trim();
    }

    /** The element's own text, each line trimmed and blank runs collapsed to one paragraph break. */
    static String text(Node n) {
        String[] lines = n.ownText().split("\r?\n", -1);
        StringBuilder sb = new StringBuilder();
        boolean blank = false;
        for (String line : lines) {
            String t = line.strip();
            if (t.isEmpty()) {
                blank = sb.length() > 0;
                continue;
            }
            if (sb.length() > 0) {
                sb.append(blank ? "\n\n" : "\n");
            }
            blank = false;
            sb.append(t);
        }
        return sb.toString();
    }
}
