package io.zmq4j.codegen;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a zproto server ({@code script="zproto_server_c"}) or client ({@code zproto_client_c})
 * model and the codec model its {@code protocol_class} names (the {@code .xml} file of that name
 * beside it). Superstates ({@code inherit}, chains allowed) are folded into each state; anything
 * the generators do not take is refused with a {@link ModelException} naming the element and
 * its line.
 *
 * <pre>{@code
 * StateModel m = StateModelReader.read(Path.of("mdp_broker.xml"));   // reads mdp_msg.xml too
 * }</pre>
 */
public final class StateModelReader {
    private StateModelReader() {}

    /** Names compare case-insensitively, with runs of spaces, hyphens and underscores alike. */
    static String key(String s) {
        return s.trim().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", " ");
    }

    /**
     * The {@code script} attribute of the model's root element (null when it has none), to tell
     * codec, server and client models apart before reading one.
     *
     * @throws ModelException when the file is not well-formed XML
     */
    public static String scriptOf(Path file) {
        ModelReader.Node root = ModelReader.parse(file);
        String script = root.attr("script");
        return script == null ? null : script.trim();
    }

    /** The kind a model's script names, or null when it is not a server or client model. */
    public static StateModel.Kind kindOf(String script) {
        if (script == null) {
            return null;
        }
        switch (script.trim()) {
            case "zproto_server_c": return StateModel.Kind.SERVER;
            case "zproto_client_c": return StateModel.Kind.CLIENT;
            default: return null;
        }
    }

    /**
     * Reads and checks the model in {@code file}.
     *
     * @throws ModelException naming file, line and problem when the model cannot be generated
     */
    public static StateModel read(Path file) {
        List<String> warnings = new ArrayList<>();
        ModelReader.Node root = ModelReader.readTree(file, warnings);
        if (!root.name.equals("class")) {
            throw new ModelException(file, root.line, "root element is <" + root.name + ">, expected <class>");
        }
        String name = required(root, "name");
        String script = root.attr("script");
        StateModel.Kind kind = kindOf(script);
        if (kind == null) {
            throw new ModelException(file, root.line, "<class name=\"" + name + "\"> has script=\"" + script
                    + "\"; only zproto_server_c and zproto_client_c state machine models are generated as servers"
                    + " and clients");
        }
        String protocolClass = root.attr("protocol_class");
        if (protocolClass == null) {
            protocolClass = root.attr("proto");
        }
        if (protocolClass == null || protocolClass.isBlank()) {
            throw new ModelException(file, root.line, "<class> needs a 'protocol_class' attribute naming the codec model");
        }
        Path protoFile = file.toAbsolutePath().getParent().resolve(protocolClass.trim() + ".xml");
        if (!Files.isRegularFile(protoFile)) {
            throw new ModelException(file, root.line, "protocol_class '" + protocolClass + "': no codec model at "
                    + protoFile);
        }
        ProtoModel protocol = ModelReader.read(protoFile);
        Map<String, ProtoModel.Message> messages = new LinkedHashMap<>();
        for (ProtoModel.Message m : protocol.messages()) {
            messages.put(key(m.name()), m);
        }

        List<ModelReader.Node> stateNodes = new ArrayList<>();
        List<StateModel.Method> methods = new ArrayList<>();
        List<StateModel.Reply> replies = new ArrayList<>();
        for (Object c : root.children) {
            if (!(c instanceof ModelReader.Node)) {
                continue;
            }
            ModelReader.Node n = (ModelReader.Node) c;
            switch (n.name) {
                case "state":
                    stateNodes.add(n);
                    break;
                case "method":
                    methods.add(method(n));
                    break;
                case "reply":
                    replies.add(new StateModel.Reply(required(n, "name"), fields(n), n.line));
                    break;
                case "license":
                    break;
                case "custom":
                case "send":
                case "recv":
                    if (kind == StateModel.Kind.CLIENT) {
                        // mlm_client's C-only fragments: hand-written C code for its API.
                        warnings.add(n.file + ":" + n.line + ": warning: <" + n.name + "> holds C code for zproto's"
                                + " C client; ignored");
                        break;
                    }
                    throw unsupported(n, kind);
                default:
                    throw unsupported(n, kind);
            }
        }
        if (stateNodes.isEmpty()) {
            throw new ModelException(file, root.line, "class '" + name + "' has no <state>");
        }
        if (kind == StateModel.Kind.SERVER && (!methods.isEmpty() || !replies.isEmpty())) {
            warnings.add(file + ":" + (methods.isEmpty() ? replies.get(0).line() : methods.get(0).line())
                    + ": warning: <method> and <reply> are for client models; a server ignores them");
            methods.clear();
            replies.clear();
        }

        // States and their own handlers.
        Map<String, ModelReader.Node> byKey = new LinkedHashMap<>();
        for (ModelReader.Node s : stateNodes) {
            String sn = required(s, "name");
            if (byKey.put(key(sn), s) != null) {
                throw new ModelException(s.file, s.line, "state '" + sn + "' is defined twice");
            }
        }
        Map<String, List<StateModel.Handler>> own = new LinkedHashMap<>();
        Map<String, StateModel.Event> events = new LinkedHashMap<>();
        for (ModelReader.Node s : stateNodes) {
            String sn = required(s, "name");
            List<StateModel.Handler> handlers = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Object c : s.children) {
                if (!(c instanceof ModelReader.Node)) {
                    continue;
                }
                ModelReader.Node e = (ModelReader.Node) c;
                if (!e.name.equals("event")) {
                    throw new ModelException(e.file, e.line, "<" + e.name + "> in state '" + sn + "' is not supported"
                            + (e.name.equals("before") || e.name.equals("after")
                                    ? " (before/after state actions are not implemented; put the actions on the events)"
                                    : " (a state holds <event> elements)"));
                }
                String en = required(e, "name");
                if (!seen.add(key(en))) {
                    throw new ModelException(e.file, e.line, "state '" + sn + "' handles event '" + en + "' twice");
                }
                String next = e.attr("next");
                if (next != null && next.isBlank()) {
                    next = null;
                }
                if (next != null && !byKey.containsKey(key(next))) {
                    throw new ModelException(e.file, e.line, "event '" + en + "' in state '" + sn + "': next state '"
                            + next + "' is not defined");
                }
                String nextName = next == null ? null : byKey.get(key(next)).attr("name").trim();
                List<StateModel.Action> actions = new ArrayList<>();
                for (Object ac : e.children) {
                    if (!(ac instanceof ModelReader.Node)) {
                        continue;
                    }
                    ModelReader.Node a = (ModelReader.Node) ac;
                    if (!a.name.equals("action")) {
                        throw new ModelException(a.file, a.line, "<" + a.name + "> in event '" + en + "' of state '" + sn
                                + "' is not supported (an event holds <action> elements)");
                    }
                    String an = required(a, "name");
                    String msg = a.attr("message");
                    if (key(an).equals("send")) {
                        if (msg == null || msg.isBlank()) {
                            throw new ModelException(a.file, a.line, "action 'send' needs a 'message' attribute");
                        }
                        ProtoModel.Message pm = messages.get(key(msg));
                        if (pm == null) {
                            throw new ModelException(a.file, a.line, "action 'send': message '" + msg + "' is not in "
                                    + protocol.file().getFileName());
                        }
                        msg = pm.name();
                    } else {
                        msg = null;
                    }
                    actions.add(new StateModel.Action(an, msg, a.line));
                }
                if (!en.equals("*")) {
                    events.putIfAbsent(key(en), new StateModel.Event(en, messages.get(key(en))));
                }
                handlers.add(new StateModel.Handler(en.equals("*") ? "*" : events.get(key(en)).name(), nextName,
                        List.copyOf(actions), sn, e.line));
            }
            own.put(key(sn), handlers);
        }

        // Fold superstates in: own handlers first, then each ancestor's for events not yet handled.
        List<StateModel.State> states = new ArrayList<>();
        for (ModelReader.Node s : stateNodes) {
            String sn = required(s, "name");
            List<StateModel.Handler> handlers = new ArrayList<>();
            Set<String> handled = new HashSet<>();
            StateModel.Handler star = null;
            Set<String> visited = new HashSet<>();
            ModelReader.Node cur = s;
            String inherit = s.attr("inherit");
            while (cur != null) {
                String cn = cur.attr("name").trim();
                if (!visited.add(key(cn))) {
                    throw new ModelException(s.file, s.line, "state '" + sn + "' inherits from itself through '"
                            + cn + "'");
                }
                for (StateModel.Handler h : own.get(key(cn))) {
                    if (h.event().equals("*")) {
                        if (star == null) {
                            star = h;
                        }
                    } else if (handled.add(key(h.event()))) {
                        handlers.add(h);
                    }
                }
                String sup = cur.attr("inherit");
                if (sup == null || sup.isBlank()) {
                    cur = null;
                } else {
                    cur = byKey.get(key(sup));
                    if (cur == null) {
                        ModelReader.Node at = visited.size() == 1 ? s : null;
                        throw new ModelException(s.file, at == null ? s.line : at.line, "state '" + cn
                                + "' inherits from '" + sup + "', which is not defined");
                    }
                }
            }
            states.add(new StateModel.State(sn, inherit == null || inherit.isBlank() ? null : inherit.trim(),
                    List.copyOf(handlers), star, s.line));
        }
        return new StateModel(kind, name, root.attrs.getOrDefault("title", ""), ModelReader.text(root), protocol,
                List.copyOf(states), List.copyOf(events.values()), List.copyOf(methods), List.copyOf(replies),
                List.copyOf(warnings), file);
    }

    private static ModelException unsupported(ModelReader.Node n, StateModel.Kind kind) {
        return new ModelException(n.file, n.line, "<" + n.name + "> is not supported in a "
                + kind.name().toLowerCase(Locale.ROOT) + " model (expected <state>, <method>, <reply>)");
    }

    private static StateModel.Method method(ModelReader.Node n) {
        String mn = required(n, "name");
        List<String> accepts = new ArrayList<>();
        for (Object c : n.children) {
            if (!(c instanceof ModelReader.Node)) {
                continue;
            }
            ModelReader.Node a = (ModelReader.Node) c;
            switch (a.name) {
                case "field":
                    break;
                case "accept":
                case "action": // mdp_broker writes <action reply=...> where others write <accept>
                    if (a.attr("reply") == null) {
                        throw new ModelException(a.file, a.line, "<" + a.name + "> in method '" + mn
                                + "' needs a 'reply' attribute");
                    }
                    accepts.add(a.attr("reply").trim());
                    break;
                default:
                    throw new ModelException(a.file, a.line, "<" + a.name + "> in method '" + mn + "' is not supported"
                            + " (a method holds <field> and <accept>)");
            }
        }
        String ret = n.attr("return");
        return new StateModel.Method(mn, ret == null || ret.isBlank() ? null : ret.trim(),
                "1".equals(n.attr("immediate")), fields(n), List.copyOf(accepts), ModelReader.text(n), n.line);
    }

    private static List<StateModel.ArgField> fields(ModelReader.Node n) {
        List<StateModel.ArgField> out = new ArrayList<>();
        for (ModelReader.Node f : n.elements("field")) {
            String type = f.attr("type");
            out.add(new StateModel.ArgField(required(f, "name"), type == null ? "string" : type.trim(), f.line));
        }
        return List.copyOf(out);
    }

    private static String required(ModelReader.Node n, String attr) {
        String v = n.attr(attr);
        if (v == null || v.isBlank()) {
            throw new ModelException(n.file, n.line, "<" + n.name + "> needs a '" + attr + "' attribute");
        }
        return v.trim();
    }
}
