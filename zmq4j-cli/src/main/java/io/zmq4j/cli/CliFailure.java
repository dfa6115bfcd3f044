package io.zmq4j.cli;

/** A runtime failure (exit 1) with a message for the user: a timeout, a broken socket. */
final class CliFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliFailure(String message) {
        super(message);
    }
}
