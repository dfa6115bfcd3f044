package io.zmq4j.internal.zmtp;

/** The peer broke the protocol; the connection must close. */
public final class ZmtpException extends Exception {
    private static final long serialVersionUID = 1L;

    /** libzmq's protocol error codes, as monitor events report them. */
    public enum Code {
        UNSPECIFIED,
        UNEXPECTED_COMMAND,
        INVALID_SEQUENCE,
        KEY_EXCHANGE,
        MALFORMED_COMMAND,
        MALFORMED_MESSAGE,
        UNSUPPORTED_VERSION,
        INCOMPATIBLE_SOCKET_TYPE,
        MECHANISM_MISMATCH,
        MESSAGE_TOO_LARGE,
        AUTH_FAILED
    }

    private final Code code;

    public ZmtpException(Code code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
