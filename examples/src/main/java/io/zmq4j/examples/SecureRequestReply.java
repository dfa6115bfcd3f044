package io.zmq4j.examples;

import io.zmq4j.Authenticator;
import io.zmq4j.Context;
import io.zmq4j.Event;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import io.zmq4j.ZmqException;
import io.zmq4j.config.ConfigFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Request-reply over CURVE, as the libzmq-rs guide's third example: both sockets and the
 * authenticator's registry of client keys come from one YAML file ({@code secure.yml} beside
 * this class), so the program holds no keys and no options. A client whose key is in the
 * registry gets its pong; any other is refused in the handshake, which the server's monitor
 * reports as HANDSHAKE_FAILED_AUTH, and nothing it sends is delivered.
 *
 * <p>Run it: {@code java -cp ... io.zmq4j.examples.SecureRequestReply [config.yml]}.
 */
public final class SecureRequestReply {
    private SecureRequestReply() {
    }

    /** The server's verdict on the client's handshake and the reply the client got (null: none). */
    public record Outcome(Event handshake, String reply, Msg delivered) {}

    public static void main(String[] args) throws Exception {
        ConfigFile config = args.length > 0 ? ConfigFile.read(Path.of(args[0])) : bundled();
        System.out.println(run(System.out, config));
    }

    /** The example's own {@code secure.yml}. */
    public static ConfigFile bundled() throws IOException {
        return ConfigFile.parseYaml(bundledText(), "secure.yml");
    }

    public static String bundledText() throws IOException {
        try (InputStream in = SecureRequestReply.class.getResourceAsStream("secure.yml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    public static Outcome run(PrintStream out, ConfigFile config) throws Exception {
        try (Context ctx = Context.create();
             Authenticator auth = config.auth().start(ctx);
             Socket server = config.socket("server").builder(SocketType.SERVER).build(ctx)) {
            CompletableFuture<Event> verdict = new CompletableFuture<>();
            server.onEvent(EnumSet.of(Event.HANDSHAKE_SUCCEEDED, Event.HANDSHAKE_FAILED_AUTH), e -> {
                out.println("server monitor: " + e.event() + " " + e.remoteAddress());
                verdict.complete(e.event());
            });
            try (Socket client = config.socket("client").builder(SocketType.CLIENT).connect(server.lastEndpoint()).build(ctx)) {
                Event handshake;
                try {
                    handshake = verdict.get(10, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    handshake = null;
                }
                try {
                    client.send("ping"); // send_timeout 300ms: EAGAIN if no authenticated connection takes it
                } catch (ZmqException e) {
                    out.println("client: ping not sent (" + e.kind() + ")");
                }
                Msg request = server.recv(Duration.ofMillis(handshake == Event.HANDSHAKE_SUCCEEDED ? 5000 : 500));
                if (request != null) {
                    out.println("server: got " + request.string(1) + " from an authenticated client");
                    server.send(Msg.of(request.routingId(), "pong".getBytes(StandardCharsets.UTF_8)));
                } else {
                    out.println("server: nothing delivered");
                }
                String reply;
                try {
                    reply = client.recvString(); // recv_timeout 300ms
                } catch (ZmqException e) {
                    reply = null;
                }
                out.println("client: " + (reply == null ? "no reply" : reply));
                return new Outcome(handshake, reply, request);
            }
        }
    }
}
