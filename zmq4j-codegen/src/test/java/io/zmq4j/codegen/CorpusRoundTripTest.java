package io.zmq4j.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zmq4j.Msg;
import io.zmq4j.proto.CodecWriter;
import io.zmq4j.proto.Values;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Our own model and every codec model of the third-party corpus generate Java that compiles
 * (with -Werror), and every message survives encode then decode for random values of its
 * declared field types. The same
 * values given to {@link JsonCodec} must produce the very same frames, so the generated code
 * and the dynamic codec check each other.
 */
class CorpusRoundTripTest {
    private static final long SEED = 0x5EED_2026L;
    private static final int SAMPLES = 60;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Generated and compiled once per set of models (ours, the corpus): loader and models. */
    record Compiled(ClassLoader loader, List<ProtoModel> models) {}

    private static final Map<String, Compiled> COMPILED = new java.util.HashMap<>();

    static synchronized Compiled generateAndCompile(String set, List<Path> files) throws IOException {
        Compiled done = COMPILED.get(set);
        if (done != null) {
            return done;
        }
        Path base = Path.of("target", set + "-codecs").toAbsolutePath();
        Path src = base.resolve("src");
        if (Files.exists(base)) {
            try (Stream<Path> old = Files.walk(base)) {
                old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        List<ProtoModel> models = new ArrayList<>();
        for (Path file : files) {
            ProtoModel m = ModelReader.read(file);
            models.add(m);
            JavaGenerator.write(m, packageOf(m), src);
        }
        done = new Compiled(TestCompiler.compile(src, base.resolve("classes")), models);
        COMPILED.put(set, done);
        return done;
    }

    static String packageOf(ProtoModel m) {
        return "corpus." + m.name().toLowerCase().replaceAll("[^a-z0-9]", "_");
    }

    @Test
    void corpusHoldsTheThirteenCodecModelsTheReadmeLists() {
        // zproto_example, example_peer_msg, mlm_proto, zre_msg, zgossip_msg, fmq_msg, zpipes_msg,
        // mdp_msg, mdp_client_msg, mdp_worker_msg, xrap_msg (v1), xrap_traffic, hydra_proto
        assertEquals(13, ModelCorpus.codecModels().size(), ModelCorpus.codecModels().toString());
    }

    @TestFactory
    Stream<DynamicNode> everyMessageOfOurOwnModelRoundTrips() throws IOException {
        return roundTrips(generateAndCompile("own", List.of(ModelCorpus.TELEMETRY)));
    }

    @TestFactory
    @EnabledIf(value = ModelCorpus.PRESENT, disabledReason = ModelCorpus.SKIPPED)
    Stream<DynamicNode> everyMessageOfEveryCorpusCodecModelRoundTrips() throws IOException {
        return roundTrips(generateAndCompile("corpus", ModelCorpus.codecModels()));
    }

    private static Stream<DynamicNode> roundTrips(Compiled compiled) {
        return compiled.models().stream().map(m -> DynamicContainer.dynamicContainer(m.name(),
                m.messages().stream().map(msg -> DynamicTest.dynamicTest(msg.name() + " (id " + msg.id() + ")",
                        () -> roundTrip(compiled.loader(), m, msg)))));
    }

    private static void roundTrip(ClassLoader loader, ProtoModel model, ProtoModel.Message message) throws Exception {
        Class<?> outer = loader.loadClass(packageOf(model) + "." + JavaGenerator.className(model));
        String simple = JavaGenerator.messageClassNames(model).get(message.name());
        Class<?> cls = loader.loadClass(outer.getName() + "$" + simple);
        Map<String, String> members = JavaGenerator.memberNames(model, message);
        Method decode = outer.getMethod("decode", Msg.class, boolean.class);
        JsonCodec json = new JsonCodec(model);
        Random random = new Random(SEED ^ (model.name().hashCode() * 31L + message.id()));

        for (int sample = 0; sample < SAMPLES; sample++) {
            Object builder = cls.getMethod("builder").invoke(null);
            ObjectNode jsonFields = NODES.objectNode();
            for (ProtoModel.Field f : message.fields()) {
                if (f.isConstant()) {
                    continue;
                }
                Object value = randomValue(f, random, sample);
                Method setter = builder.getClass().getMethod(members.get(f.name()), javaClass(f));
                setter.invoke(builder, value);
                jsonFields.set(f.name(), toJson(f, value));
            }
            Object built = builder.getClass().getMethod("build").invoke(builder);
            Msg encoded = (Msg) cls.getMethod("encode").invoke(built);
            Object decoded = invoke(decode, encoded, false);
            assertEquals(built, decoded, "decode(encode(x)) must equal x");
            assertEquals(built.hashCode(), decoded.hashCode());
            assertEquals(built.toString(), decoded.toString());
            assertTrue(built.toString().startsWith(message.name() + "{"), built.toString());

            // ROUTER: the routing id travels as the first frame and comes back on decode.
            byte[] rid = new byte[1 + random.nextInt(8)];
            random.nextBytes(rid);
            Object routed = cls.getMethod("withRoutingId", byte[].class).invoke(built, (Object) rid);
            Msg routedMsg = (Msg) cls.getMethod("encode", boolean.class).invoke(routed, true);
            assertArrayEquals(rid, routedMsg.frame(0));
            assertEquals(routed, invoke(decode, routedMsg, true));
            assertFalse(routed.equals(built), "the routing id is part of the value");

            // The dynamic codec agrees byte for byte, and decodes back to the same JSON.
            ObjectNode line = NODES.objectNode().put("message", message.name());
            line.set("fields", jsonFields);
            List<byte[]> viaJson = json.encode(line);
            assertEquals(encoded.size(), viaJson.size(), "frame count");
            for (int i = 0; i < viaJson.size(); i++) {
                assertArrayEquals(encoded.frame(i), viaJson.get(i), "frame " + i);
            }
            ObjectNode back = json.decode(viaJson);
            for (ProtoModel.Field f : message.fields()) {
                if (!f.isConstant()) {
                    assertEquals(jsonFields.get(f.name()).toString(), back.get("fields").get(f.name()).toString(),
                            f.name());
                }
            }
        }
    }

    private static Object invoke(Method m, Object... args) throws Exception {
        try {
            return m.invoke(null, args);
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }

    private static Class<?> javaClass(ProtoModel.Field f) {
        switch (f.type()) {
            case NUMBER: return f.size() <= 2 ? int.class : long.class;
            case OCTETS: case CHUNK: case FRAME: return byte[].class;
            case STRING: case LONGSTR: return String.class;
            case STRINGS: case MSG: return List.class;
            case HASH: return Map.class;
            case UUID: return UUID.class;
            default: throw new AssertionError(f.type());
        }
    }

    /** Random values of the declared type; the first samples are the edges (zero, empty, maximum). */
    static Object randomValue(ProtoModel.Field f, Random r, int sample) {
        boolean min = sample == 0;
        boolean max = sample == 1;
        switch (f.type()) {
            case NUMBER:
                switch (f.size()) {
                    case 1: return min ? 0 : max ? 255 : r.nextInt(256);
                    case 2: return min ? 0 : max ? 65535 : r.nextInt(65536);
                    case 4: return min ? 0L : max ? 0xFFFFFFFFL : r.nextLong() & 0xFFFFFFFFL;
                    default: return min ? 0L : max ? -1L : r.nextLong();
                }
            case STRING: return min ? "" : text(r, max ? 255 : r.nextInt(80));
            case LONGSTR: return min ? "" : text(r, max ? 3000 : r.nextInt(400));
            case STRINGS: {
                List<String> list = new ArrayList<>();
                for (int i = min ? 0 : r.nextInt(5); i > 0; i--) {
                    list.add(text(r, r.nextInt(40)));
                }
                return list;
            }
            case HASH: {
                Map<String, String> map = new LinkedHashMap<>();
                for (int i = min ? 0 : r.nextInt(5); i > 0; i--) {
                    map.put(text(r, 1 + r.nextInt(20)), text(r, r.nextInt(60)));
                }
                return map;
            }
            case OCTETS: return bytes(r, f.size());
            case CHUNK: return bytes(r, min ? 0 : r.nextInt(300));
            case FRAME: return bytes(r, min ? 0 : r.nextInt(64));
            case UUID: return min ? new UUID(0, 0) : new UUID(r.nextLong(), r.nextLong());
            case MSG: {
                List<byte[]> frames = new ArrayList<>();
                for (int i = min ? 0 : r.nextInt(4); i > 0; i--) {
                    frames.add(bytes(r, r.nextInt(32)));
                }
                return frames;
            }
            default: throw new AssertionError(f.type());
        }
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    /** Text of at most {@code maxUtf8} UTF-8 bytes mixing ASCII, 2-, 3- and 4-byte characters; no NUL. */
    private static String text(Random r, int maxUtf8) {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int cp;
            switch (r.nextInt(4)) {
                case 0: cp = 0x20 + r.nextInt(0x5F); break;
                case 1: cp = 0x80 + r.nextInt(0x780); break;
                case 2: cp = 0x800 + r.nextInt(0xD000 - 0x800); break;
                default: cp = 0x10000 + r.nextInt(0x10000); break;
            }
            String next = sb.toString() + new String(Character.toChars(cp));
            if (CodecWriter.utf8Length(next) > maxUtf8) {
                return sb.toString();
            }
            sb.appendCodePoint(cp);
        }
    }

    @SuppressWarnings("unchecked")
    private static com.fasterxml.jackson.databind.JsonNode toJson(ProtoModel.Field f, Object v) {
        switch (f.type()) {
            case NUMBER: {
                long x = ((Number) v).longValue();
                return x >= 0 ? NODES.numberNode(x) : NODES.numberNode(new BigInteger(Long.toUnsignedString(x)));
            }
            case STRING: case LONGSTR: return NODES.textNode((String) v);
            case STRINGS: {
                ArrayNode a = NODES.arrayNode();
                ((List<String>) v).forEach(a::add);
                return a;
            }
            case HASH: {
                ObjectNode o = NODES.objectNode();
                ((Map<String, String>) v).forEach(o::put);
                return o;
            }
            case OCTETS: case CHUNK: case FRAME: return NODES.textNode(Values.hex((byte[]) v));
            case UUID: return NODES.textNode(v.toString().replace("-", ""));
            case MSG: {
                ArrayNode a = NODES.arrayNode();
                ((List<byte[]>) v).forEach(b -> a.add(Values.hex(b)));
                return a;
            }
            default: throw new AssertionError(f.type());
        }
    }
}
