package io.zmq4j.examples;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import io.zmq4j.ZmqException;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Request-reply in its simplest form, as the libzmq-rs guide's first example: a SERVER and a
 * CLIENT in one process over {@code inproc://}, each made in one builder expression. The server
 * loops until the context is shut down: its blocked {@code recv} then ends with ETERM, which is
 * how a ZeroMQ server thread learns to stop.
 *
 * <p>Run it: {@code java -cp ... io.zmq4j.examples.BasicRequestReply [count]}.
 */
public final class BasicRequestReply {
    private BasicRequestReply() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out, args.length > 0 ? Integer.parseInt(args[0]) : 3);
    }

    /** Sends {@code count} pings, shuts the context down, and returns how the server's loop ended. */
    public static ZmqException.Kind run(PrintStream out, int count) throws Exception {
        Context ctx = Context.create();
        Socket server = ctx.socketBuilder(SocketType.SERVER).bind("inproc://basic-request-reply").build();
        Socket client = ctx.socketBuilder(SocketType.CLIENT).connect("inproc://basic-request-reply").build();

        CompletableFuture<ZmqException.Kind> serverEnd = CompletableFuture.supplyAsync(() -> {
            try {
                while (true) {
                    Msg request = server.recv();                      // [routing id, "ping"]
                    server.send(Msg.of(request.routingId(), "pong".getBytes()));
                }
            } catch (ZmqException e) {
                out.println("server: " + e.kind() + ", stopping");   // the context was shut down
                return e.kind();
            }
        });

        for (int i = 0; i < count; i++) {
            client.send("ping");
            out.println("client: " + client.recvString());
        }
        ctx.close();  // closes both sockets and wakes the server's recv with ETERM
        ZmqException.Kind end = serverEnd.get(10, TimeUnit.SECONDS);
        out.println("done: " + count + " round trips, server ended with " + end);
        return end;
    }
}
