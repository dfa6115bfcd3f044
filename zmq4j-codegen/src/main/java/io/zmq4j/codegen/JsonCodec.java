package io.zmq4j.codegen;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zmq4j.Msg;
import io.zmq4j.proto.CodecReader;
import io.zmq4j.proto.CodecWriter;
import io.zmq4j.proto.FieldCheck;
import io.zmq4j.proto.ProtocolException;
import io.zmq4j.proto.Values;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Encodes and decodes messages of a zproto model given as JSON, working on the parsed model
 * directly (no generated code): the engine behind {@code zmq4j codec encode|decode}.
 *
 * <p>A message is {@code {"message": NAME, "fields": {FIELD: VALUE, ...}}} with names as written
 * in the model (a custom type's fields by their flattened name, {@code "client forename"}).
 * Numbers are JSON integers (unsigned, up to 2^64-1); string and longstr JSON strings; strings an
 * array of strings; hash an object of strings; octets, chunk, uuid and frame lower-case hex; msg
 * an array of hex frames. A field left out takes its default; constants need not be given. The
 * encoded form is a JSON array of hex frames, without a routing id.
 *
 * <pre>{@code
 * JsonCodec codec = new JsonCodec(ModelReader.read(Path.of("zproto_example.xml")));
 * codec.encodeLine("{\"message\":\"LOG\",\"fields\":{\"level\":2}}");  // ["aaa00100000003020000...", ...]
 * int exit = codec.run(stdin, stdout, JsonCodec.Mode.DECODE);           // 0 all ok, 1 some line failed
 * }</pre>
 */
public final class JsonCodec {
    /** Which way {@link #run} converts. */
    public enum Mode { ENCODE, DECODE }

    /** A line that could not be converted; the message names the message, the field and the problem. */
    public static final class CodecException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public CodecException(String message) {
            super(message);
        }
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private final ProtoModel model;
    private final ObjectMapper mapper = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public JsonCodec(ProtoModel model) {
        this.model = model;
    }

    /**
     * Converts each non-blank line of {@code in} and writes one line to {@code out} per input
     * line: the result or {@code {"error": "..."}}.
     *
     * @return 0 when every line converted, 1 when any failed (the CLI's exit status)
     */
    public int run(BufferedReader in, Writer out, Mode mode) {
        int status = 0;
        try {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                String result;
                try {
                    result = mode == Mode.ENCODE ? encodeLine(line) : decodeLine(line);
                } catch (CodecException | ProtocolException e) {
                    result = errorJson(e.getMessage());
                    status = 1;
                }
                out.write(result);
                out.write('\n');
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return status;
    }

    /** {@code {"error": message}} as one line of JSON. */
    public String errorJson(String message) {
        ObjectNode err = NODES.objectNode().put("error", message);
        return err.toString();
    }

    /** One JSON message line to a JSON array of hex frames. */
    public String encodeLine(String line) {
        List<byte[]> frames = encode(parse(line));
        ArrayNode arr = NODES.arrayNode();
        for (byte[] f : frames) {
            arr.add(Values.hex(f));
        }
        return arr.toString();
    }

    /** One JSON array of hex frames to a JSON message line. */
    public String decodeLine(String line) {
        JsonNode node = parse(line);
        if (!node.isArray() || node.isEmpty()) {
            throw new CodecException("expected a JSON array of one or more hex strings, one per frame");
        }
        List<byte[]> frames = new ArrayList<>(node.size());
        int i = 0;
        for (JsonNode f : node) {
            if (!f.isTextual()) {
                throw new CodecException("frame " + i + " is not a hex string");
            }
            try {
                frames.add(Values.unhex(f.textValue()));
            } catch (IllegalArgumentException e) {
                throw new CodecException("frame " + i + ": " + e.getMessage());
            }
            i++;
        }
        return decode(frames).toString();
    }

    private JsonNode parse(String line) {
        try {
            return mapper.readTree(line);
        } catch (JsonProcessingException e) {
            throw new CodecException("not valid JSON: " + e.getOriginalMessage());
        }
    }

    // ---- encode ----

    /** Encodes {@code {"message": NAME, "fields": {...}}} to frames. */
    public List<byte[]> encode(JsonNode json) {
        if (!json.isObject() || !json.path("message").isTextual()) {
            throw new CodecException("expected {\"message\": NAME, \"fields\": {...}}");
        }
        String name = json.get("message").textValue();
        ProtoModel.Message m = model.message(name);
        if (m == null) {
            throw new CodecException("unknown message '" + name + "' in " + model.name());
        }
        JsonNode fields = json.path("fields");
        if (fields.isMissingNode() || fields.isNull()) {
            fields = NODES.objectNode();
        }
        if (!fields.isObject()) {
            throw new CodecException(name + ": \"fields\" must be an object");
        }
        for (Iterator<String> it = fields.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (m.field(f) == null) {
                throw new CodecException(name + ": unknown field '" + f + "'");
            }
        }
        CodecWriter w = new CodecWriter(64);
        w.putNumber2(model.signatureWord());
        w.putNumber1(m.id());
        List<byte[]> extra = new ArrayList<>();
        for (ProtoModel.Field f : m.fields()) {
            JsonNode v = fields.get(f.name());
            try {
                put(w, extra, f, v);
            } catch (IllegalArgumentException e) {
                String msg = e.getMessage();
                String prefix = "field '" + f.name() + "': ";
                throw new CodecException(name + ": " + (msg.startsWith(prefix) ? msg : prefix + msg));
            }
        }
        List<byte[]> out = new ArrayList<>(1 + extra.size());
        out.add(w.array());
        out.addAll(extra);
        return out;
    }

    private static void put(CodecWriter w, List<byte[]> extra, ProtoModel.Field f, JsonNode v) {
        boolean missing = v == null || v.isNull();
        String n = f.name();
        switch (f.type()) {
            case NUMBER: {
                long constant = f.isConstant() ? ModelReader.parseUnsigned(f.value(), f.size()) : 0;
                long x;
                if (missing) {
                    x = f.isConstant() ? constant
                            : f.defaultValue() != null ? ModelReader.parseUnsigned(f.defaultValue(), f.size()) : 0;
                } else {
                    x = number(f, v);
                    if (f.isConstant() && x != constant) {
                        throw new IllegalArgumentException("constant is " + f.value() + ", not " + v);
                    }
                }
                switch (f.size()) {
                    case 1: w.putNumber1((int) x); break;
                    case 2: w.putNumber2((int) x); break;
                    case 4: w.putNumber4(x); break;
                    default: w.putNumber8(x);
                }
                break;
            }
            case STRING: {
                String s = missing ? (f.isConstant() ? f.value() : f.defaultValue() == null ? "" : f.defaultValue())
                        : text(v);
                if (f.isConstant() && !s.equals(f.value())) {
                    throw new IllegalArgumentException("constant is \"" + f.value() + "\", not \"" + s + '"');
                }
                w.putString(FieldCheck.string(n, s));
                break;
            }
            case LONGSTR:
                w.putLongstr(FieldCheck.longstr(n, missing ? (f.defaultValue() == null ? "" : f.defaultValue())
                        : text(v)));
                break;
            case STRINGS: {
                List<String> list = new ArrayList<>();
                if (!missing) {
                    if (!v.isArray()) {
                        throw new IllegalArgumentException("expected an array of strings");
                    }
                    for (JsonNode e : v) {
                        list.add(text(e));
                    }
                }
                w.putStrings(FieldCheck.strings(n, list));
                break;
            }
            case HASH: {
                Map<String, String> map = new LinkedHashMap<>();
                if (!missing) {
                    if (!v.isObject()) {
                        throw new IllegalArgumentException("expected an object of strings");
                    }
                    for (Map.Entry<String, JsonNode> e : v.properties()) {
                        map.put(e.getKey(), text(e.getValue()));
                    }
                }
                w.putHash(FieldCheck.hash(n, map));
                break;
            }
            case OCTETS:
                w.putOctets(missing ? new byte[f.size()] : FieldCheck.octets(n, f.size(), hex(v)));
                break;
            case CHUNK:
                w.putChunk(missing ? new byte[0] : hex(v));
                break;
            case UUID: {
                byte[] b = missing ? new byte[16] : hex(v.isTextual() ? NODES.textNode(v.textValue().replace("-", "")) : v);
                if (b.length != 16) {
                    throw new IllegalArgumentException("uuid must be 16 bytes (32 hex digits), not " + b.length);
                }
                w.putOctets(b);
                break;
            }
            case FRAME:
                extra.add(missing ? new byte[0] : hex(v));
                break;
            case MSG:
                if (!missing) {
                    if (!v.isArray()) {
                        throw new IllegalArgumentException("expected an array of hex frames");
                    }
                    for (JsonNode e : v) {
                        extra.add(hex(e));
                    }
                }
                break;
            default:
                throw new AssertionError(f.type());
        }
    }

    private static long number(ProtoModel.Field f, JsonNode v) {
        if (!v.isIntegralNumber()) {
            throw new IllegalArgumentException("expected an unsigned integer, got " + v);
        }
        BigInteger b = v.bigIntegerValue();
        if (b.signum() < 0 || b.bitLength() > f.size() * 8) {
            throw new IllegalArgumentException(b + " does not fit an unsigned " + f.size() + "-byte number");
        }
        return b.longValue();
    }

    private static String text(JsonNode v) {
        if (!v.isTextual()) {
            throw new IllegalArgumentException("expected a string, got " + v);
        }
        return v.textValue();
    }

    private static byte[] hex(JsonNode v) {
        if (!v.isTextual()) {
            throw new IllegalArgumentException("expected a hex string, got " + v);
        }
        return Values.unhex(v.textValue());
    }

    // ---- decode ----

    /**
     * Decodes frames (no routing id) to {@code {"message": NAME, "fields": {...}}}, every field
     * included, constants too.
     *
     * @throws ProtocolException naming the message and field if the frames do not follow the model
     */
    public ObjectNode decode(List<byte[]> frames) {
        if (frames.isEmpty()) {
            throw new CodecException("a message has at least one frame");
        }
        Msg msg = Msg.of(frames);
        CodecReader r = new CodecReader(model.name(), msg.frame(0));
        r.signature(model.signatureWord());
        int id = r.id();
        ProtoModel.Message m = model.message(id);
        if (m == null) {
            throw r.error("id", "unknown message id " + id);
        }
        r.message(m.name());
        ObjectNode fields = NODES.objectNode();
        int next = 1;
        boolean rest = false;
        for (ProtoModel.Field f : m.fields()) {
            String n = f.name();
            switch (f.type()) {
                case NUMBER: {
                    long x = r.number(n, f.size());
                    if (f.isConstant() && x != ModelReader.parseUnsigned(f.value(), f.size())) {
                        throw r.error(n, "constant is " + Long.toUnsignedString(x) + ", expected " + f.value());
                    }
                    if (x < 0) {
                        fields.put(n, new BigInteger(Long.toUnsignedString(x)));
                    } else {
                        fields.put(n, x);
                    }
                    break;
                }
                case STRING:
                    if (f.isConstant()) {
                        r.expectString(n, f.value());
                        fields.put(n, f.value());
                    } else {
                        fields.put(n, r.string(n));
                    }
                    break;
                case LONGSTR: fields.put(n, r.longstr(n)); break;
                case STRINGS: {
                    ArrayNode a = fields.putArray(n);
                    r.strings(n).forEach(a::add);
                    break;
                }
                case HASH: {
                    ObjectNode o = fields.putObject(n);
                    r.hash(n).forEach(o::put);
                    break;
                }
                case OCTETS: fields.put(n, Values.hex(r.octets(n, f.size()))); break;
                case CHUNK: fields.put(n, Values.hex(r.chunk(n))); break;
                case UUID: {
                    UUID u = r.uuid(n);
                    fields.put(n, u.toString().replace("-", ""));
                    break;
                }
                case FRAME: fields.put(n, Values.hex(r.frame(msg, next++, n))); break;
                case MSG: {
                    ArrayNode a = fields.putArray(n);
                    for (byte[] b : r.rest(msg, next)) {
                        a.add(Values.hex(b));
                    }
                    rest = true;
                    break;
                }
                default: throw new AssertionError(f.type());
            }
        }
        if (!rest) {
            r.end(msg, next);
        }
        ObjectNode out = NODES.objectNode();
        out.put("message", m.name());
        out.set("fields", fields);
        return out;
    }
}
