package io.zmq4j.codegen;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A zproto codec model after zproto's own preprocessing: includes resolved, custom
 * {@code <type>}s flattened into fields named {@code "<field> <type field>"}, header fields put
 * in front of every message's fields, message ids defaulted to their position, constants
 * ({@code value=}) resolved through {@code <define>}s.
 *
 * <pre>{@code
 * ProtoModel model = ModelReader.read(Path.of("src/main/zproto/zproto_example.xml"));
 * for (ProtoModel.Message m : model.messages()) {
 *     System.out.println(m.id() + " " + m.name() + " " + m.fields().size());
 * }
 * }</pre>
 *
 * @param name      the class name ({@code zproto_example})
 * @param title     the class title, may be empty
 * @param signature 0..15, sent as {@code 0xAAA0 | signature}
 * @param script    the generator the model names, e.g. {@code zproto_codec_c}
 * @param doc       the class's own text, trimmed
 * @param defines   {@code <define>} names to values, in model order
 * @param messages  the messages, in model order
 * @param warnings  problems that did not stop reading, e.g. a missing include, each with file and line
 * @param file      where the model was read from
 */
public record ProtoModel(String name, String title, int signature, String script, String doc,
                         Map<String, String> defines, List<Message> messages, List<String> warnings,
                         Path file) {

    /** The message called {@code name} (as written in the model), or null. */
    public Message message(String name) {
        for (Message m : messages) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        return null;
    }

    /** The message with id {@code id}, or null. */
    public Message message(int id) {
        for (Message m : messages) {
            if (m.id() == id) {
                return m;
            }
        }
        return null;
    }

    /** The value sent as the first two bytes of every message. */
    public int signatureWord() {
        return 0xAAA0 | signature;
    }

    /**
     * A message.
     *
     * @param name   as written in the model, e.g. {@code "OHAI OK"}
     * @param id     the id byte, 0..255
     * @param fields header fields first, then the message's own, custom types flattened
     * @param doc    the message's text, trimmed
     * @param line   line in the model file
     */
    public record Message(String name, int id, List<Field> fields, String doc, int line) {
        /** The field called {@code name}, or null. */
        public Field field(String name) {
            for (Field f : fields) {
                if (f.name().equals(name)) {
                    return f;
                }
            }
            return null;
        }
    }

    /**
     * A field.
     *
     * @param name         as written (flattened for custom types: {@code "client forename"})
     * @param type         its built-in type
     * @param size         bytes for number and octets, 0 otherwise
     * @param value        the constant ({@code value=}), resolved through defines; null if none
     * @param defaultValue the {@code default=} attribute; null if none
     * @param doc          the field's text without its {@code <test>} children, trimmed
     * @param line         line in the model file
     */
    public record Field(String name, FieldType type, int size, String value, String defaultValue, String doc,
                        int line) {
        /** True when the field is a constant stamped into every message and checked on decode. */
        public boolean isConstant() {
            return value != null;
        }
    }
}
