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
        CRYPTOGRAPHIC,
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
        this(code, 0, message);
    }

    /** An authentication failure with the ZAP status code (300, 400, 500) that monitor events report. */
    public ZmtpException(Code code, int zapStatus, String message) {
        super(message, null, false, false);
        this.code = code;
        this.zapStatus = zapStatus;
    }

    private final int zapStatus;

    /** The ZAP status code of an authentication failure, 0 when there is none. */
    public int zapStatus() {
        return zapStatus;
    }

    public Code code() {
        return code;
    }

    /** libzmq's {@code ZMQ_PROTOCOL_ERROR_*} value for this error, as monitor events carry it. */
    public long libzmqCode() {
        switch (code) {
            case UNEXPECTED_COMMAND: return 0x10000001L;
            case INVALID_SEQUENCE: return 0x10000002L;
            case KEY_EXCHANGE: return 0x10000003L;
            case CRYPTOGRAPHIC: return 0x11000001L;
            case MALFORMED_COMMAND: return 0x10000011L;
            case MALFORMED_MESSAGE: return 0x10000012L;
            case INCOMPATIBLE_SOCKET_TYPE: return 0x10000018L; // libzmq: invalid metadata in READY
            case MECHANISM_MISMATCH: return 0x11000002L;
            case AUTH_FAILED: return 0x20000000L;
            default: return 0x10000000L;
        }
    }
}
