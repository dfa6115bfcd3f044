package io.zmq4j.examples;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A ROUTER echo server and a DEALER client over TCP: the first thing most ZeroMQ users write.
 *
 * <p>Shows: binding to a wildcard port ({@code tcp://127.0.0.1:*}) and reading back the port the
 * OS chose; a ROUTER receiving {@code [routing id, payload]} and replying by putting the same
 * routing id first; a DEALER sending and receiving plain payloads (no envelope, no lock-step
 * send/recv as with REQ); receive timeouts so nothing can hang forever.
 *
 * <p>Run it: {@code java -cp zmq4j-examples.jar:zmq4j-core.jar:jctools-core.jar
 * io.zmq4j.examples.RouterDealerEcho [count]}.
 */
public final class RouterDealerEcho {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private RouterDealerEcho() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out, args.length > 0 ? Integer.parseInt(args[0]) : 3);
    }

    /** Starts the server, sends {@code count} requests from the client and prints every step. */
    public static void run(PrintStream out, int count) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Context ctx = Context.create();
             Socket server = ctx.socket(SocketType.ROUTER)) {
            server.setReceiveTimeout(TIMEOUT);
            String endpoint = server.bind("tcp://127.0.0.1:*");
            out.println("server: ROUTER bound to " + endpoint);

            // The server runs on its own thread and echoes exactly `count` requests. A socket is
            // used by one thread at a time: from here on only the server thread touches `server`.
            Future<?> serving = pool.submit(() -> {
                for (int i = 0; i < count; i++) {
                    Msg request = server.recv();                 // [routing id, payload]
                    out.println("server: from peer " + Msg.printable(request.routingId())
                            + " got \"" + request.string(1) + "\", echoing it back");
                    server.send(Msg.of(request.routingId(), request.frame(1)));
                }
                out.println("server: echoed " + count + " requests, done");
                return null;
            });

            try (Socket client = ctx.socket(SocketType.DEALER)) {
                client.setReceiveTimeout(TIMEOUT);
                client.connect(endpoint);
                out.println("client: DEALER connecting to " + endpoint);
                for (int i = 1; i <= count; i++) {
                    String text = "hello " + i;
                    client.send(text);                              // the connection may still be
                    out.println("client: sent \"" + text + "\"");   // forming: it is queued meanwhile
                    String reply = client.recvString();
                    out.println("client: reply \"" + reply + "\"");
                }
            }
            await(serving);
            out.println("done: " + count + " round trips");
        } finally {
            pool.shutdownNow();
        }
    }

    static void await(Future<?> f) throws Exception {
        try {
            f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception x) {
                throw x;
            }
            throw e;
        } catch (TimeoutException e) {
            f.cancel(true);
            throw e;
        }
    }
}
