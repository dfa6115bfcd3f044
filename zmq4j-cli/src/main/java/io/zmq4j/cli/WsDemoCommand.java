package io.zmq4j.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import io.zmq4j.ZmqException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code zmq4j ws-demo}: serves a page over plain HTTP whose JavaScript speaks ZeroMQ over
 * WebSocket (ZWS 2.0, NULL mechanism) to a PUB or SERVER socket bound to {@code ws://}, which
 * sends a message every interval; the page lists what arrives. Runs until interrupted.
 */
@Command(name = "ws-demo", mixinStandardHelpOptions = true, versionProvider = Zmq4jCli.Version.class,
        header = "Serve a web page that receives ZeroMQ messages over WebSocket.",
        description = "Binds a PUB (or SERVER) socket to ws://HOST:WS-PORT/zmq, serves a page on http://HOST:HTTP-PORT/ "
                + "whose JavaScript connects to it as a SUB (or CLIENT) speaking ZWS 2.0 and the NULL handshake, "
                + "and sends a message every --interval until interrupted (Ctrl-C, exit 0).")
final class WsDemoCommand implements Callable<Integer> {
    @ParentCommand
    Zmq4jCli root;

    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address to serve the page and the socket on. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8080",
            description = "Port of the page (0: any free one). Default: ${DEFAULT-VALUE}.")
    int httpPort;

    @Option(names = "--ws-port", paramLabel = "PORT", defaultValue = "8081",
            description = "Port of the ws:// socket (0: any free one). Default: ${DEFAULT-VALUE}.")
    int wsPort;

    @Option(names = {"-t", "--type"}, paramLabel = "TYPE", defaultValue = "PUB",
            description = "PUB (the page subscribes) or SERVER (the page is a CLIENT that says hello first). Default: ${DEFAULT-VALUE}.")
    String type;

    @Option(names = "--interval", paramLabel = "MS", defaultValue = "1000",
            description = "Milliseconds between messages. Default: ${DEFAULT-VALUE}.")
    int intervalMs;

    @Override
    public Integer call() throws Exception {
        SocketType socketType = switch (type.toUpperCase(java.util.Locale.ROOT)) {
            case "PUB" -> SocketType.PUB;
            case "SERVER" -> SocketType.SERVER;
            default -> throw new ParameterException(spec.commandLine(), "invalid value for option '--type': '" + type + "' (expected PUB or SERVER)");
        };
        checkPort("--http-port", httpPort);
        checkPort("--ws-port", wsPort);
        if (intervalMs < 1) {
            throw new ParameterException(spec.commandLine(), "invalid value for option '--interval': " + intervalMs + " (must be 1 or more)");
        }
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        HttpServer http = null;
        try (Context ctx = Context.create()) {
            Socket socket = ctx.socket(socketType).setLinger(Duration.ZERO);
            String hostPart = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
            String endpoint;
            try {
                endpoint = socket.bind("ws://" + hostPart + ":" + (wsPort == 0 ? "*" : Integer.toString(wsPort)) + "/zmq");
            } catch (ZmqException e) {
                throw new CliFailure("cannot bind the ws socket: " + SocketCommand.message(e));
            }
            byte[] page = page(endpoint, socketType);
            try {
                http = HttpServer.create(new InetSocketAddress(host, httpPort), 16);
            } catch (IOException e) {
                throw new CliFailure("cannot serve the page on " + hostPart + ":" + httpPort + ": " + e.getMessage());
            }
            http.createContext("/", exchange -> serve(exchange, page));
            http.start();
            out.println("ws-demo: open http://" + hostPart + ":" + http.getAddress().getPort() + "/ in a browser");
            out.println("ws-demo: " + socketType + " bound to " + endpoint);
            out.flush();
            Runnable undo = root.stopHook().install(() -> {
                stop.countDown();
                try {
                    finished.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                run(socket, socketType, stop, out);
            } finally {
                undo.run();
            }
            return Zmq4jCli.OK;
        } finally {
            if (http != null) {
                http.stop(0);
            }
            finished.countDown();
        }
    }

    private void checkPort(String option, int port) {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "invalid value for option '" + option + "': " + port + " (must be 0 to 65535)");
        }
    }

    /** Sends a numbered message every interval: to every subscriber, or to every client heard from. */
    private void run(Socket socket, SocketType socketType, CountDownLatch stop, PrintWriter out) throws InterruptedException {
        List<byte[]> clients = new ArrayList<>();
        long n = 0;
        do {
            if (socketType == SocketType.SERVER) {
                Msg hello;
                while ((hello = socket.tryRecv()) != null) {
                    byte[] id = hello.routingId();
                    if (clients.stream().noneMatch(c -> Arrays.equals(c, id))) {
                        clients.add(id);
                    }
                    out.println("ws-demo: a client says '" + hello.string(1) + "'");
                    out.flush();
                }
            }
            n++;
            String text = "message " + n + " from zmq4j at " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS);
            if (socketType == SocketType.PUB) {
                socket.send(Msg.of(text));
            } else {
                for (java.util.Iterator<byte[]> it = clients.iterator(); it.hasNext(); ) {
                    byte[] id = it.next();
                    try {
                        socket.trySend(Msg.of(id, text.getBytes(StandardCharsets.UTF_8)));
                    } catch (ZmqException e) {
                        it.remove(); // EHOSTUNREACH: that page has gone
                    }
                }
            }
        } while (!stop.await(intervalMs, TimeUnit.MILLISECONDS));
    }

    /** The page with the endpoint and the socket type written into its script. */
    private static byte[] page(String endpoint, SocketType socketType) throws IOException {
        try (InputStream in = WsDemoCommand.class.getResourceAsStream("ws-demo.html")) {
            if (in == null) {
                throw new CliFailure("the ws-demo page is missing from the jar");
            }
            String html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return html.replace("__ENDPOINT__", endpoint).replace("__PEER_TYPE__", socketType.name())
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    private static void serve(HttpExchange exchange, byte[] page) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("GET") || !(path.equals("/") || path.equals("/index.html"))) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(page);
            }
        }
    }
}
