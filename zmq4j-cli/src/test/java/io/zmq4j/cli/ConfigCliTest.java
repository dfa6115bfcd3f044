package io.zmq4j.cli;

import static io.zmq4j.cli.CliTest.WAIT;
import static io.zmq4j.cli.CliTest.assertOk;
import static io.zmq4j.cli.CliTest.assertUsage;
import static io.zmq4j.cli.CliTest.await;
import static io.zmq4j.cli.CliTest.run;
import static io.zmq4j.cli.CliTest.start;
import static io.zmq4j.cli.CliTest.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Context;
import io.zmq4j.CurveKeyPair;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** send, recv, echo and proxy with {@code --config FILE [--socket NAME]}: sockets from a file, flags over it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConfigCliTest {
    @TempDir
    Path dir;

    private String write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f.toString();
    }

    @Test
    void sendAndRecvTakeTypeEndpointsAndOptionsFromTheFile() throws Exception {
        String ep = tcp();
        String port = ep.substring("tcp://".length());
        String f = write("pipeline.yml", "sink:\n  type: pull\n  bind: [{tcp: \"" + port + "\"}]\n  linger: 0s\n"
                + "source:\n  type: push\n  connect: [{tcp: \"" + port + "\"}]\n  send_timeout: 10s\n");
        CompletableFuture<CliTest.Result> recv = start("recv", "--config", f, "--socket", "sink", "-n", "1", "--timeout", WAIT);
        CliTest.Result send = run("send", "--config", f, "--socket", "source", "--timeout", WAIT, "from", "a file");
        assertOk(send);
        CliTest.Result r = await(recv);
        assertOk(r);
        assertEquals("from\ta file\n", r.out());
    }

    @Test
    void flagsOverrideTheFileAndAddToItsEndpoints() throws Exception {
        String ep = tcp();
        String f = write("dealer.zpl", "dealer\n    type = dealer\n    routing_id = fromfile\n    bind = \"tcp://127.0.0.1:*\"\n");
        CompletableFuture<CliTest.Result> recv = start("recv", "-t", "router", "-b", ep, "-n", "1", "--timeout", WAIT, "--linger", "0");
        // the file's only socket, its type and its bind, plus a flag's endpoint and a flag's routing id
        CliTest.Result send = run("send", "--config", f, "-c", ep, "--identity", "fromflag", "--timeout", WAIT, "hello");
        assertOk(send);
        CliTest.Result r = await(recv);
        assertOk(r);
        assertEquals("fromflag\thello\n", r.out());
    }

    @Test
    void curveServerAndRegistryFromTheFileAnswerARegisteredClient() throws Exception {
        CurveKeyPair server = CurveKeyPair.generate();
        CurveKeyPair client = CurveKeyPair.generate();
        String ep = tcp();
        String f = write("secure.yml", secureFile(server, client, client, ep));
        CompletableFuture<CliTest.Result> echo = start("echo", "--config", f, "--socket", "server", "-n", "1", "--timeout", WAIT);
        CliTest.Result req = run("send", "--config", f, "--socket", "client", "--timeout", WAIT, "ping");
        assertOk(req);
        assertEquals("ping\n", req.out());
        assertOk(await(echo));
    }

    @Test
    void aClientKeyNotInTheFilesRegistryIsNotAnswered() throws Exception {
        CurveKeyPair server = CurveKeyPair.generate();
        CurveKeyPair registered = CurveKeyPair.generate();
        CurveKeyPair stranger = CurveKeyPair.generate();
        String ep = tcp();
        String f = write("secure.yml", secureFile(server, registered, stranger, ep));
        CompletableFuture<CliTest.Result> echo = start("echo", "--config", f, "--socket", "server", "-n", "1", "--timeout", "3000");
        CliTest.Result req = run("send", "--config", f, "--socket", "client", "--timeout", "1500", "ping");
        assertEquals(1, req.status(), req.err());
        assertTrue(req.err().contains("timed out"), req.err());
        CliTest.Result e = await(echo);
        assertEquals(1, e.status(), e.err());
        assertTrue(e.err().contains("timed out"), e.err());
    }

    /** A CURVE REP server admitting {@code registered}, and a REQ client using {@code clientKeys}. */
    private static String secureFile(CurveKeyPair server, CurveKeyPair registered, CurveKeyPair clientKeys, String ep) {
        return String.join("\n",
                "auth:",
                "  curve_registry: [\"" + registered.publicZ85() + "\"]",
                "server:",
                "  type: rep",
                "  bind: [\"" + ep + "\"]",
                "  linger: 0s",
                "  mechanism: {curve_server: {secret: \"" + server.secretZ85() + "\"}}",
                "client:",
                "  type: req",
                "  connect: [\"" + ep + "\"]",
                "  linger: 0s",
                "  mechanism:",
                "    curve_client:",
                "      client: {secret: \"" + clientKeys.secretZ85() + "\"}",
                "      server: \"" + server.publicZ85() + "\"",
                "");
    }

    @Test
    void aBadFileIsAUsageErrorNamingFileLineAndKey() throws Exception {
        String f = write("bad.yml", "client:\n  type: req\n  connect: [\"tcp://127.0.0.1:5555\"]\n  mechanism:\n    curve_client:\n"
                + "      server: \"tooshort\"\n");
        assertUsage(run("send", "--config", f, "x"), f + ":6: client.mechanism.curve_client.server: not a CURVE key");
        String typo = write("typo.yml", "s:\n  type: push\n  sned_timeout: 1s\n");
        assertUsage(run("send", "--config", typo, "-c", "tcp://127.0.0.1:5555", "x"), typo + ":3: s.sned_timeout: unknown key");
    }

    @Test
    void theSocketMustBeNamedWhenTheFileHasSeveral() throws Exception {
        String f = write("two.yml", "a:\n  type: push\nb:\n  type: pull\n");
        assertUsage(run("send", "--config", f, "-c", "tcp://127.0.0.1:5555", "x"), "choose one with --socket NAME");
        assertUsage(run("send", "--config", f, "--socket", "c", "-c", "tcp://127.0.0.1:5555", "x"), "has no socket 'c' (it has [a, b])");
        assertUsage(run("send", "--socket", "a", "-c", "tcp://127.0.0.1:5555", "x"), "option '--socket' needs --config FILE");
        assertUsage(run("send", "--config", f, "--socket", "a", "x"), "the --config socket has none");
    }

    @Test
    void proxyTakesFrontendAndBackendFromTheFile() throws Exception {
        String in = tcp();
        String out = tcp();
        String f = write("proxy.yml", "frontend:\n  type: pull\n  bind: [\"" + in + "\"]\nbackend:\n  type: push\n  bind: [\"" + out + "\"]\n");
        PubSubProxyCliTest.TestStop stop = new PubSubProxyCliTest.TestStop();
        CompletableFuture<CliTest.Result> proxy = CompletableFuture.supplyAsync(() -> {
            StringWriter o = new StringWriter();
            StringWriter e = new StringWriter();
            int status = Zmq4jCli.run(new String[] {"proxy", "--config", f}, new ByteArrayInputStream(new byte[0]), new PrintWriter(o, true),
                    new PrintWriter(e, true), stop);
            return new CliTest.Result(status, o.toString(), e.toString());
        });
        assertTrue(stop.installed.await(10, TimeUnit.SECONDS), "the proxy did not start");
        try (Context ctx = Context.create();
             Socket push = ctx.socket(SocketType.PUSH).setLinger(Duration.ZERO);
             Socket pull = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO)) {
            pull.connect(out);
            push.connect(in);
            push.send(Msg.of("through", "the file's proxy"));
            Msg m = pull.recv(Duration.ofSeconds(10));
            assertNotNull(m, "nothing through the proxy");
            assertEquals("the file's proxy", m.string(1));
        }
        stop.fire().join(10_000);
        assertOk(await(proxy));
    }
}
