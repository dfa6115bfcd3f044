package io.zmq4j.examples;

import io.zmq4j.Context;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import io.zmq4j.examples.proto.EchoMsg;
import io.zmq4j.proto.ProtoSocket;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A client and a server talking a zproto protocol over TCP with a generated codec.
 *
 * <p>The protocol is the model {@code src/main/zproto/echo_msg.xml}; the zmq4j-maven-plugin
 * turns it into {@link EchoMsg} during this module's build ({@code generate-sources}), so the
 * codec is never written or edited by hand. It shows numbers of several sizes, string, longstr,
 * strings, hash, chunk, uuid and frame fields, and a constant ({@code version}).
 *
 * <p>The server is a ROUTER: {@link EchoMsg#recv} takes the routing id frame off each request
 * and the reply goes back to that peer with {@code withRoutingId(request.routingId())}. The
 * client is a DEALER, so its messages carry no routing id. The conversation: HELLO → WELCOME,
 * ECHO → ECHO OK (a few times), GOODBYE → GOODBYE OK.
 */
public final class ZprotoEcho {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private ZprotoEcho() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out, 3);
    }

    /** Runs the server on a thread and a client that sends {@code echoes} ECHO requests. */
    public static void run(PrintStream out, int echoes) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Context ctx = Context.create();
             Socket router = ctx.socket(SocketType.ROUTER)) {
            router.setReceiveTimeout(TIMEOUT);
            String endpoint = router.bind("tcp://127.0.0.1:*");
            out.println("server: " + EchoMsg.PROTOCOL + " server (ROUTER) on " + endpoint);
            Future<?> server = pool.submit(() -> {
                serve(ProtoSocket.of(router::send, router::recv, true), out);
                return null;
            });

            try (Socket dealer = ctx.socket(SocketType.DEALER)) {
                dealer.setReceiveTimeout(TIMEOUT);
                dealer.connect(endpoint);
                ProtoSocket client = ProtoSocket.of(dealer::send, dealer::recv, false);

                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("client", "zmq4j-examples");
                headers.put("lang", "java");
                exchange(client, out, EchoMsg.Hello.builder()
                        .name("ada")
                        .capabilities(List.of("echo", "goodbye"))
                        .headers(headers)
                        .build());
                for (int i = 1; i <= echoes; i++) {
                    exchange(client, out, EchoMsg.Echo.builder()
                            .sequence(i)
                            .payload(("payload " + i).getBytes(StandardCharsets.UTF_8))
                            .build());
                }
                exchange(client, out, EchoMsg.Goodbye.builder().build());
            }
            RouterDealerEcho.await(server);
            out.println("done");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Client side: sends one request and prints it and the reply. */
    private static EchoMsg.Message exchange(ProtoSocket client, PrintStream out, EchoMsg.Message request) {
        request.send(client);
        out.println("client: sent " + request);
        EchoMsg.Message reply = EchoMsg.recv(client);
        out.println("client: got  " + reply);
        if (reply instanceof EchoMsg.EchoOk ok) {
            out.println("client: echo " + ok.sequence() + " payload \""
                    + new String(ok.payload(), StandardCharsets.UTF_8) + "\" came back");
        }
        return reply;
    }

    /** Server side: answers until a client says GOODBYE. */
    private static void serve(ProtoSocket socket, PrintStream out) {
        UUID session = UUID.randomUUID();
        int echoes = 0;
        while (true) {
            EchoMsg.Message request = EchoMsg.recv(socket);
            out.println("server: got  " + request);
            EchoMsg.Message reply;
            if (request instanceof EchoMsg.Hello hello) {
                reply = EchoMsg.Welcome.builder()
                        .session(session)
                        .greeting("Welcome, " + hello.name() + " (protocol version " + EchoMsg.VERSION + ")")
                        .build();
            } else if (request instanceof EchoMsg.Echo echo) {
                echoes++;
                reply = EchoMsg.EchoOk.builder()
                        .sequence(echo.sequence())
                        .payload(echo.payload())
                        .serverTime(System.currentTimeMillis())
                        .trailer(new byte[] {(byte) echoes})
                        .build();
            } else if (request instanceof EchoMsg.Goodbye) {
                reply = EchoMsg.GoodbyeOk.builder().echoes(echoes).build();
            } else {
                out.println("server: unexpected " + request.messageName() + ", ignored");
                continue;
            }
            reply = reply.withRoutingId(request.routingId());
            reply.send(socket);
            out.println("server: sent " + reply);
            if (reply instanceof EchoMsg.GoodbyeOk) {
                return;
            }
        }
    }
}
