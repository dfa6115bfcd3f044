package io.zmq4j.cli;

import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zmq4j recv}: prints each message on one line, frames joined by TAB, a frame that is
 * not printable UTF-8 as {@code 0x} and lower-case hex. Stops after {@code --count} messages.
 * A SUB or XSUB socket subscribes to each {@code --subscribe} prefix, or to everything when none
 * is given.
 */
@Command(name = "recv", mixinStandardHelpOptions = true, versionProvider = Zmq4jCli.Version.class,
        header = "Print each message received on one line.",
        description = "Print each message received on one line, frames joined by TAB; a frame that is not "
                + "printable UTF-8 (or holds a TAB) is printed as 0x and lower-case hex. Stops after --count messages.")
final class RecvCommand extends SocketCommand {
    @Option(names = "--subscribe", paramLabel = "PREFIX",
            description = "SUB/XSUB only: receive messages whose first frame starts with PREFIX (UTF-8; repeatable). "
                    + "Default: everything.")
    List<String> subscribe = new ArrayList<>();

    @Override
    protected SocketType defaultType() {
        return SocketType.PULL;
    }

    @Override
    protected void validate() {
        SocketType type = socketType();
        if (!subscribe.isEmpty() && type != SocketType.SUB && type != SocketType.XSUB) {
            throw usage("option '--subscribe' is only valid with -t SUB or XSUB, not " + type.name());
        }
    }

    @Override
    protected void prepare(Socket socket) {
        SocketType type = socket.type();
        if (type == SocketType.SUB || type == SocketType.XSUB) {
            if (subscribe.isEmpty() && !configSubscribes()) {
                socket.subscribe("");
            }
            for (String prefix : subscribe) {
                socket.subscribe(prefix);
            }
        }
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
