package io.zmq4j.codegen;

/** The built-in zproto field types, as written in a model's {@code type} attribute. */
public enum FieldType {
    /** Unsigned integer of 1, 2, 4 or 8 bytes, network order. */
    NUMBER("number"),
    /** Fixed-size block of bytes, size from the model. */
    OCTETS("octets"),
    /** UTF-8 text with a 1-byte length (at most 255 bytes). */
    STRING("string"),
    /** UTF-8 text with a 4-byte length. */
    LONGSTR("longstr"),
    /** 4-byte count, then that many long strings. */
    STRINGS("strings"),
    /** 4-byte count, then string key and longstr value pairs. */
    HASH("hash"),
    /** 4-byte length, then bytes. */
    CHUNK("chunk"),
    /** 16 bytes. */
    UUID("uuid"),
    /** One extra ZeroMQ frame after the body frame. */
    FRAME("frame"),
    /** All remaining frames (zero or more); must be the last field. */
    MSG("msg");

    private final String zprotoName;

    FieldType(String zprotoName) {
        this.zprotoName = zprotoName;
    }

    /** The name a model uses for this type. */
    public String zprotoName() {
        return zprotoName;
    }

    /** The built-in type called {@code name}, or null for a custom {@code <type>} or a typo. */
    public static FieldType byName(String name) {
        for (FieldType t : values()) {
            if (t.zprotoName.equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** True for types carried as extra frames rather than inside the body frame. */
    public boolean isFrames() {
        return this == FRAME || this == MSG;
    }
}
