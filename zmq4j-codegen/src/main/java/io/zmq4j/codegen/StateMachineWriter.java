package io.zmq4j.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javax.lang.model.element.Modifier;

/**
 * What the server and client engines share: the Java names of a model's events, states, actions
 * and sent messages, the name tables the engine's superclass traces with, the message-to-event
 * switch, and the machine itself ({@code step} and one method per state).
 *
 * <p>A server runs the machine on one connection object at a time, so its generated code calls
 * the actions on {@code c} and {@code send} replies to that client; a client engine is its own
 * single connection and calls them on itself.
 */
final class StateMachineWriter {
    private final StateModel model;
    private final boolean server;
    /** Action key to Java method, in first-use order. */
    final Map<String, String> actionMethods = new LinkedHashMap<>();
    /** Sent message name to the Java method that builds it, in first-use order. */
    final Map<String, String> sendMethods = new LinkedHashMap<>();
    /** Event name to its Java enum constant, in model order. */
    final Map<String, String> eventConstants = new LinkedHashMap<>();
    private final Map<String, Integer> stateIndex = new HashMap<>();

    /**
     * Writes a skeleton, the user's code from then on, under {@code srcDir} unless its file is
     * there already; returns its path, or null when it existed and was left alone.
     */
    static Path writeSkeleton(ClassName type, Supplier<JavaFile> file, Path srcDir, StateModel model) {
        Path target = srcDir.resolve(type.packageName().replace('.', '/')).resolve(type.simpleName() + ".java");
        if (Files.exists(target)) {
            return null;
        }
        try {
            return file.get().writeToPath(srcDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the skeleton for " + model.file() + " to " + srcDir, e);
        }
    }

    /** Names the model's events (failing on two that map to one constant) and numbers its states. */
    StateMachineWriter(StateModel model) {
        this.model = model;
        this.server = model.kind() == StateModel.Kind.SERVER;
        Map<String, String> constants = new HashMap<>();
        for (StateModel.Event e : model.events()) {
            String c = Names.constantName(e.name());
            String clash = constants.put(c, e.name());
            if (clash != null) {
                throw new ModelException(model.file(), 0, "events '" + clash + "' and '" + e.name()
                        + "' both map to Java constant " + c);
            }
            eventConstants.put(e.name(), c);
        }
        for (StateModel.State s : model.states()) {
            stateIndex.put(s.name(), stateIndex.size());
        }
    }

    /**
     * Names the actions' Java methods clear of {@code taken} (the engine's own member names, to
     * which they are added) and the methods that build the messages {@code send} actions send.
     */
    void nameActions(Set<String> taken) {
        Map<String, String> messageClasses = JavaGenerator.messageClassNames(model.protocol());
        for (StateModel.State s : model.states()) {
            for (StateModel.Handler h : handlers(s)) {
                for (StateModel.Action a : h.actions()) {
                    if (a.isSend()) {
                        sendMethods.computeIfAbsent(a.message(), m -> "message" + messageClasses.get(m));
                    } else if (!a.isTerminate()) {
                        String key = StateModelReader.key(a.name());
                        if (!actionMethods.containsKey(key)) {
                            String n = Names.memberName(a.name());
                            if (taken.contains(n) || n.startsWith("message")) {
                                n = n + "Action";
                            }
                            if (!taken.add(n)) {
                                throw new ModelException(model.file(), a.line(), "action '" + a.name()
                                        + "' maps to Java method " + n
                                        + (server ? ", which another action already has" : ", which is taken"));
                            }
                            actionMethods.put(key, n);
                        }
                    }
                }
            }
        }
    }

    /** The state's own handlers and its {@code *} handler, if it has one. */
    static List<StateModel.Handler> handlers(StateModel.State s) {
        List<StateModel.Handler> all = new ArrayList<>(s.handlers());
        if (s.star() != null) {
            all.add(s.star());
        }
        return all;
    }

    /** Adds STATE_NAMES, EVENT_NAMES and EXTERNAL, the tables the engine's constructor takes. */
    void addTables(TypeSpec.Builder cls) {
        CodeBlock.Builder stateNames = CodeBlock.builder().add("{");
        for (int i = 0; i < model.states().size(); i++) {
            stateNames.add(i == 0 ? "$S" : ", $S", model.states().get(i).name());
        }
        cls.addField(FieldSpec.builder(String[].class, "STATE_NAMES", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer(stateNames.add("}").build()).build());
        CodeBlock.Builder eventNames = CodeBlock.builder().add("{");
        CodeBlock.Builder external = CodeBlock.builder().add("{");
        for (int i = 0; i < model.events().size(); i++) {
            StateModel.Event e = model.events().get(i);
            eventNames.add(i == 0 ? "$S" : ", $S", e.name());
            external.add(i == 0 ? "$L" : ", $L", e.isExternal());
        }
        cls.addField(FieldSpec.builder(String[].class, "EVENT_NAMES", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer(eventNames.add("}").build()).build());
        cls.addField(FieldSpec.builder(boolean[].class, "EXTERNAL", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer(external.add("}").build()).build());
    }

    /** The engine constructor's argument for the expired event: its ordinal, or NO_EVENT. */
    String expiredEvent() {
        String expired = "NO_EVENT";
        for (StateModel.Event e : model.events()) {
            if (e.isExpired()) {
                expired = "Event." + eventConstants.get(e.name()) + ".ordinal()";
            }
        }
        return expired;
    }

    /** {@code eventOf}: the event a protocol message fires, NO_EVENT for one no event names. */
    MethodSpec eventOf(ClassName message) {
        CodeBlock.Builder eventOf = CodeBlock.builder().beginControlFlow("switch (message.messageId())");
        for (StateModel.Event e : model.events()) {
            if (e.isExternal()) {
                eventOf.add("case $L:\n", e.message().id()).indent()
                        .addStatement("return Event.$L.ordinal()", eventConstants.get(e.name())).unindent();
            }
        }
        eventOf.add("default:\n").indent().addStatement("return NO_EVENT").unindent().endControlFlow();
        return MethodSpec.methodBuilder("eventOf").addAnnotation(Override.class)
                .addModifiers(Modifier.PROTECTED, Modifier.FINAL).returns(TypeName.INT).addParameter(message, "message")
                .addCode(eventOf.build()).build();
    }

    /**
     * Adds {@code step} and a method per state. A server's step takes the connection the event
     * is for and casts it to {@code actions}, its users' subclass of the connection; a client's
     * ({@code connection} and {@code actions} null) runs on the engine.
     */
    void addMachine(TypeSpec.Builder cls, ClassName connection, ClassName actions) {
        MethodSpec.Builder step = MethodSpec.methodBuilder("step").addAnnotation(Override.class)
                .addModifiers(Modifier.PROTECTED, Modifier.FINAL).returns(TypeName.BOOLEAN);
        if (server) {
            step.addParameter(connection, "client").addParameter(TypeName.INT, "event")
                    .addStatement("$T c = ($T) client", actions, actions)
                    .beginControlFlow("switch (c.state())");
        } else {
            step.addParameter(TypeName.INT, "event").beginControlFlow("switch (state())");
        }
        for (StateModel.State s : model.states()) {
            String m = "in" + Names.typeName(s.name());
            step.addCode("case $L:\n", stateIndex.get(s.name())).addCode(CodeBlock.builder().indent()
                    .addStatement(server ? "return $N(c, event)" : "return $N(event)", m).unindent().build());
            cls.addMethod(stateMethod(s, m, actions));
        }
        step.addCode("default:\n").addCode(CodeBlock.builder().indent().addStatement("return false").unindent().build())
                .endControlFlow();
        cls.addMethod(step.build());
    }

    private MethodSpec stateMethod(StateModel.State s, String name, ClassName actions) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE).returns(TypeName.BOOLEAN);
        if (server) {
            m.addParameter(actions, "c").addParameter(TypeName.INT, "event")
                    .addJavadoc("State {@code $L}$L.\n", JavaGenerator.javadoc(s.name()),
                            s.inherit() == null ? "" : ", inheriting {@code " + JavaGenerator.javadoc(s.inherit()) + "}");
        } else {
            m.addParameter(TypeName.INT, "event").addJavadoc("State {@code $L}.\n", JavaGenerator.javadoc(s.name()));
        }
        if (s.handlers().isEmpty() && s.star() == null) {
            return m.addStatement("return false").build();
        }
        m.beginControlFlow("switch (event)");
        for (StateModel.Handler h : s.handlers()) {
            StateModel.Event e = model.event(h.event());
            if (server) {
                m.addCode("case $L: // $L$L\n", model.events().indexOf(e), h.event(),
                        h.from().equals(s.name()) ? "" : " (from " + h.from() + ")");
            } else {
                m.addCode("case $L: // $L\n", model.events().indexOf(e), h.event());
            }
            m.addCode(CodeBlock.builder().indent().add(handlerCode(h)).addStatement("return true").unindent().build());
        }
        m.addCode("default:\n");
        CodeBlock.Builder dflt = CodeBlock.builder().indent();
        if (s.star() != null) {
            dflt.beginControlFlow("if (EXTERNAL[event])");
            if (server) {
                dflt.add("// * (from $L): every other protocol message\n", s.star().from());
            }
            dflt.add(handlerCode(s.star())).addStatement("return true").endControlFlow();
        }
        m.addCode(dflt.addStatement("return false").unindent().build());
        return m.endControlFlow().build();
    }

    /** A handler's actions in order; an exception an action raises skips the rest and the move. */
    private CodeBlock handlerCode(StateModel.Handler h) {
        String on = server ? "c." : "";
        CodeBlock.Builder b = CodeBlock.builder();
        for (StateModel.Action a : h.actions()) {
            b.addStatement("$Lanimate($S)", on, a.isSend() ? "send " + a.message() : a.name());
            if (a.isSend()) {
                b.addStatement(server ? "c.reply(c.$L())" : "send($L())", sendMethods.get(a.message()));
            } else if (a.isTerminate()) {
                b.addStatement("$Lterminate()", on);
            } else {
                b.addStatement("$L$L()", on, actionMethods.get(StateModelReader.key(a.name())));
                b.beginControlFlow("if ($LexceptionRaised())", on).addStatement("return true").endControlFlow();
            }
        }
        if (h.next() != null) {
            b.addStatement("$LmoveTo($L)", on, stateIndex.get(h.next()));
        }
        return b.build();
    }
}
