package io.zmq4j.internal.zpl;

import io.zmq4j.ZmqException;

/**
 * ZPL text that breaks RFC 4's grammar, or a tree that cannot be written as ZPL. The message
 * starts with {@code source:line:} so a user can go straight to the mistake; line is 0 for a
 * node that was built in code rather than read.
 */
public final class ZplException extends ZmqException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String detail;

    public ZplException(String source, int line, String problem) {
        super(Kind.EINVAL, source + ":" + line + ": " + problem);
        this.source = source;
        this.line = line;
        this.detail = source + ":" + line + ": " + problem;
    }

    /** {@code source:line: problem}, without the errno name, for errors of another kind (IOException). */
    public String detail() {
        return detail;
    }

    /** The file name (or other source name) the text came from. */
    public String source() {
        return source;
    }

    /** The 1-based line of the mistake, 0 when not from text. */
    public int line() {
        return line;
    }
}
