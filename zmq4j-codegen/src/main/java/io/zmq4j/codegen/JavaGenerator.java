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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Writes the Java codec for a zproto model: one final class per protocol holding a sealed
 * {@code Message} interface and one immutable value class per message, each with a builder,
 * accessors, {@code equals}/{@code hashCode}/{@code toString}, and {@code encode} to / {@code
 * decode} from {@link io.zmq4j.Msg} frames, byte-compatible with zproto's C codec.
 *
 * <pre>{@code
 * ProtoModel model = ModelReader.read(Path.of("src/main/zproto/zproto_example.xml"));
 * Path file = JavaGenerator.write(model, "com.example.proto", Path.of("target/generated-sources/zproto"));
 * }</pre>
 */
public final class JavaGenerator {
    private static final ClassName MSG = ClassName.get("io.zmq4j", "Msg");
    private static final ClassName CODEC_WRITER = ClassName.get("io.zmq4j.proto", "CodecWriter");
    private static final ClassName CODEC_READER = ClassName.get("io.zmq4j.proto", "CodecReader");
    private static final ClassName FIELD_CHECK = ClassName.get("io.zmq4j.proto", "FieldCheck");
    private static final ClassName VALUES = ClassName.get("io.zmq4j.proto", "Values");
    private static final ClassName PROTO_SOCKET = ClassName.get("io.zmq4j.proto", "ProtoSocket");
    private static final ClassName PROTOCOL_EXCEPTION = ClassName.get("io.zmq4j.proto", "ProtocolException");
    private static final ClassName LIST = ClassName.get(List.class);
    private static final ClassName MAP = ClassName.get(Map.class);
    private static final ClassName UUID = ClassName.get(java.util.UUID.class);
    private static final ClassName ARRAYS = ClassName.get(java.util.Arrays.class);
    private static final ClassName OBJECTS = ClassName.get(java.util.Objects.class);
    private static final ClassName STRING = ClassName.get(String.class);
    private static final TypeName BYTES = ArrayTypeName.of(TypeName.BYTE);
    private static final TypeName FRAMES = ParameterizedTypeName.get(LIST, BYTES);
    private static final TypeName STRING_LIST = ParameterizedTypeName.get(LIST, STRING);
    private static final TypeName STRING_MAP = ParameterizedTypeName.get(MAP, STRING, STRING);

    /** Method names every message class has; a field may not take them. */
    private static final Set<String> RESERVED_MEMBERS = Set.of("messageId", "messageName", "routingId",
            "withRoutingId", "encode", "send", "toBuilder", "builder", "build", "equals", "hashCode", "toString",
            "getClass", "notify", "notifyAll", "wait", "clone", "finalize");

    private final ProtoModel model;
    private final ClassName outer;
    private final ClassName messageType;

    private JavaGenerator(ProtoModel model, String packageName) {
        this.model = model;
        this.outer = ClassName.get(packageName, Names.typeName(model.name()));
        this.messageType = outer.nestedClass("Message");
    }

    /** The generated source file for {@code model} in package {@code packageName}. */
    static JavaFile generate(ProtoModel model, String packageName) {
        return new JavaGenerator(model, packageName).file();
    }

    /** The generated source as text. */
    public static String source(ProtoModel model, String packageName) {
        return generate(model, packageName).toString();
    }

    /** Writes the generated source under {@code outDir} (package directories created) and returns its path. */
    public static Path write(ProtoModel model, String packageName, Path outDir) {
        try {
            return generate(model, packageName).writeToPath(outDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write generated code for " + model.file() + " to " + outDir, e);
        }
    }

    /** The Java class name the generator gives the protocol. */
    public static String className(ProtoModel model) {
        return Names.typeName(model.name());
    }

    /** The Java class name of a message within the protocol class. */
    public static Map<String, String> messageClassNames(ProtoModel model) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        Set<String> taken = new HashSet<>(Set.of(className(model), "Message"));
        for (ProtoModel.Message m : model.messages()) {
            String n = Names.typeName(m.name());
            if (taken.contains(n) || n.equals("Builder")) {
                n = n + "Msg";
            }
            if (!taken.add(n)) {
                throw new ModelException(model.file(), m.line(), "message '" + m.name() + "' maps to Java class " + n
                        + ", which another message already has");
            }
            out.put(m.name(), n);
        }
        return out;
    }

    /** The Java member (accessor and builder method) name of each field of {@code m}. */
    public static Map<String, String> memberNames(ProtoModel model, ProtoModel.Message m) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        for (ProtoModel.Field f : m.fields()) {
            String n = Names.avoid(Names.memberName(f.name()), RESERVED_MEMBERS, "_");
            if (!taken.add(n)) {
                throw new ModelException(model.file(), f.line(), "field '" + f.name() + "' maps to Java name " + n
                        + ", which another field of '" + m.name() + "' already has");
            }
            out.put(f.name(), n);
        }
        return out;
    }

    // ---- per-field facts ----

    private static final class F {
        final ProtoModel.Field f;
        final String member;
        final String constant;
        final TypeName type;

        F(ProtoModel.Field f, String member, String constant) {
            this.f = f;
            this.member = member;
            this.constant = constant;
            this.type = javaType(f);
        }

        String name() {
            return f.name();
        }

        FieldType kind() {
            return f.type();
        }
    }

    static TypeName javaType(ProtoModel.Field f) {
        switch (f.type()) {
            case NUMBER: return f.size() <= 2 ? TypeName.INT : TypeName.LONG;
            case OCTETS: case CHUNK: case FRAME: return BYTES;
            case STRING: case LONGSTR: return STRING;
            case STRINGS: return STRING_LIST;
            case HASH: return STRING_MAP;
            case UUID: return UUID;
            case MSG: return FRAMES;
            default: throw new AssertionError(f.type());
        }
    }

    private List<F> fields(ProtoModel.Message m) {
        Map<String, String> members = memberNames(model, m);
        List<F> out = new ArrayList<>();
        Set<String> constants = new HashSet<>(Set.of("ID", "NAME"));
        for (ProtoModel.Field f : m.fields()) {
            String constant = null;
            if (f.isConstant()) {
                constant = Names.avoid(Names.constantName(f.name()), constants, "_VALUE");
                constants.add(constant);
            }
            out.add(new F(f, members.get(f.name()), constant));
        }
        return out;
    }

    private static CodeBlock numberLiteral(String value, int size) {
        long v = ModelReader.parseUnsigned(value, size);
        if (size <= 2) {
            return CodeBlock.of("$L", v);
        }
        return v >= 0 ? CodeBlock.of("$LL", v) : CodeBlock.of("0x$LL", Long.toHexString(v).toUpperCase());
    }

    private static CodeBlock constantValue(F f) {
        return f.kind() == FieldType.NUMBER ? numberLiteral(f.f.value(), f.f.size()) : CodeBlock.of("$S", f.f.value());
    }

    private static CodeBlock defaultValue(F f) {
        String d = f.f.defaultValue();
        switch (f.kind()) {
            case NUMBER: return d == null ? CodeBlock.of(f.f.size() <= 2 ? "0" : "0L") : numberLiteral(d, f.f.size());
            case STRING: case LONGSTR: return CodeBlock.of("$S", d == null ? "" : d);
            case OCTETS: return CodeBlock.of("new byte[$L]", f.f.size());
            case CHUNK: case FRAME: return CodeBlock.of("new byte[0]");
            case STRINGS: case MSG: return CodeBlock.of("$T.of()", LIST);
            case HASH: return CodeBlock.of("$T.of()", MAP);
            case UUID: return CodeBlock.of("new $T(0L, 0L)", UUID);
            default: throw new AssertionError(f.kind());
        }
    }

    /** Text from the model made safe for a javadoc comment. */
    static String javadoc(String text) {
        String s = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("*/", "*&#47;").replace("@", "&#64;").replace("\\", "&#92;");
        return s.replace("\n\n", "\n\n<p>");
    }

    private static String typeDescription(ProtoModel.Field f) {
        String t = f.type().zprotoName();
        if (f.type() == FieldType.NUMBER || f.type() == FieldType.OCTETS) {
            t += " " + f.size();
        }
        return t;
    }

    // ---- the file ----

    private JavaFile file() {
        TypeSpec.Builder cls = TypeSpec.classBuilder(outer)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL);
        StringBuilder doc = new StringBuilder();
        doc.append(model.title().isEmpty() ? model.name() : model.title()).append('.');
        if (!model.doc().isEmpty()) {
            doc.append("\n\n").append(model.doc());
        }
        cls.addJavadoc("$L\n\n", javadoc(doc.toString()));
        String first = messageClassNames(model).values().iterator().next();
        cls.addJavadoc("<p>Codec for the zproto protocol {@code $L}, generated from {@code $L} by zmq4j-codegen;"
                + " regenerate rather than edit.\n\n<pre>{@code\n"
                + "$L.Message m = $L.decode(msg);             // or recv(protoSocket)\n"
                + "if (m instanceof $L.$L) {\n"
                + "    Msg frames = (($L.$L) m).toBuilder().build().encode();\n"
                + "}\n}</pre>\n",
                model.name(), model.file().getFileName(), outer.simpleName(), outer.simpleName(),
                outer.simpleName(), first, outer.simpleName(), first);

        Set<String> outerConstants = new HashSet<>(Set.of("PROTOCOL", "SIGNATURE"));
        cls.addField(FieldSpec.builder(STRING, "PROTOCOL", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The protocol's name in its model.\n").initializer("$S", model.name()).build());
        cls.addField(FieldSpec.builder(TypeName.INT, "SIGNATURE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("First two bytes of every message: 0xAAA0 | signature $L.\n", model.signature())
                .initializer("0x$L", String.format("%04X", model.signatureWord())).build());
        for (Map.Entry<String, String> d : model.defines().entrySet()) {
            String name = Names.avoid(Names.constantName(d.getKey()), outerConstants, "_DEFINE");
            if (!outerConstants.add(name)) {
                continue; // two defines with one Java name: the first wins, as a C #define redefinition would warn
            }
            Long number = ModelReader.parseUnsigned(d.getValue(), 8);
            FieldSpec.Builder fs;
            if (number != null && number >= 0 && number <= Integer.MAX_VALUE) {
                fs = FieldSpec.builder(TypeName.INT, name).initializer("$L", number);
            } else if (number != null) {
                fs = FieldSpec.builder(TypeName.LONG, name).initializer("$LL", number);
            } else {
                fs = FieldSpec.builder(STRING, name).initializer("$S", d.getValue());
            }
            cls.addField(fs.addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("Define {@code $L} from the model.\n", javadoc(d.getKey())).build());
        }
        cls.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());

        Map<String, String> classNames = messageClassNames(model);
        cls.addType(messageInterface(classNames));
        cls.addMethod(decodeMethods().get(0));
        cls.addMethod(decodeMethods().get(1));
        cls.addMethod(MethodSpec.methodBuilder("recv")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addJavadoc("Receives one message from {@code socket} and decodes it, taking the routing id"
                        + " first on a ROUTER.\n\n@return the message, or null if the socket returned none\n"
                        + "@throws $T if the message does not follow the protocol; the socket stays usable\n",
                        PROTOCOL_EXCEPTION)
                .returns(messageType)
                .addParameter(PROTO_SOCKET, "socket")
                .addStatement("$T msg = socket.recv()", MSG)
                .addStatement("return msg == null ? null : decode(msg, socket.router())")
                .build());
        for (ProtoModel.Message m : model.messages()) {
            cls.addType(messageClass(m, outer.nestedClass(classNames.get(m.name()))));
        }
        return JavaFile.builder(outer.packageName(), cls.build())
                .addFileComment("Generated by zmq4j-codegen from $L. Do not edit: change the model and regenerate.",
                        model.file().getFileName())
                .indent("    ")
                .skipJavaLangImports(true)
                .build();
    }

    private TypeSpec messageInterface(Map<String, String> classNames) {
        TypeSpec.Builder b = TypeSpec.interfaceBuilder(messageType)
                .addModifiers(Modifier.PUBLIC, Modifier.SEALED)
                .addJavadoc("Any message of the protocol; switch on the concrete class or on {@link #messageId()}.\n");
        for (String n : classNames.values()) {
            b.addPermittedSubclass(outer.nestedClass(n));
        }
        b.addMethod(MethodSpec.methodBuilder("messageId").addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
                .addJavadoc("The message id byte.\n").returns(TypeName.INT).build());
        b.addMethod(MethodSpec.methodBuilder("messageName").addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
                .addJavadoc("The message name as written in the model.\n").returns(STRING).build());
        b.addMethod(MethodSpec.methodBuilder("routingId").addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
                .addJavadoc("The peer's routing id (a copy) when received on or bound for a ROUTER, else null.\n")
                .returns(BYTES).build());
        b.addMethod(MethodSpec.methodBuilder("withRoutingId").addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
                .addJavadoc("This message addressed to the ROUTER peer {@code routingId} (null: none).\n")
                .addParameter(BYTES, "routingId").returns(messageType).build());
        b.addMethod(MethodSpec.methodBuilder("encode").addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
                .addJavadoc("The message's frames, without a routing id.\n").returns(MSG).build());
        b.addMethod(MethodSpec.methodBuilder("encode").addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
                .addJavadoc("The message's frames, led by the routing id if {@code router}.\n\n"
                        + "@throws IllegalStateException if {@code router} and no routing id is set\n")
                .addParameter(TypeName.BOOLEAN, "router").returns(MSG).build());
        b.addMethod(MethodSpec.methodBuilder("send").addModifiers(Modifier.PUBLIC, Modifier.DEFAULT)
                .addJavadoc("Encodes this message and sends it on {@code socket}, with the routing id on a ROUTER.\n")
                .addParameter(PROTO_SOCKET, "socket")
                .addStatement("socket.send(encode(socket.router()))").build());
        return b.build();
    }

    private List<MethodSpec> decodeMethods() {
        MethodSpec plain = MethodSpec.methodBuilder("decode")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addJavadoc("Decodes a message received on any socket but a ROUTER.\n\n"
                        + "@throws $T naming the field, if {@code msg} does not follow the protocol\n",
                        PROTOCOL_EXCEPTION)
                .returns(messageType)
                .addParameter(MSG, "msg")
                .addStatement("return decode(msg, false)")
                .build();
        CodeBlock.Builder body = CodeBlock.builder()
                .addStatement("$T routingId = null", BYTES)
                .addStatement("int first = 0")
                .beginControlFlow("if (router)")
                .beginControlFlow("if (msg.size() < 2)")
                .addStatement("throw new $T(PROTOCOL, null, $S, $S)", PROTOCOL_EXCEPTION, "routing id",
                        "a message on a ROUTER needs a routing id frame and a body frame")
                .endControlFlow()
                .addStatement("routingId = msg.frame(0)")
                .addStatement("first = 1")
                .endControlFlow()
                .addStatement("$T r = new $T(PROTOCOL, msg.frame(first))", CODEC_READER, CODEC_READER)
                .addStatement("r.signature(SIGNATURE)")
                .addStatement("int id = r.id()")
                .beginControlFlow("switch (id)");
        Map<String, String> classNames = messageClassNames(model);
        for (ProtoModel.Message m : model.messages()) {
            body.add("case $L:\n", m.id()).indent()
                    .addStatement("return $L.decode(r, msg, first + 1, routingId)", classNames.get(m.name()))
                    .unindent();
        }
        body.add("default:\n").indent()
                .addStatement("throw r.error($S, $S + id)", "id", "unknown message id ")
                .unindent()
                .endControlFlow();
        MethodSpec routed = MethodSpec.methodBuilder("decode")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addJavadoc("Decodes a message; on a ROUTER ({@code router} true) the first frame is the sender's"
                        + " routing id, kept in the result's {@code routingId()}.\n\n"
                        + "<p>Nothing is built unless the whole message is well-formed: trailing bytes in the body"
                        + " frame are ignored, as zproto's C codec does; a missing or extra frame is an error.\n\n"
                        + "@throws $T naming the field, if {@code msg} does not follow the protocol\n",
                        PROTOCOL_EXCEPTION)
                .returns(messageType)
                .addParameter(MSG, "msg")
                .addParameter(TypeName.BOOLEAN, "router")
                .addCode(body.build())
                .build();
        return List.of(plain, routed);
    }

    // ---- one message ----

    private TypeSpec messageClass(ProtoModel.Message m, ClassName self) {
        List<F> fields = fields(m);
        List<F> values = new ArrayList<>();
        for (F f : fields) {
            if (f.constant == null) {
                values.add(f);
            }
        }
        ClassName builder = self.nestedClass("Builder");
        TypeSpec.Builder cls = TypeSpec.classBuilder(self)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addSuperinterface(messageType);
        String mdoc = m.doc().isEmpty() ? "" : javadoc(m.doc()) + "\n\n";
        cls.addJavadoc("$L message (id $L).\n\n$L<pre>{@code\n$L.$L m = $L.$L.builder()", m.name(), m.id(), mdoc,
                outer.simpleName(), self.simpleName(), outer.simpleName(), self.simpleName());
        for (F f : values.subList(0, Math.min(2, values.size()))) {
            cls.addJavadoc("\n        .$L(...)", f.member);
        }
        cls.addJavadoc("\n        .build();\n$T frames = m.encode();\n}</pre>\n", MSG);

        cls.addField(FieldSpec.builder(TypeName.INT, "ID", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The message id.\n").initializer("$L", m.id()).build());
        cls.addField(FieldSpec.builder(STRING, "NAME", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The message name in the model.\n").initializer("$S", m.name()).build());
        for (F f : fields) {
            if (f.constant != null) {
                cls.addField(FieldSpec.builder(f.type, f.constant, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("Constant value of field {@code $L}, sent in every message and checked on"
                                + " decode.\n", f.name())
                        .initializer(constantValue(f)).build());
            }
        }
        cls.addField(BYTES, "routingId", Modifier.PRIVATE, Modifier.FINAL);
        for (F f : values) {
            cls.addField(f.type, f.member, Modifier.PRIVATE, Modifier.FINAL);
        }

        // Constructor: takes ownership, so callers have copied and checked already.
        MethodSpec.Builder ctor = MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE)
                .addParameter(BYTES, "routingId").addStatement("this.routingId = routingId");
        for (F f : values) {
            ctor.addParameter(f.type, f.member).addStatement("this.$N = $N", f.member, f.member);
        }
        cls.addMethod(ctor.build());
        String allArgs = argList(values, "");

        cls.addMethod(MethodSpec.methodBuilder("builder").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addJavadoc("A builder with every field at its default: zero, empty, or the model's default.\n")
                .returns(builder).addStatement("return new $T()", builder).build());
        MethodSpec.Builder toBuilder = MethodSpec.methodBuilder("toBuilder").addModifiers(Modifier.PUBLIC)
                .addJavadoc("A builder holding this message's values, to change some of them.\n")
                .returns(builder)
                .addStatement("$T b = new $T()", builder, builder)
                .addStatement("b.routingId = routingId");
        for (F f : values) {
            toBuilder.addStatement("b.$N = $N", f.member, f.member);
        }
        cls.addMethod(toBuilder.addStatement("return b").build());

        for (F f : fields) {
            MethodSpec.Builder acc = MethodSpec.methodBuilder(f.member).addModifiers(Modifier.PUBLIC)
                    .returns(f.type);
            String fdoc = f.f.doc().isEmpty() ? f.name() : javadoc(f.f.doc());
            acc.addJavadoc("$L\n\n<p>Field {@code $L}, zproto type {@code $L}$L.\n", fdoc, f.name(),
                    typeDescription(f.f), f.constant != null ? ", always {@link #" + f.constant + "}" : "");
            if (f.constant != null) {
                acc.addStatement("return $N", f.constant);
            } else if (f.type.equals(BYTES)) {
                acc.addJavadoc("A copy: the message stays immutable.\n").addStatement("return $N.clone()", f.member);
            } else {
                acc.addStatement("return $N", f.member);
            }
            cls.addMethod(acc.build());
        }

        cls.addMethod(MethodSpec.methodBuilder("messageId").addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC).returns(TypeName.INT).addStatement("return ID").build());
        cls.addMethod(MethodSpec.methodBuilder("messageName").addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC).returns(STRING).addStatement("return NAME").build());
        cls.addMethod(MethodSpec.methodBuilder("routingId").addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC).returns(BYTES)
                .addStatement("return routingId == null ? null : routingId.clone()").build());
        cls.addMethod(MethodSpec.methodBuilder("withRoutingId").addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC).returns(self).addParameter(BYTES, "routingId")
                .addStatement("return new $T(routingId == null ? null : routingId.clone()$L)", self, allArgs)
                .build());
        cls.addMethod(MethodSpec.methodBuilder("encode").addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC).returns(MSG).addStatement("return encode(false)").build());
        cls.addMethod(encodeMethod(m, fields));
        cls.addMethod(decodeMethod(m, self, fields, values));
        cls.addMethod(equalsMethod(self, values));
        cls.addMethod(hashCodeMethod(values));
        cls.addMethod(toStringMethod(m, fields));
        cls.addType(builderClass(m, self, builder, values));
        return cls.build();
    }

    private static String argList(List<F> values, String prefix) {
        StringBuilder sb = new StringBuilder();
        for (F f : values) {
            sb.append(", ").append(prefix).append(f.member);
        }
        return sb.toString();
    }

    private MethodSpec encodeMethod(ProtoModel.Message m, List<F> fields) {
        CodeBlock.Builder c = CodeBlock.builder();
        c.beginControlFlow("if (router && routingId == null)")
                .addStatement("throw new $T($S)", IllegalStateException.class,
                        m.name() + ": a ROUTER needs a routing id to send to; set one with withRoutingId")
                .endControlFlow();
        int fixed = 3;
        List<CodeBlock> variable = new ArrayList<>();
        for (F f : fields) {
            String v = f.constant != null ? f.constant : f.member;
            switch (f.kind()) {
                case NUMBER: case OCTETS: fixed += f.f.size(); break;
                case UUID: fixed += 16; break;
                case STRING: variable.add(CodeBlock.of("$T.stringSize($N)", CODEC_WRITER, v)); break;
                case LONGSTR: variable.add(CodeBlock.of("$T.longstrSize($N)", CODEC_WRITER, v)); break;
                case STRINGS: variable.add(CodeBlock.of("$T.stringsSize($N)", CODEC_WRITER, v)); break;
                case HASH: variable.add(CodeBlock.of("$T.hashSize($N)", CODEC_WRITER, v)); break;
                case CHUNK: variable.add(CodeBlock.of("$T.chunkSize($N)", CODEC_WRITER, v)); break;
                default: break;
            }
        }
        CodeBlock.Builder size = CodeBlock.builder().add("int _size = $L", fixed);
        for (CodeBlock v : variable) {
            size.add("\n        + $L", v);
        }
        c.addStatement("$L", size.build());
        c.addStatement("$T _w = new $T(_size)", CODEC_WRITER, CODEC_WRITER);
        c.addStatement("_w.putNumber2($T.SIGNATURE)", outer);
        c.addStatement("_w.putNumber1(ID)");
        int frameFields = 0;
        F msgField = null;
        for (F f : fields) {
            String v = f.constant != null ? f.constant : f.member;
            switch (f.kind()) {
                case NUMBER: c.addStatement("_w.putNumber$L($N)", f.f.size(), v); break;
                case OCTETS: c.addStatement("_w.putOctets($N)", v); break;
                case STRING: c.addStatement("_w.putString($N)", v); break;
                case LONGSTR: c.addStatement("_w.putLongstr($N)", v); break;
                case STRINGS: c.addStatement("_w.putStrings($N)", v); break;
                case HASH: c.addStatement("_w.putHash($N)", v); break;
                case CHUNK: c.addStatement("_w.putChunk($N)", v); break;
                case UUID: c.addStatement("_w.putUuid($N)", v); break;
                case FRAME: frameFields++; break;
                case MSG: msgField = f; break;
                default: throw new AssertionError(f.kind());
            }
        }
        c.add("// The body frame, then frame fields in order, then a msg field's frames: zproto's layout.\n");
        c.addStatement("byte[][] _frames = new byte[(router ? 2 : 1) + $L$L][]", frameFields,
                msgField == null ? "" : " + " + msgField.member + ".size()");
        c.addStatement("int _i = 0");
        c.beginControlFlow("if (router)").addStatement("_frames[_i++] = routingId").endControlFlow();
        c.addStatement("_frames[_i++] = _w.array()");
        for (F f : fields) {
            if (f.kind() == FieldType.FRAME) {
                c.addStatement("_frames[_i++] = $N", f.member);
            }
        }
        if (msgField != null) {
            c.beginControlFlow("for (byte[] _f : $N)", msgField.member).addStatement("_frames[_i++] = _f")
                    .endControlFlow();
        }
        c.addStatement("return $T.of(_frames)", MSG);
        return MethodSpec.methodBuilder("encode").addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC).returns(MSG).addParameter(TypeName.BOOLEAN, "router")
                .addCode(c.build()).build();
    }

    private MethodSpec decodeMethod(ProtoModel.Message m, ClassName self, List<F> fields, List<F> values) {
        CodeBlock.Builder c = CodeBlock.builder();
        c.addStatement("_r.message(NAME)");
        boolean hasMsg = false;
        for (F f : fields) {
            String n = f.name();
            if (f.constant != null) {
                if (f.kind() == FieldType.NUMBER) {
                    c.addStatement("_r.expectNumber($S, $L, $N)", n, f.f.size(), f.constant);
                } else {
                    c.addStatement("_r.expectString($S, $N)", n, f.constant);
                }
                continue;
            }
            switch (f.kind()) {
                case NUMBER:
                    c.addStatement("$T $N = _r.number$L($S)", f.type, f.member, f.f.size(), n);
                    break;
                case OCTETS: c.addStatement("$T $N = _r.octets($S, $L)", f.type, f.member, n, f.f.size()); break;
                case STRING: c.addStatement("$T $N = _r.string($S)", f.type, f.member, n); break;
                case LONGSTR: c.addStatement("$T $N = _r.longstr($S)", f.type, f.member, n); break;
                case STRINGS: c.addStatement("$T $N = _r.strings($S)", f.type, f.member, n); break;
                case HASH: c.addStatement("$T $N = _r.hash($S)", f.type, f.member, n); break;
                case CHUNK: c.addStatement("$T $N = _r.chunk($S)", f.type, f.member, n); break;
                case UUID: c.addStatement("$T $N = _r.uuid($S)", f.type, f.member, n); break;
                case FRAME: c.addStatement("$T $N = _r.frame(_msg, _next++, $S)", f.type, f.member, n); break;
                case MSG:
                    hasMsg = true;
                    c.addStatement("$T $N = _r.rest(_msg, _next)", f.type, f.member);
                    break;
                default: throw new AssertionError(f.kind());
            }
        }
        if (!hasMsg) {
            c.addStatement("_r.end(_msg, _next)");
        }
        StringBuilder args = new StringBuilder();
        for (F f : values) {
            args.append(", ").append(f.member);
        }
        c.addStatement("return new $T(_rid$L)", self, args);
        return MethodSpec.methodBuilder("decode").addModifiers(Modifier.STATIC).returns(self)
                .addParameter(CODEC_READER, "_r").addParameter(MSG, "_msg").addParameter(TypeName.INT, "_next")
                .addParameter(BYTES, "_rid").addCode(c.build()).build();
    }

    private static MethodSpec equalsMethod(ClassName self, List<F> values) {
        CodeBlock.Builder c = CodeBlock.builder()
                .beginControlFlow("if (this == o)").addStatement("return true").endControlFlow()
                .beginControlFlow("if (!(o instanceof $T))", self).addStatement("return false").endControlFlow()
                .addStatement("$T that = ($T) o", self, self);
        CodeBlock.Builder expr = CodeBlock.builder().add("return $T.equals(routingId, that.routingId)", ARRAYS);
        for (F f : values) {
            if (f.type.isPrimitive()) {
                expr.add("\n        && $N == that.$N", f.member, f.member);
            } else if (f.type.equals(BYTES)) {
                expr.add("\n        && $T.equals($N, that.$N)", ARRAYS, f.member, f.member);
            } else if (f.kind() == FieldType.MSG) {
                expr.add("\n        && $T.framesEqual($N, that.$N)", VALUES, f.member, f.member);
            } else {
                expr.add("\n        && $N.equals(that.$N)", f.member, f.member);
            }
        }
        c.addStatement("$L", expr.build());
        return MethodSpec.methodBuilder("equals").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(TypeName.BOOLEAN).addParameter(Object.class, "o").addCode(c.build()).build();
    }

    private static MethodSpec hashCodeMethod(List<F> values) {
        CodeBlock.Builder c = CodeBlock.builder().addStatement("int h = ID * 31 + $T.hashCode(routingId)", ARRAYS);
        for (F f : values) {
            if (f.type.equals(TypeName.INT)) {
                c.addStatement("h = 31 * h + $N", f.member);
            } else if (f.type.equals(TypeName.LONG)) {
                c.addStatement("h = 31 * h + Long.hashCode($N)", f.member);
            } else if (f.type.equals(BYTES)) {
                c.addStatement("h = 31 * h + $T.hashCode($N)", ARRAYS, f.member);
            } else if (f.kind() == FieldType.MSG) {
                c.addStatement("h = 31 * h + $T.framesHash($N)", VALUES, f.member);
            } else {
                c.addStatement("h = 31 * h + $N.hashCode()", f.member);
            }
        }
        c.addStatement("return h");
        return MethodSpec.methodBuilder("hashCode").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(TypeName.INT).addCode(c.build()).build();
    }

    private static MethodSpec toStringMethod(ProtoModel.Message m, List<F> fields) {
        CodeBlock.Builder c = CodeBlock.builder()
                .addStatement("$T sb = new $T($S)", StringBuilder.class, StringBuilder.class, m.name() + "{");
        c.beginControlFlow("if (routingId != null)")
                .addStatement("sb.append($S).append($T.hex(routingId)).append($S)", "routingId=", VALUES, ", ")
                .endControlFlow();
        boolean first = true;
        for (F f : fields) {
            String v = f.constant != null ? f.constant : f.member;
            String label = (first ? "" : ", ") + f.member + "=";
            first = false;
            switch (f.kind()) {
                case NUMBER:
                    if (f.f.size() == 8) {
                        c.addStatement("sb.append($S).append(Long.toUnsignedString($N))", label, v);
                    } else {
                        c.addStatement("sb.append($S).append($N)", label, v);
                    }
                    break;
                case STRING: case LONGSTR:
                    c.addStatement("sb.append($S).append('\"').append($N).append('\"')", label, v);
                    break;
                case OCTETS: case CHUNK: case FRAME:
                    c.addStatement("sb.append($S).append($T.hex($N))", label, VALUES, v);
                    break;
                case MSG:
                    c.addStatement("sb.append($S).append($T.framesToString($N))", label, VALUES, v);
                    break;
                default:
                    c.addStatement("sb.append($S).append($N)", label, v);
            }
        }
        c.addStatement("return sb.append('}').toString()");
        return MethodSpec.methodBuilder("toString").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(STRING).addCode(c.build()).build();
    }

    private TypeSpec builderClass(ProtoModel.Message m, ClassName self, ClassName builder, List<F> values) {
        TypeSpec.Builder b = TypeSpec.classBuilder(builder)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Builds a {@link $T}; each setter checks its value fits the wire format and throws"
                        + " {@link IllegalArgumentException} naming the field if not.\n", self);
        b.addField(FieldSpec.builder(BYTES, "routingId", Modifier.PRIVATE).build());
        for (F f : values) {
            b.addField(FieldSpec.builder(f.type, f.member, Modifier.PRIVATE).initializer(defaultValue(f)).build());
        }
        b.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        b.addMethod(MethodSpec.methodBuilder("routingId").addModifiers(Modifier.PUBLIC).returns(builder)
                .addJavadoc("The ROUTER peer to send to (copied); null for none.\n")
                .addParameter(BYTES, "routingId")
                .addStatement("this.routingId = routingId == null ? null : routingId.clone()")
                .addStatement("return this").build());
        for (F f : values) {
            String n = f.name();
            CodeBlock check;
            switch (f.kind()) {
                case NUMBER:
                    check = f.f.size() == 8 ? CodeBlock.of("$N", f.member)
                            : CodeBlock.of("$T.number($S, $L, $N)", FIELD_CHECK, n, f.f.size(), f.member);
                    break;
                case OCTETS: check = CodeBlock.of("$T.octets($S, $L, $N)", FIELD_CHECK, n, f.f.size(), f.member); break;
                case STRING: check = CodeBlock.of("$T.string($S, $N)", FIELD_CHECK, n, f.member); break;
                case LONGSTR: check = CodeBlock.of("$T.longstr($S, $N)", FIELD_CHECK, n, f.member); break;
                case STRINGS: check = CodeBlock.of("$T.strings($S, $N)", FIELD_CHECK, n, f.member); break;
                case HASH: check = CodeBlock.of("$T.hash($S, $N)", FIELD_CHECK, n, f.member); break;
                case CHUNK: case FRAME: check = CodeBlock.of("$T.bytes($S, $N)", FIELD_CHECK, n, f.member); break;
                case UUID: check = CodeBlock.of("$T.requireNonNull($N, $S)", OBJECTS, f.member, n); break;
                case MSG: check = CodeBlock.of("$T.frames($S, $N)", FIELD_CHECK, n, f.member); break;
                default: throw new AssertionError(f.kind());
            }
            String fdoc = f.f.doc().isEmpty() ? n : javadoc(f.f.doc());
            b.addMethod(MethodSpec.methodBuilder(f.member).addModifiers(Modifier.PUBLIC).returns(builder)
                    .addJavadoc("$L ({@code $L}).\n", fdoc, typeDescription(f.f))
                    .addParameter(f.type, f.member)
                    .addStatement("this.$N = $L", f.member, check)
                    .addStatement("return this").build());
        }
        b.addMethod(MethodSpec.methodBuilder("build").addModifiers(Modifier.PUBLIC).returns(self)
                .addJavadoc("The message; the builder may be reused.\n")
                .addStatement("return new $T(routingId$L)", self, argList(values, "")).build());
        return b.build();
    }
}
