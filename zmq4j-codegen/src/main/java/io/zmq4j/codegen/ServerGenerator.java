package io.zmq4j.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Writes a zproto server: the engine {@code XxxEngine} (the model's states, events and the
 * calls to its actions; regenerated every time, never edited) and, only when it does not exist
 * yet, the skeleton {@code Xxx} the user fills in with the actions' code — zproto's split
 * between {@code xxx_engine.inc} and {@code xxx.c}.
 *
 * <pre>{@code
 * StateModel model = StateModelReader.read(Path.of("src/main/zproto/mdp_broker.xml"));
 * ServerGenerator.writeEngine(model, "com.example", Path.of("target/generated-sources/zproto"));
 * ServerGenerator.writeSkeleton(model, "com.example", Path.of("src/main/java"));   // once
 * }</pre>
 *
 * <p>The codec of the model's protocol ({@link JavaGenerator}) is expected in the same package.
 */
public final class ServerGenerator {
    private static final ClassName SERVER_ENGINE = ClassName.get("io.zmq4j.proto", "ServerEngine");
    private static final ClassName MSG = ClassName.get("io.zmq4j", "Msg");
    private static final ClassName DURATION = ClassName.get(Duration.class);

    /** Methods of the engine's connection classes; an action may not take these names. */
    private static final Set<String> RESERVED = Set.of("routingId", "message", "state", "event", "setNextEvent",
            "raise", "exceptionRaised", "setWakeupEvent", "sendEvent", "reply", "terminate", "moveTo",
            "setLogPrefix", "log", "animate", "clientInitialize", "clientTerminate", "equals", "hashCode",
            "toString", "getClass", "notify", "notifyAll", "wait", "clone", "finalize", "send");

    private final StateModel model;
    private final ClassName engine;
    private final ClassName skeleton;
    private final ClassName codec;
    private final ClassName message;
    private final ClassName actions;
    private final ClassName connection;
    private final ClassName eventEnum;
    private final StateMachineWriter machine;
    private final Map<String, String> actionMethods;
    private final Map<String, String> sendMethods;
    private final Map<String, String> eventConstants;

    private ServerGenerator(StateModel model, String pkg) {
        if (model.kind() != StateModel.Kind.SERVER) {
            throw new ModelException(model.file(), 0, "'" + model.name() + "' is a " + model.kind() + " model, not a server");
        }
        this.model = model;
        String base = Names.typeName(model.name());
        this.engine = ClassName.get(pkg, base + "Engine");
        this.skeleton = ClassName.get(pkg, base);
        this.codec = ClassName.get(pkg, JavaGenerator.className(model.protocol()));
        this.message = codec.nestedClass("Message");
        this.actions = engine.nestedClass("ClientActions");
        this.connection = engine.nestedClass("Connection");
        this.eventEnum = engine.nestedClass("Event");
        if (codec.simpleName().equals(engine.simpleName()) || codec.simpleName().equals(skeleton.simpleName())) {
            throw new ModelException(model.file(), 0, "server class " + skeleton.simpleName()
                    + " has the name of its protocol's codec; rename the model or the protocol");
        }
        this.machine = new StateMachineWriter(model);
        this.actionMethods = machine.actionMethods;
        this.sendMethods = machine.sendMethods;
        this.eventConstants = machine.eventConstants;
        machine.nameActions(new HashSet<>(RESERVED));
    }

    /** The engine's source. */
    public static String engineSource(StateModel model, String pkg) {
        return new ServerGenerator(model, pkg).engineFile().toString();
    }

    /** The skeleton's source. */
    public static String skeletonSource(StateModel model, String pkg) {
        return new ServerGenerator(model, pkg).skeletonFile().toString();
    }

    /** Writes the engine under {@code outDir}, replacing an older one; returns its path. */
    public static Path writeEngine(StateModel model, String pkg, Path outDir) {
        try {
            return new ServerGenerator(model, pkg).engineFile().writeToPath(outDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the engine for " + model.file() + " to " + outDir, e);
        }
    }

    /**
     * Writes the skeleton under {@code srcDir} unless it is there already (it is the user's code
     * from then on). Returns its path, or null when it existed and was left alone.
     */
    public static Path writeSkeleton(StateModel model, String pkg, Path srcDir) {
        ServerGenerator g = new ServerGenerator(model, pkg);
        return StateMachineWriter.writeSkeleton(g.skeleton, g::skeletonFile, srcDir, model);
    }

    // ---- the engine ----

    private JavaFile engineFile() {
        TypeSpec.Builder cls = TypeSpec.classBuilder(engine)
                .addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
                .superclass(ParameterizedTypeName.get(SERVER_ENGINE, message));
        String title = model.title().isEmpty() ? model.name() : model.title();
        cls.addJavadoc("$L: the state machine of {@code $L}, generated by zmq4j-codegen; regenerate rather than edit.\n\n",
                JavaGenerator.javadoc(title), model.file().getFileName());
        if (!model.doc().isEmpty()) {
            cls.addJavadoc("<p>$L\n\n", JavaGenerator.javadoc(model.doc()));
        }
        cls.addJavadoc("<p>Extend it (the skeleton {@code $L} is generated once for that), implement the actions in"
                + " a {@link ClientActions} subclass, and run the server as an actor:\n\n<pre>{@code\n"
                + "try (Actor server = Actor.start(ctx, $S, new $L())) {\n"
                + "    server.send(\"BIND\", \"tcp://*:5555\");\n}\n}</pre>\n",
                skeleton.simpleName(), model.name(), skeleton.simpleName());

        machine.addTables(cls);

        TypeSpec.Builder ev = TypeSpec.enumBuilder(eventEnum).addModifiers(Modifier.PUBLIC)
                .addJavadoc("The model's events; those named after a protocol message fire when it arrives.\n");
        for (StateModel.Event e : model.events()) {
            String doc = e.isExternal() ? "The protocol message {@code " + e.message().name() + "} arrived.\n"
                    : e.isExpired() ? "The client said nothing for {@code server/timeout} ms.\n"
                    : "Internal event {@code " + JavaGenerator.javadoc(e.name()) + "}, set by actions.\n";
            ev.addEnumConstant(eventConstants.get(e.name()), TypeSpec.anonymousClassBuilder("").addJavadoc(doc).build());
        }
        cls.addType(ev.build());

        cls.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PROTECTED)
                .addStatement("super($S, STATE_NAMES, EVENT_NAMES, EXTERNAL, $L)", model.name(),
                        machine.expiredEvent())
                .build());

        cls.addMethod(MethodSpec.methodBuilder("decode").addAnnotation(Override.class)
                .addModifiers(Modifier.PROTECTED, Modifier.FINAL).returns(message).addParameter(MSG, "msg")
                .addStatement("return $T.decode(msg, true)", codec).build());
        cls.addMethod(MethodSpec.methodBuilder("encode").addAnnotation(Override.class)
                .addModifiers(Modifier.PROTECTED, Modifier.FINAL).returns(MSG).addParameter(message, "message")
                .addParameter(byte[].class, "routingId")
                .addStatement("return message.withRoutingId(routingId).encode(true)").build());

        cls.addMethod(machine.eventOf(message));

        ProtoModel.Message invalid = model.protocol().messages().stream()
                .filter(m -> StateModelReader.key(m.name()).equals("invalid")).findFirst().orElse(null);
        MethodSpec.Builder inv = MethodSpec.methodBuilder("invalid").addAnnotation(Override.class)
                .addModifiers(Modifier.PROTECTED).returns(message);
        if (invalid != null) {
            String ic = JavaGenerator.messageClassNames(model.protocol()).get(invalid.name());
            inv.addJavadoc("The protocol's {@code $L} message.\n", invalid.name())
                    .addStatement("return $T.$L.builder().build()", codec, ic);
        } else {
            inv.addJavadoc("None: the protocol has no INVALID message, so out-of-state messages without a {@code *}"
                    + " event are dropped. Override to answer with one of its messages.\n")
                    .addStatement("return null");
        }
        cls.addMethod(inv.build());

        cls.addMethod(MethodSpec.methodBuilder("createClient").addAnnotation(Override.class)
                .addModifiers(Modifier.PROTECTED, Modifier.ABSTRACT).returns(actions)
                .addJavadoc("A new client connection object: your {@link ClientActions} subclass.\n").build());
        cls.addMethod(MethodSpec.methodBuilder("broadcastEvent").addModifiers(Modifier.PROTECTED, Modifier.FINAL)
                .addJavadoc("Queues {@code event} for every client but {@code except} (null: all).\n")
                .addParameter(actions, "except").addParameter(eventEnum, "event")
                .addStatement("broadcastEvent(except, event.ordinal())").build());

        machine.addMachine(cls, connection, actions);
        cls.addType(actionsClass());

        return JavaFile.builder(engine.packageName(), cls.build())
                .addFileComment("Generated by zmq4j-codegen from $L. Do not edit: change the model and regenerate.",
                        model.file().getFileName())
                .indent("    ").skipJavaLangImports(true).build();
    }

    private TypeSpec actionsClass() {
        TypeSpec.Builder b = TypeSpec.classBuilder(actions).addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
                .superclass(connection)
                .addJavadoc("One client connection and the model's actions on it; your {@code Client} implements"
                        + " them. {@link #message()} is the last message the client sent.\n");
        b.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PROTECTED).build());
        for (Map.Entry<String, String> a : actionMethods.entrySet()) {
            List<String> where = new ArrayList<>();
            for (StateModel.State s : model.states()) {
                for (StateModel.Handler h : StateMachineWriter.handlers(s)) {
                    if (!h.from().equals(s.name())) {
                        continue;
                    }
                    for (StateModel.Action x : h.actions()) {
                        if (StateModelReader.key(x.name()).equals(a.getKey())) {
                            where.add(s.name() + " / " + h.event());
                            break;
                        }
                    }
                }
            }
            b.addMethod(MethodSpec.methodBuilder(a.getValue()).addModifiers(Modifier.PROTECTED, Modifier.ABSTRACT)
                    .addJavadoc("Action {@code $L}, in $L.\n", JavaGenerator.javadoc(a.getKey()),
                            JavaGenerator.javadoc(String.join(", ", where)))
                    .build());
        }
        Map<String, String> classes = JavaGenerator.messageClassNames(model.protocol());
        for (Map.Entry<String, String> s : sendMethods.entrySet()) {
            ClassName mc = codec.nestedClass(classes.get(s.getKey()));
            b.addMethod(MethodSpec.methodBuilder(s.getValue()).addModifiers(Modifier.PROTECTED).returns(mc)
                    .addJavadoc("The {@code $L} message that {@code send} actions send; every field at its default"
                            + " here: override to fill them in.\n", s.getKey())
                    .addStatement("return $T.builder().build()", mc).build());
        }
        b.addMethod(MethodSpec.methodBuilder("setNextEvent").addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("The event to run once this one's actions are done: internal states need one.\n")
                .addParameter(eventEnum, "event").addStatement("setNextEvent(event.ordinal())").build());
        b.addMethod(MethodSpec.methodBuilder("raise").addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("Raises {@code event} as an exception: the rest of the actions are skipped, the state"
                        + " stays, and {@code event} runs next.\n")
                .addParameter(eventEnum, "event").addStatement("raise(event.ordinal())").build());
        b.addMethod(MethodSpec.methodBuilder("setWakeupEvent").addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("Runs {@code event} after {@code delay} unless an event this state handles comes first.\n")
                .addParameter(DURATION, "delay").addParameter(eventEnum, "event")
                .addStatement("setWakeupEvent(delay, event.ordinal())").build());
        b.addMethod(MethodSpec.methodBuilder("sendEvent").addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("Queues {@code event} for this client (call it on another client to signal it).\n")
                .addParameter(eventEnum, "event").addStatement("sendEvent(event.ordinal())").build());
        return b.build();
    }

    // ---- the skeleton ----

    private JavaFile skeletonFile() {
        ClassName client = skeleton.nestedClass("Client");
        TypeSpec.Builder c = TypeSpec.classBuilder(client).addModifiers(Modifier.FINAL).superclass(actions)
                .addJavadoc("One client connection: its own properties go here.\n");
        for (String m : actionMethods.values()) {
            c.addMethod(MethodSpec.methodBuilder(m).addAnnotation(Override.class).addModifiers(Modifier.PROTECTED)
                    .addComment("TODO").build());
        }
        Map<String, String> classes = JavaGenerator.messageClassNames(model.protocol());
        for (Map.Entry<String, String> s : sendMethods.entrySet()) {
            ProtoModel.Message pm = model.protocol().message(s.getKey());
            if (pm.fields().stream().allMatch(ProtoModel.Field::isConstant)) {
                continue; // nothing to fill in: the engine's default is the message
            }
            ClassName mc = codec.nestedClass(classes.get(s.getKey()));
            c.addMethod(MethodSpec.methodBuilder(s.getValue()).addAnnotation(Override.class)
                    .addModifiers(Modifier.PROTECTED).returns(mc)
                    .addComment("TODO: fill in the fields of $L", s.getKey())
                    .addStatement("return $T.builder().build()", mc).build());
        }
        TypeSpec.Builder cls = TypeSpec.classBuilder(skeleton).addModifiers(Modifier.PUBLIC).superclass(engine)
                .addJavadoc("$L: the server's own code for {@code $L}.\n\n<p>Generated once by zmq4j-codegen as a"
                        + " starting point and never overwritten: this file is yours. The state machine is in"
                        + " {@link $T}, regenerated from the model.\n",
                        JavaGenerator.javadoc(model.title().isEmpty() ? model.name() : model.title()),
                        model.file().getFileName(), engine);
        cls.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC).build());
        cls.addMethod(MethodSpec.methodBuilder("createClient").addAnnotation(Override.class)
                .addModifiers(Modifier.PROTECTED).returns(actions).addStatement("return new $T()", client).build());
        cls.addType(c.build());
        return JavaFile.builder(skeleton.packageName(), cls.build()).indent("    ").skipJavaLangImports(true).build();
    }
}
