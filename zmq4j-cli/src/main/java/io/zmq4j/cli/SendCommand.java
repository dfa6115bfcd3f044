package io.zmq4j.cli;

import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code zmq4j send [FRAME...]}: one message of the FRAME arguments ({@code --count} times), or
 * with no FRAME one message per line of standard input, frames separated by TAB. A REQ socket
 * waits for each reply and prints it as {@code recv} would.
 */
@Command(name = "send", mixinStandardHelpOptions = true, versionProvider = Zmq4jCli.Version.class,
        header = "Send messages (FRAME arguments or stdin lines); with REQ, print each reply.",
        description = "Send one message made of the FRAME arguments (--count times, default once), or, with none, "
                + "one message per line of standard input (at most --count lines) with frames separated by TAB; "
                + "an empty field is an empty frame. The first send waits for a connected peer. "
                + "With REQ, wait for each reply and print it as recv does.")
final class SendCommand extends SocketCommand {
    @Parameters(paramLabel = "FRAME", arity = "0..*", description = "Frames of the message, sent as UTF-8.")
    List<String> frames = new ArrayList<>();

    @Override
    protected SocketType defaultType() {
        return SocketType.PUSH;
    }

    @Override
    protected boolean immediate() {
        return true;
    }

    @Override
    protected int run(Socket socket) throws Exception {
        int limit = countLimit();
        boolean req = socket.type() == SocketType.REQ;
        if (!frames.isEmpty()) {
            Msg msg = Frames.ofArgs(frames);
            int times = limit < 0 ? 1 : limit;
            for (int i = 0; i < times; i++) {
                exchange(socket, msg, req, i + 1);
            }
            return Zmq4jCli.OK;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(root.in(), StandardCharsets.UTF_8));
        int sent = 0;
        String line;
        while ((limit < 0 || sent < limit) && (line = in.readLine()) != null) {
            exchange(socket, Frames.parseLine(line), req, ++sent);
        }
        return Zmq4jCli.OK;
    }

    private void exchange(Socket socket, Msg msg, boolean req, int n) {
        transmit(socket, msg, "message " + n);
        if (req) {
            print(receive(socket, "the reply to message " + n));
        }
    }
}
