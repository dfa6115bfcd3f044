package io.zmq4j.cli;

import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import picocli.CommandLine.Command;

/**
 * {@code zmq4j recv}: prints each message on one line, frames joined by TAB, a frame that is
 * not printable UTF-8 as {@code 0x} and lower-case hex. Stops after {@code --count} messages.
 */
@Command(name = "recv", mixinStandardHelpOptions = true, versionProvider = Zmq4jCli.Version.class,
        header = "Print each message received on one line.",
        description = "Print each message received on one line, frames joined by TAB; a frame that is not "
                + "printable UTF-8 (or holds a TAB) is printed as 0x and lower-case hex. Stops after --count messages.")
final class RecvCommand extends SocketCommand {
    @Override
    protected SocketType defaultType() {
        return SocketType.PULL;
    }

    @Override
    protected int run(Socket socket) {
        int limit = countLimit();
        for (int got = 0; limit < 0 || got < limit; got++) {
            print(receive(socket, limit < 0 ? "a message" : "message " + (got + 1) + " of " + limit));
        }
        return Zmq4jCli.OK;
    }
}
