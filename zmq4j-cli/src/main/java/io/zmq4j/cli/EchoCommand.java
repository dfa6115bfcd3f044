package io.zmq4j.cli;

import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import picocli.CommandLine.Command;

/**
 * {@code zmq4j echo}: answers every message with the same frames. A REP replies; a ROUTER (or
 * STREAM) sends back to the sender, since the routing id stays the first frame; every other
 * type sends back on the same socket. Stops after {@code --count} messages.
 */
@Command(name = "echo", mixinStandardHelpOptions = true, versionProvider = Zmq4jCli.Version.class,
        header = "Answer every message with the same frames.",
        description = "Answer every message with the same frames: REP replies, ROUTER sends back to the sender, "
                + "DEALER, PAIR and the others send back on the same socket. Stops after --count messages.")
final class EchoCommand extends SocketCommand {
    @Override
    protected SocketType defaultType() {
        return SocketType.REP;
    }

    @Override
    protected int run(Socket socket) {
        int limit = countLimit();
        boolean stream = socket.type() == SocketType.STREAM;
        int echoed = 0;
        while (limit < 0 || echoed < limit) {
            Msg msg = receive(socket, limit < 0 ? "a message" : "message " + (echoed + 1) + " of " + limit);
            if (stream && msg.size() == 2 && msg.frame(1).length == 0) {
                // a STREAM connect/disconnect notice: echoing it would close the connection
                continue;
            }
            transmit(socket, msg, "the echo of message " + (echoed + 1));
            echoed++;
        }
        return Zmq4jCli.OK;
    }
}
