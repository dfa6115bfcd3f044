package io.zmq4j.proto;

/**
 * A message from the network does not follow its protocol: wrong signature, unknown message
 * id, a field cut short, a length past the end of the frame, text that is not UTF-8, a
 * constant that does not match.
 *
 * <p>Thrown by decoders before any value is built, so a caller never sees a half-decoded
 * message; the socket the message came from is untouched and stays usable.
 *
 * <pre>{@code
 * try {
 *     handle(ZprotoExample.decode(msg));
 * } catch (ProtocolException e) {
 *     log.warn("dropped {} from peer: field {}", e.messageName(), e.fieldName());
 * }
 * }</pre>
 */
public final class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String protocol;
    private final String messageName;
    private final String fieldName;

    /**
     * @param protocol    the protocol (zproto class) name
     * @param messageName the message being decoded, or null when not yet known (signature, id)
     * @param fieldName   the field that was wrong, or a pseudo-field: {@code signature}, {@code id}
     * @param problem     what was wrong, in words
     */
    public ProtocolException(String protocol, String messageName, String fieldName, String problem) {
        super(describe(protocol, messageName, fieldName, problem));
        this.protocol = protocol;
        this.messageName = messageName;
        this.fieldName = fieldName;
    }

    private static String describe(String protocol, String message, String field, String problem) {
        StringBuilder sb = new StringBuilder(64).append(protocol);
        if (message != null) {
            sb.append(' ').append(message);
        }
        if (field != null) {
            sb.append(": field '").append(field).append('\'');
        }
        return sb.append(": ").append(problem).toString();
    }

    /** The protocol (zproto class) name. */
    public String protocol() {
        return protocol;
    }

    /** The message being decoded, or null if the signature or id was already wrong. */
    public String messageName() {
        return messageName;
    }

    /** The field that was malformed ({@code signature} or {@code id} for the envelope). */
    public String fieldName() {
        return fieldName;
    }
}
