package io.zmq4j.codegen;

import java.util.ArrayList;
import java.util.List;

/**
 * A server or client state machine as a Graphviz DOT graph: one box per state, one arrow per
 * event (to the next state, or back to the same state when it stays), labelled with the event
 * and its actions; events a state inherits from its superstate are dashed; a {@code terminate}
 * action leads to the end node. {@code dot -Tsvg mdp_broker.dot > mdp_broker.svg} draws it.
 *
 * <pre>{@code
 * Files.writeString(Path.of("mdp_broker.dot"), Diagram.dot(StateModelReader.read(model)));
 * }</pre>
 */
public final class Diagram {
    private Diagram() {}

    /** The DOT text of {@code model}'s machine. */
    public static String dot(StateModel model) {
        StringBuilder sb = new StringBuilder();
        sb.append("digraph ").append(id(model.name())).append(" {\n");
        sb.append("    label=").append(quote(model.name() + " (" + model.kind().name().toLowerCase() + ")"))
                .append(";\n    labelloc=t;\n    rankdir=LR;\n");
        sb.append("    node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
        sb.append("    edge [fontname=\"Helvetica\", fontsize=10];\n");
        sb.append("    \"(start)\" [shape=point];\n");
        List<String> superstates = new ArrayList<>();
        for (StateModel.State s : model.states()) {
            if (s.inherit() != null && !superstates.contains(s.inherit())) {
                superstates.add(s.inherit());
            }
        }
        boolean terminates = false;
        for (StateModel.State s : model.states()) {
            boolean onlySuper = superstates.contains(s.name()) && !entered(model, s);
            sb.append("    ").append(quote(s.name()));
            if (onlySuper) {
                sb.append(" [style=\"rounded,dashed\", xlabel=\"superstate\"]");
            }
            sb.append(";\n");
        }
        sb.append("    \"(start)\" -> ").append(quote(model.states().get(0).name())).append(";\n");
        for (StateModel.State s : model.states()) {
            if (superstates.contains(s.name()) && !entered(model, s)) {
                continue; // its events are drawn on the states that inherit them
            }
            List<StateModel.Handler> all = new ArrayList<>(s.handlers());
            if (s.star() != null) {
                all.add(s.star());
            }
            for (StateModel.Handler h : all) {
                boolean ends = h.actions().stream().anyMatch(StateModel.Action::isTerminate);
                terminates |= ends;
                String to = ends ? "(end)" : h.next() != null ? h.next() : s.name();
                StringBuilder label = new StringBuilder(h.event());
                for (StateModel.Action a : h.actions()) {
                    label.append("\\n").append(a.isSend() ? "send " + a.message() : a.name());
                }
                sb.append("    ").append(quote(s.name())).append(" -> ").append(quote(to)).append(" [label=")
                        .append(quote(label.toString()));
                if (!h.from().equals(s.name())) {
                    sb.append(", style=dashed");
                }
                sb.append("];\n");
            }
        }
        if (terminates) {
            sb.append("    \"(end)\" [shape=doublecircle, label=\"\", width=0.2];\n");
        }
        return sb.append("}\n").toString();
    }

    private static boolean entered(StateModel model, StateModel.State s) {
        if (model.states().get(0) == s) {
            return true;
        }
        for (StateModel.State o : model.states()) {
            for (StateModel.Handler h : o.handlers()) {
                if (s.name().equals(h.next())) {
                    return true;
                }
            }
            if (o.star() != null && s.name().equals(o.star().next())) {
                return true;
            }
        }
        return false;
    }

    private static String id(String name) {
        return quote(name);
    }

    private static String quote(String s) {
        // \n in labels is DOT's line break and stays as written; other backslashes and quotes are escaped.
        return '"' + s.replace("\"", "\\\"") + '"';
    }
}
