package io.zmq4j.codegen;

import java.nio.file.Path;

/**
 * A zproto model that cannot be used: unreadable XML, a missing attribute, an unknown type, a
 * bad size. The message names the file, the line and what is wrong, like a compiler error:
 * {@code src/my_msg.xml:42: field 'level': size 3 is not 1, 2, 4 or 8}.
 */
public final class ModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final String problem;

    public ModelException(Path file, int line, String problem) {
        this(file, line, problem, null);
    }

    public ModelException(Path file, int line, String problem, Throwable cause) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem, cause);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    /** The model file the problem is in. */
    public Path file() {
        return file;
    }

    /** The line of the element at fault, 0 if unknown. */
    public int line() {
        return line;
    }

    /** What is wrong, without file and line. */
    public String problem() {
        return problem;
    }
}
