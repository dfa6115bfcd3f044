package io.zmq4j.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Writes a zproto client: the engine {@code XxxEngine} (state machine, regenerated), the API
 * {@code Xxx} (one Java method per model {@code <method>}, regenerated) and, only when it does
 * not exist yet, the skeleton {@code XxxActions} with the actions for the user to fill in.
 *
 * <pre>{@code
 * StateModel model = StateModelReader.read(Path.of("src/main/zproto/mdp_client.xml"));
 * ClientGenerator.write(model, "com.example", Path.of("target/generated-sources/zproto"));
 * ClientGenerator.writeSkeleton(model, "com.example", Path.of("src/main/java"));   // once
 * }</pre>
 */
public final class ClientGenerator {
    private static final ClassName CLIENT_ENGINE = ClassName.get("io.zmq4j.proto", "ClientEngine");
    private static final ClassName ACTOR = ClassName.get("io.zmq4j.proto", "Actor");
    private static final ClassName CONTEXT = ClassName.get("io.zmq4j", "Context");
    private static final ClassName MSG = ClassName.get("io.zmq4j", "Msg");
    private static final ClassName DURATION = ClassName.get(Duration.class);
    private static final ClassName LIST = ClassName.get(List.class);
    private static final ClassName MAP = ClassName.get(Map.class);
    private static final ClassName SET = ClassName.get(Set.class);
    private static final ClassName STRING = ClassName.get(String.class);
    private static final ClassName ARRAY_DEQUE = ClassName.get(java.util.ArrayDeque.class);
    private static final ClassName ARRAY_LIST = ClassName.get(ArrayList.class);
    private static final ClassName UTF8 = ClassName.get(java.nio.charset.StandardCharsets.class);
    private static final TypeName BYTES = ArrayTypeName.of(TypeName.BYTE);
    private static final TypeName FRAMES = ParameterizedTypeName.get(LIST, BYTES);

    private static final Set<String> RESERVED = Set.of("dealer", "reactor", "context", "message", "method", "state",
            "event", "setNextEvent", "raise", "exceptionRaised", "setWakeupEvent", "setTimeout", "send", "terminate",
            "moveTo", "animate", "sendReply", "deliver", "log", "argString", "argNumber", "argFrame", "argMsg",
            "clientInitialize", "clientTerminate", "decode", "encode", "eventOf", "methodEvent", "step", "run",
            "equals", "hashCode", "toString", "getClass", "notify", "notifyAll", "wait", "clone", "finalize");
    private static final Set<String> API_RESERVED = Set.of("recv", "signal", "close", "actor", "verbose",
            "constructorReply", "call", "parse", "next", "take", "command", "equals", "hashCode", "toString", "getClass", "notify",
            "notifyAll", "wait", "clone", "finalize");

    private final StateModel model;
    private final ClassName engine;
    private final ClassName api;
    private final ClassName skeleton;
    private final ClassName codec;
    private final ClassName message;
    private final ClassName eventEnum;
    private final ClassName replyType;
    private final StateMachineWriter machine;
    private final Map<String, String> actionMethods;
    private final Map<String, String> sendMethods;
    private final Map<String, String> eventConstants;
    private final Map<String, StateModel.ArgField> argFields = new LinkedHashMap<>();
    private final Map<String, String> replyClasses = new LinkedHashMap<>();

    private ClientGenerator(StateModel model, String pkg) {
        if (model.kind() != StateModel.Kind.CLIENT) {
            throw new ModelException(model.file(), 0, "'" + model.name() + "' is a " + model.kind() + " model, not a client");
        }
        this.model = model;
        String base = Names.typeName(model.name());
        this.engine = ClassName.get(pkg, base + "Engine");
        this.api = ClassName.get(pkg, base);
        this.skeleton = ClassName.get(pkg, base + "Actions");
        this.codec = ClassName.get(pkg, JavaGenerator.className(model.protocol()));
        this.message = codec.nestedClass("Message");
        this.eventEnum = engine.nestedClass("Event");
        this.replyType = api.nestedClass("Reply");
        Set<String> taken = Set.of(engine.simpleName(), api.simpleName(), skeleton.simpleName());
        if (taken.contains(codec.simpleName())) {
            throw new ModelException(model.file(), 0, "client class " + api.simpleName()
                    + " clashes with its protocol's codec " + codec.simpleName() + "; rename one");
        }
        this.machine = new StateMachineWriter(model);
        this.actionMethods = machine.actionMethods;
        this.sendMethods = machine.sendMethods;
        this.eventConstants = machine.eventConstants;
        names();
    }

    private static TypeName argType(StateModel.ArgField f, Path file) {
        switch (f.type()) {
            case "string": return STRING;
            case "number": case "integer": return TypeName.LONG;
            case "frame": return BYTES;
            case "msg": return FRAMES;
            default:
                throw new ModelException(file, f.line(), "field '" + f.name() + "': type '" + f.type()
                        + "' is not supported in methods and replies (string, number, integer, frame, msg)");
        }
    }

    private void names() {
        Set<String> taken = new HashSet<>(RESERVED);
        for (StateModel.Method m : model.methods()) {
            for (StateModel.ArgField f : m.fields()) {
                argType(f, model.file());
                if (f.type().equals("msg") && m.fields().indexOf(f) != m.fields().size() - 1) {
                    throw new ModelException(model.file(), f.line(), "method '" + m.name() + "': msg field '"
                            + f.name() + "' must come last");
                }
                StateModel.ArgField prev = argFields.putIfAbsent(StateModelReader.key(f.name()), f);
                if (prev != null && !sameType(prev.type(), f.type())) {
                    throw new ModelException(model.file(), f.line(), "argument '" + f.name() + "' is a " + f.type()
                            + " here but a " + prev.type() + " at line " + prev.line());
                }
            }
        }
        for (StateModel.ArgField f : argFields.values()) {
            taken.add("arg" + Names.typeName(f.name()));
        }
        Set<String> replyNames = new HashSet<>(Set.of("Reply", api.simpleName()));
        for (StateModel.Reply r : model.replies()) {
            String n = Names.typeName(r.name());
            if (!replyNames.add(n)) {
                throw new ModelException(model.file(), r.line(), "reply '" + r.name() + "' maps to Java class " + n
                        + ", which is taken");
            }
            replyClasses.put(r.name(), n);
            taken.add("reply" + n);
            for (StateModel.ArgField f : r.fields()) {
                argType(f, model.file());
            }
        }
        machine.nameActions(taken);
    }

    private static boolean sameType(String a, String b) {
        String x = a.equals("integer") ? "number" : a;
        String y = b.equals("integer") ? "number" : b;
        return x.equals(y);
    }

    /** Writes the engine and the API under {@code outDir}, replacing older ones; returns their paths. */
    public static List<Path> write(StateModel model, String pkg, Path outDir) {
        ClientGenerator g = new ClientGenerator(model, pkg);
        try {
            return List.of(g.engineFile().writeToPath(outDir), g.apiFile().writeToPath(outDir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the client for " + model.file() + " to " + outDir, e);
        }
    }

    /** Writes the skeleton under {@code srcDir} unless it exists; returns its path, or null when left alone. */
    public static Path writeSkeleton(StateModel model, String pkg, Path srcDir) {
        ClientGenerator g = new ClientGenerator(model, pkg);
        return StateMachineWriter.writeSkeleton(g.skeleton, g::skeletonFile, srcDir, model);
    }

    /** The engine's source. */
    public static String engineSource(StateModel model, String pkg) {
        return new ClientGenerator(model, pkg).engineFile().toString();
    }

    /** The API's source. */
    public static String apiSource(StateModel model, String pkg) {
        return new ClientGenerator(model, pkg).apiFile().toString();
    }

    private static String methodWire(StateModel.Method m) {
        return m.name().trim().toUpperCase(Locale.ROOT);
    }

    // ---- the engine ----

    private JavaFile engineFile() {
        TypeSpec.Builder cls = TypeSpec.classBuilder(engine).addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
                .superclass(ParameterizedTypeName.get(CLIENT_ENGINE, message))
                .addJavadoc("$L: the client state machine of {@code $L}, generated by zmq4j-codegen; regenerate rather"
                        + " than edit. Your {@code $L} implements the actions; {@link $T} is the API.\n",
                        JavaGenerator.javadoc(model.title().isEmpty() ? model.name() : model.title()),
                        model.file().getFileName(), skeleton.simpleName(), api);
        machine.addTables(cls);
        CodeBlock.Builder fields = CodeBlock.builder().add("$T.ofEntries(", MAP);
        boolean first = true;
        for (StateModel.Method m : model.methods()) {
            CodeBlock.Builder names = CodeBlock.builder().add("$T.of(", LIST);
            for (int i = 0; i < m.fields().size(); i++) {
                names.add(i == 0 ? "$S" : ", $S", m.fields().get(i).name());
            }
            fields.add(first ? "\n$T.entry($S, $L)" : ",\n$T.entry($S, $L)", MAP, methodWire(m), names.add(")").build());
            first = false;
        }
        cls.addField(FieldSpec.builder(ParameterizedTypeName.get(MAP, STRING, ParameterizedTypeName.get(LIST, STRING)),
                "METHOD_FIELDS", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer(fields.add(")").build()).build());

        TypeSpec.Builder ev = TypeSpec.enumBuilder(eventEnum).addModifiers(Modifier.PUBLIC)
                .addJavadoc("The model's events: protocol messages from the server, API methods, internal events.\n");
        for (StateModel.Event e : model.events()) {
            ev.addEnumConstant(eventConstants.get(e.name()));
        }
        cls.addType(ev.build());
        cls.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PROTECTED)
                .addStatement("super($S, STATE_NAMES, EVENT_NAMES, EXTERNAL, $L, METHOD_FIELDS)", model.name(),
                        machine.expiredEvent())
                .build());
        cls.addMethod(MethodSpec.methodBuilder("decode").addAnnotation(Override.class)
                .addModifiers(Modifier.PROTECTED, Modifier.FINAL).returns(message).addParameter(MSG, "msg")
                .addStatement("return $T.decode(msg)", codec).build());
        cls.addMethod(MethodSpec.methodBuilder("encode").addAnnotation(Override.class)
                .addModifiers(Modifier.PROTECTED, Modifier.FINAL).returns(MSG).addParameter(message, "message")
                .addStatement("return message.encode()").build());
        cls.addMethod(machine.eventOf(message));
        CodeBlock.Builder methodEvent = CodeBlock.builder().beginControlFlow("switch (method)");
        for (StateModel.Method m : model.methods()) {
            StateModel.Event e = model.event(m.name());
            if (e != null) {
                methodEvent.add("case $S:\n", methodWire(m)).indent()
                        .addStatement("return Event.$L.ordinal()", eventConstants.get(e.name())).unindent();
            }
        }
        methodEvent.add("default:\n").indent().addStatement("return NO_EVENT").unindent().endControlFlow();
        cls.addMethod(MethodSpec.methodBuilder("methodEvent").addAnnotation(Override.class)
                .addModifiers(Modifier.PROTECTED, Modifier.FINAL).returns(TypeName.INT).addParameter(STRING, "method")
                .addCode(methodEvent.build()).build());

        machine.addMachine(cls, null, null);

        for (Map.Entry<String, String> a : actionMethods.entrySet()) {
            cls.addMethod(MethodSpec.methodBuilder(a.getValue()).addModifiers(Modifier.PROTECTED, Modifier.ABSTRACT)
                    .addJavadoc("Action {@code $L}.\n", JavaGenerator.javadoc(a.getKey())).build());
        }
        Map<String, String> classes = JavaGenerator.messageClassNames(model.protocol());
        for (Map.Entry<String, String> s : sendMethods.entrySet()) {
            ClassName mc = codec.nestedClass(classes.get(s.getKey()));
            cls.addMethod(MethodSpec.methodBuilder(s.getValue()).addModifiers(Modifier.PROTECTED).returns(mc)
                    .addJavadoc("The {@code $L} message {@code send} actions send; override to fill its fields.\n",
                            s.getKey())
                    .addStatement("return $T.builder().build()", mc).build());
        }
        for (StateModel.ArgField f : argFields.values()) {
            TypeName t = argType(f, model.file());
            String getter = t.equals(STRING) ? "argString" : t.equals(TypeName.LONG) ? "argNumber"
                    : t.equals(BYTES) ? "argFrame" : "argMsg";
            cls.addMethod(MethodSpec.methodBuilder("arg" + Names.typeName(f.name()))
                    .addModifiers(Modifier.PROTECTED, Modifier.FINAL).returns(t)
                    .addJavadoc("Argument {@code $L} of the API method being handled.\n", JavaGenerator.javadoc(f.name()))
                    .addStatement("return $L($S)", getter, f.name()).build());
        }
        for (StateModel.Reply r : model.replies()) {
            MethodSpec.Builder rm = MethodSpec.methodBuilder("reply" + replyClasses.get(r.name()))
                    .addModifiers(Modifier.PROTECTED, Modifier.FINAL)
                    .addJavadoc("Sends the API the reply (or signal) {@code $L}.\n", r.name());
            CodeBlock.Builder argsList = CodeBlock.builder();
            for (StateModel.ArgField f : r.fields()) {
                String p = Names.memberName(f.name());
                rm.addParameter(argType(f, model.file()), p);
                argsList.add(", $N", p);
            }
            cls.addMethod(rm.addStatement("sendReply($S$L)", r.name(), argsList.build()).build());
        }
        cls.addMethod(MethodSpec.methodBuilder("setNextEvent").addModifiers(Modifier.PROTECTED, Modifier.FINAL)
                .addParameter(eventEnum, "event").addStatement("setNextEvent(event.ordinal())").build());
        cls.addMethod(MethodSpec.methodBuilder("raise").addModifiers(Modifier.PROTECTED, Modifier.FINAL)
                .addParameter(eventEnum, "event").addStatement("raise(event.ordinal())").build());
        cls.addMethod(MethodSpec.methodBuilder("setWakeupEvent").addModifiers(Modifier.PROTECTED, Modifier.FINAL)
                .addParameter(DURATION, "delay").addParameter(eventEnum, "event")
                .addStatement("setWakeupEvent(delay, event.ordinal())").build());
        return JavaFile.builder(engine.packageName(), cls.build())
                .addFileComment("Generated by zmq4j-codegen from $L. Do not edit: change the model and regenerate.",
                        model.file().getFileName())
                .indent("    ").skipJavaLangImports(true).build();
    }

    // ---- the API ----

    private JavaFile apiFile() {
        TypeSpec.Builder cls = TypeSpec.classBuilder(api).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(AutoCloseable.class);
        StateModel.Method ctor = null;
        StateModel.Method dtor = null;
        for (StateModel.Method m : model.methods()) {
            if (StateModelReader.key(m.name()).equals("constructor")) {
                ctor = m;
            } else if (StateModelReader.key(m.name()).equals("destructor")) {
                dtor = m;
            }
        }
        StringBuilder example = new StringBuilder();
        example.append("try (").append(api.simpleName()).append(" client = new ").append(api.simpleName())
                .append("(ctx");
        if (ctor != null) {
            for (StateModel.ArgField f : ctor.fields()) {
                example.append(", ").append(Names.memberName(f.name()));
            }
        }
        example.append(")) {\n    ...\n}");
        cls.addJavadoc("$L: the API of the client generated from {@code $L}; regenerate rather than edit.\n\n"
                + "<p>Each method sends a command to the client's actor, where the model's state machine"
                + " ({@link $T}, actions in {@code $L}) runs it; methods the model gives replies to wait for one."
                + "\n\n<pre>{@code\n$L\n}</pre>\n",
                JavaGenerator.javadoc(model.title().isEmpty() ? model.name() : model.title()),
                model.file().getFileName(), engine, skeleton.simpleName(), example.toString());

        // Replies.
        TypeSpec.Builder replyIface = TypeSpec.interfaceBuilder(replyType).addModifiers(Modifier.PUBLIC)
                .addJavadoc("A reply or signal from the client's actions.\n");
        if (!replyClasses.isEmpty()) {
            replyIface.addModifiers(Modifier.SEALED);
            for (String rc : replyClasses.values()) {
                replyIface.addPermittedSubclass(api.nestedClass(rc));
            }
        }
        cls.addType(replyIface.build());
        for (StateModel.Reply r : model.replies()) {
            TypeSpec.Builder rec = TypeSpec.recordBuilder(api.nestedClass(replyClasses.get(r.name())))
                    .addModifiers(Modifier.PUBLIC).addSuperinterface(replyType)
                    .addJavadoc("Reply {@code $L}.\n", r.name());
            MethodSpec.Builder comps = MethodSpec.constructorBuilder();
            for (StateModel.ArgField f : r.fields()) {
                comps.addParameter(argType(f, model.file()), Names.memberName(f.name()));
            }
            cls.addType(rec.recordConstructor(comps.build()).build());
        }

        cls.addField(ACTOR, "actor", Modifier.PRIVATE, Modifier.FINAL);
        cls.addField(FieldSpec.builder(ParameterizedTypeName.get(ARRAY_DEQUE, message), "messages",
                Modifier.PRIVATE, Modifier.FINAL).initializer("new $T<>()", ARRAY_DEQUE).build());
        cls.addField(FieldSpec.builder(ParameterizedTypeName.get(ARRAY_DEQUE, replyType), "signals",
                Modifier.PRIVATE, Modifier.FINAL).initializer("new $T<>()", ARRAY_DEQUE).build());
        cls.addField(replyType, "constructorReply", Modifier.PRIVATE, Modifier.FINAL);

        MethodSpec.Builder c1 = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                .addJavadoc("Starts the client with the actions of {@code $L}$L.\n", skeleton.simpleName(),
                        ctor == null ? "" : " and runs the model's constructor method")
                .addParameter(CONTEXT, "context");
        MethodSpec.Builder c2 = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                .addJavadoc("Starts the client with {@code engine}'s actions$L.\n",
                        ctor == null ? "" : " and runs the model's constructor method")
                .addParameter(CONTEXT, "context").addParameter(engine, "engine");
        CodeBlock.Builder ctorArgs = CodeBlock.builder();
        if (ctor != null) {
            for (StateModel.ArgField f : ctor.fields()) {
                String p = param(f);
                c1.addParameter(argType(f, model.file()), p);
                c2.addParameter(argType(f, model.file()), p);
                ctorArgs.add(", $N", p);
            }
        }
        c1.addStatement("this(context, new $T()$L)", skeleton, ctorArgs.build());
        c2.addStatement("this.actor = $T.start(context, $S, engine)", ACTOR, model.name());
        if (ctor != null) {
            c2.addStatement("$T command = $L", MSG, commandOf(ctor));
            if (ctor.accepts().isEmpty()) {
                c2.addStatement("actor.send(command)").addStatement("this.constructorReply = null");
            } else {
                c2.addStatement("this.constructorReply = call(null, command, $L)", acceptSet(ctor));
            }
        } else {
            c2.addStatement("this.constructorReply = null");
        }
        cls.addMethod(c1.build());
        cls.addMethod(c2.build());
        cls.addMethod(MethodSpec.methodBuilder("constructorReply").addModifiers(Modifier.PUBLIC).returns(replyType)
                .addJavadoc("The reply the constructor method got, or null when it waits for none.\n")
                .addStatement("return constructorReply").build());

        Set<String> taken = new HashSet<>(API_RESERVED);
        for (StateModel.Method m : model.methods()) {
            if (m == ctor || m == dtor) {
                continue;
            }
            String jn = Names.memberName(m.name());
            if (taken.contains(jn)) {
                jn = jn + "Method";
            }
            if (!taken.add(jn)) {
                throw new ModelException(model.file(), m.line(), "method '" + m.name() + "' maps to Java method " + jn
                        + ", which another method has");
            }
            String doc = m.doc().isEmpty() ? "Method {@code " + m.name() + "}." : JavaGenerator.javadoc(m.doc());
            MethodSpec.Builder b = MethodSpec.methodBuilder(jn).addModifiers(Modifier.PUBLIC).addJavadoc("$L\n", doc);
            for (StateModel.ArgField f : m.fields()) {
                b.addParameter(argType(f, model.file()), param(f));
            }
            if (m.accepts().isEmpty()) {
                cls.addMethod(b.addStatement("actor.send($L)", commandOf(m)).build());
            } else {
                cls.addMethod(b.returns(replyType)
                        .addJavadoc("\n@return the reply ($L), waiting for it as long as it takes\n",
                                String.join(" or ", m.accepts()))
                        .addStatement("return call(null, $L, $L)", commandOf(m), acceptSet(m)).build());
                MethodSpec.Builder timed = MethodSpec.methodBuilder(jn).addModifiers(Modifier.PUBLIC).returns(replyType)
                        .addJavadoc("$L\n\n@return the reply ($L), or null if none came {@code within} that time\n",
                                doc, String.join(" or ", m.accepts()))
                        .addParameter(DURATION, "within");
                for (StateModel.ArgField f : m.fields()) {
                    timed.addParameter(argType(f, model.file()), param(f));
                }
                cls.addMethod(timed.addStatement("return call(within, $L, $L)", commandOf(m), acceptSet(m)).build());
            }
        }

        cls.addMethod(MethodSpec.methodBuilder("recv").addModifiers(Modifier.PUBLIC).returns(message)
                .addJavadoc("The next protocol message the actions delivered, waiting as long as it takes.\n\n"
                        + "@throws IllegalStateException if the client's actor has ended\n")
                .addStatement("return recv(null)").build());
        cls.addMethod(MethodSpec.methodBuilder("recv").addModifiers(Modifier.PUBLIC).returns(message)
                .addJavadoc("The next protocol message the actions delivered, or null if none came within"
                        + " {@code timeout} (null: wait as long as it takes).\n\n"
                        + "@throws IllegalStateException if the client's actor has ended\n")
                .addParameter(DURATION, "timeout")
                .addStatement("long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos()")
                .beginControlFlow("while (messages.isEmpty())")
                .addStatement("$T m = next(timeout == null, deadline)", MSG)
                .beginControlFlow("if (m == null)").addStatement("return null").endControlFlow()
                .addStatement("take(m)")
                .endControlFlow()
                .addStatement("return messages.poll()").build());
        cls.addMethod(MethodSpec.methodBuilder("signal").addModifiers(Modifier.PUBLIC).returns(replyType)
                .addJavadoc("The next reply no method call was waiting for (a signal), or null if none came within"
                        + " {@code timeout}.\n\n@throws IllegalStateException if the client's actor has ended\n")
                .addParameter(DURATION, "timeout")
                .addStatement("long deadline = System.nanoTime() + timeout.toNanos()")
                .beginControlFlow("while (signals.isEmpty())")
                .addStatement("$T m = next(false, deadline)", MSG)
                .beginControlFlow("if (m == null)").addStatement("return null").endControlFlow()
                .addStatement("take(m)")
                .endControlFlow()
                .addStatement("return signals.poll()").build());
        cls.addMethod(MethodSpec.methodBuilder("next").addModifiers(Modifier.PRIVATE).returns(MSG)
                .addJavadoc("The next message from the actor, or null at the deadline; waits in short slices so"
                        + " that an actor that ended (its model terminated, or an action failed) ends the wait.\n")
                .addParameter(TypeName.BOOLEAN, "forever").addParameter(TypeName.LONG, "deadline")
                .beginControlFlow("while (true)")
                .addStatement("long slice = $L", 100_000_000L)
                .beginControlFlow("if (!forever)")
                .addStatement("long left = deadline - System.nanoTime()")
                .beginControlFlow("if (left <= 0)").addStatement("return null").endControlFlow()
                .addStatement("slice = Math.min(slice, left)")
                .endControlFlow()
                .addStatement("$T m = actor.recv($T.ofNanos(slice))", MSG, DURATION)
                .beginControlFlow("if (m != null)").addStatement("return m").endControlFlow()
                .beginControlFlow("if (!actor.isAlive())")
                .addStatement("m = actor.recv($T.ZERO)", DURATION)
                .beginControlFlow("if (m != null)").addStatement("return m").endControlFlow()
                .addStatement("throw new IllegalStateException($S + (actor.failure() == null ? $S : $S + actor.failure()))",
                        "the client's actor has ended", "", ": ")
                .endControlFlow()
                .endControlFlow().build());
        cls.addMethod(MethodSpec.methodBuilder("verbose").addModifiers(Modifier.PUBLIC)
                .addJavadoc("Traces the client's events and actions.\n").addStatement("actor.send($S)", "VERBOSE").build());
        cls.addMethod(MethodSpec.methodBuilder("actor").addModifiers(Modifier.PUBLIC).returns(ACTOR)
                .addJavadoc("The actor, for polling its pipe with other sockets.\n").addStatement("return actor").build());
        MethodSpec.Builder close = MethodSpec.methodBuilder("close").addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("Runs the model's destructor method (if any, waiting up to a second for its reply), then"
                        + " ends the actor.\n");
        if (dtor != null) {
            close.beginControlFlow("if (actor.isAlive())");
            if (dtor.accepts().isEmpty()) {
                close.addStatement("actor.send($L)", commandOf(dtor));
            } else {
                close.addStatement("call($T.ofSeconds(1), $L, $L)", DURATION, commandOf(dtor), acceptSet(dtor));
            }
            close.endControlFlow();
        }
        cls.addMethod(close.addStatement("actor.close()").build());

        // call, take, parse
        cls.addMethod(MethodSpec.methodBuilder("call").addModifiers(Modifier.PRIVATE).returns(replyType)
                .addParameter(DURATION, "timeout").addParameter(MSG, "command")
                .addParameter(ParameterizedTypeName.get(SET, STRING), "accepts")
                .addStatement("actor.send(command)")
                .addStatement("long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos()")
                .beginControlFlow("while (true)")
                .addStatement("$T m = next(timeout == null, deadline)", MSG)
                .beginControlFlow("if (m == null)").addStatement("return null").endControlFlow()
                .beginControlFlow("if (accepts.contains(m.string(0)))").addStatement("return parse(m)").endControlFlow()
                .addStatement("take(m)")
                .endControlFlow().build());
        cls.addMethod(MethodSpec.methodBuilder("take").addModifiers(Modifier.PRIVATE).addParameter(MSG, "m")
                .beginControlFlow("if (m.string(0).equals($S))", "$MSG")
                .addStatement("messages.add($T.decode(m.drop(1)))", codec)
                .nextControlFlow("else")
                .addStatement("$T r = parse(m)", replyType)
                .beginControlFlow("if (r != null)").addStatement("signals.add(r)").endControlFlow()
                .endControlFlow().build());
        cls.addMethod(MethodSpec.methodBuilder("command").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(MSG).addParameter(STRING, "name").addParameter(Object[].class, "values").varargs()
                .addStatement("$T<byte[]> frames = new $T<>()", LIST, ARRAY_LIST)
                .addStatement("frames.add(name.getBytes($T.UTF_8))", UTF8)
                .beginControlFlow("for (Object v : values)")
                .beginControlFlow("if (v instanceof byte[])").addStatement("frames.add((byte[]) v)")
                .nextControlFlow("else if (v instanceof $T)", LIST)
                .beginControlFlow("for (Object f : ($T<?>) v)", LIST).addStatement("frames.add((byte[]) f)").endControlFlow()
                .nextControlFlow("else").addStatement("frames.add(String.valueOf(v).getBytes($T.UTF_8))", UTF8)
                .endControlFlow()
                .endControlFlow()
                .addStatement("return $T.of(frames)", MSG).build());
        MethodSpec.Builder parse = MethodSpec.methodBuilder("parse").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(replyType).addParameter(MSG, "m").beginControlFlow("switch (m.string(0))");
        for (StateModel.Reply r : model.replies()) {
            CodeBlock.Builder args = CodeBlock.builder();
            for (int i = 0; i < r.fields().size(); i++) {
                StateModel.ArgField f = r.fields().get(i);
                TypeName t = argType(f, model.file());
                if (i > 0) {
                    args.add(", ");
                }
                int frame = i + 1;
                if (t.equals(STRING)) {
                    args.add("m.string($L)", frame);
                } else if (t.equals(TypeName.LONG)) {
                    args.add("Long.parseLong(m.string($L).trim())", frame);
                } else if (t.equals(BYTES)) {
                    args.add("m.frame($L)", frame);
                } else {
                    args.add("$T.copyOf(m.frames().subList($L, m.size()))", LIST, frame);
                }
            }
            parse.addCode("case $S:\n", r.name()).addCode(CodeBlock.builder().indent()
                    .addStatement("return new $T($L)", api.nestedClass(replyClasses.get(r.name())), args.build())
                    .unindent().build());
        }
        parse.addCode("default:\n").addCode(CodeBlock.builder().indent().addStatement("return null").unindent().build())
                .endControlFlow();
        cls.addMethod(parse.build());
        return JavaFile.builder(api.packageName(), cls.build())
                .addFileComment("Generated by zmq4j-codegen from $L. Do not edit: change the model and regenerate.",
                        model.file().getFileName())
                .indent("    ").skipJavaLangImports(true).build();
    }

    /** An API parameter name for a method field, clear of the names the API's own code uses. */
    private static String param(StateModel.ArgField f) {
        String n = Names.memberName(f.name());
        return Set.of("context", "engine", "within", "command").contains(n) ? n + "Arg" : n;
    }

    private CodeBlock acceptSet(StateModel.Method m) {
        CodeBlock.Builder b = CodeBlock.builder().add("$T.of(", SET);
        for (int i = 0; i < m.accepts().size(); i++) {
            b.add(i == 0 ? "$S" : ", $S", m.accepts().get(i));
        }
        return b.add(")").build();
    }

    /** The pipe command for a call of {@code m}: its name, then each argument as frames. */
    private CodeBlock commandOf(StateModel.Method m) {
        CodeBlock.Builder b = CodeBlock.builder().add("command($S", methodWire(m));
        for (StateModel.ArgField f : m.fields()) {
            b.add(", $N", param(f));
        }
        return b.add(")").build();
    }

    private JavaFile skeletonFile() {
        TypeSpec.Builder cls = TypeSpec.classBuilder(skeleton).addModifiers(Modifier.PUBLIC).superclass(engine)
                .addJavadoc("$L: the client's actions for {@code $L}.\n\n<p>Generated once by zmq4j-codegen as a"
                        + " starting point and never overwritten: this file is yours. The state machine is in {@link"
                        + " $T}, the API in {@link $T}.\n",
                        JavaGenerator.javadoc(model.title().isEmpty() ? model.name() : model.title()),
                        model.file().getFileName(), engine, api);
        cls.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC).build());
        for (String m : actionMethods.values()) {
            cls.addMethod(MethodSpec.methodBuilder(m).addAnnotation(Override.class).addModifiers(Modifier.PROTECTED)
                    .addComment("TODO").build());
        }
        return JavaFile.builder(skeleton.packageName(), cls.build()).indent("    ").skipJavaLangImports(true).build();
    }
}
