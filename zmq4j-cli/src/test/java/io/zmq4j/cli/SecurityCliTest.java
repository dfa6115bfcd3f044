package io.zmq4j.cli;

import static io.zmq4j.cli.CliTest.WAIT;
import static io.zmq4j.cli.CliTest.assertOk;
import static io.zmq4j.cli.CliTest.assertUsage;
import static io.zmq4j.cli.CliTest.await;
import static io.zmq4j.cli.CliTest.run;
import static io.zmq4j.cli.CliTest.start;
import static io.zmq4j.cli.CliTest.tcp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Certificate;
import io.zmq4j.CurveKeyPair;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code keygen} and the CURVE/PLAIN options of send, recv and echo, in this process. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SecurityCliTest {
    /** How long a refused peer is given to (not) deliver. */
    static final String SHORT = "1500";

    private static final Pattern KEYGEN = Pattern.compile("public: (\\S{40})\nsecret: (\\S{40})\n");

    /** Runs keygen and returns {public, secret}. */
    static String[] keygen(String... extra) {
        String[] args = new String[extra.length + 1];
        args[0] = "keygen";
        System.arraycopy(extra, 0, args, 1, extra.length);
        CliTest.Result r = run(args);
        assertOk(r);
        assertEquals("", r.err());
        Matcher m = KEYGEN.matcher(r.out());
        assertTrue(m.matches(), () -> "keygen output: " + r.out());
        return new String[] {m.group(1), m.group(2)};
    }

    @Test
    void keygenPrintsAMatchingKeypair() {
        String[] k = keygen();
        assertEquals(k[0], CurveKeyPair.fromSecret(k[1]).publicZ85(), "the public key is the secret key's");
        String[] other = keygen();
        assertFalse(k[1].equals(other[1]), "each run makes a new keypair");
    }

    @Test
    void keygenWritesTheCertificatePair(@TempDir Path dir) throws Exception {
        Path name = dir.resolve("certs/server");
        String[] k = keygen("--out", name.toString());
        assertTrue(Files.isRegularFile(name));
        assertTrue(Files.isRegularFile(Path.of(name + "_secret")));
        Certificate both = Certificate.load(name);
        assertEquals(k[0], both.publicZ85());
        assertEquals(k[1], both.secretZ85());
        Certificate pub = Certificate.read(name);
        assertEquals(k[0], pub.publicZ85());
        assertFalse(pub.hasSecret(), "the public certificate holds no secret key");
        String text = Files.readString(name, StandardCharsets.UTF_8);
        assertTrue(text.contains("curve") && text.contains("public-key = \"" + k[0] + "\""), text);
        assertFalse(text.contains(k[1]), "secret key leaked into the public file");
    }

    @Test
    void keygenReportsAnUnwritableName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("plain-file");
        Files.writeString(file, "x");
        CliTest.Result r = run("keygen", "--out", file.resolve("under-a-file").toString());
        assertEquals(1, r.status(), r.err());
        assertEquals(1, r.errLines().length, r.err());
        assertTrue(r.err().startsWith("zmq4j keygen: cannot write"), r.err());
    }

    @Test
    void curveSendToRecv() throws Exception {
        String[] server = keygen();
        String[] client = keygen();
        String ep = tcp();
        CompletableFuture<CliTest.Result> recv = start("recv", "-b", ep, "-n", "2", "--timeout", WAIT, "--linger", "0",
                "--curve-server", server[1]);
        // ephemeral client keypair
        assertOk(run("send", "-c", ep, "--timeout", WAIT, "--linger", WAIT, "--curve-client", server[0], "secret", "one"));
        // long-term client keypair, public key given and derived
        assertOk(run("send", "-c", ep, "--timeout", WAIT, "--linger", WAIT, "--curve-client", server[0],
                "--curve-public", client[0], "--curve-secret", client[1], "two"));
        CliTest.Result r = await(recv);
        assertOk(r);
        assertEquals("secret\tone\ntwo\n", r.out());
    }

    @Test
    void curveReqToEchoBothWays() throws Exception {
        String[] server = keygen();
        String[] client = keygen();
        String ep = tcp();
        CompletableFuture<CliTest.Result> echo = start("echo", "-b", ep, "-n", "1", "--timeout", WAIT, "--linger", "0",
                "--curve-server", server[1], "--curve-allow", client[0]);
        CliTest.Result req = run("send", "-t", "req", "-c", ep, "--timeout", WAIT, "--linger", "0",
                "--curve-client", server[0], "--curve-secret", client[1], "ping");
        assertOk(req);
        assertEquals("ping\n", req.out());
        assertOk(await(echo));
    }

    @Test
    void aKeyThatStartsWithADashIsTheOptionsValue() throws Exception {
        // about one Z85 key in 85 starts with '-'; this one also starts like -V, the version option
        String dashKey = "-VPZu@NbyjVf<)p@wqf?LTk9QCZx!iEp371JCi>=";
        CliTest.Result send = run("send", "-c", tcp(), "--timeout", SHORT, "--linger", "0", "--curve-client", dashKey, "lost");
        assertEquals(1, send.status(), "no server there: the send times out, it is no usage error: " + send.err());
        assertTrue(send.err().contains("timed out"), send.err());
    }

    @Test
    void aWrongServerKeyNeverDelivers() throws Exception {
        String[] server = keygen();
        String[] impostor = keygen();
        String ep = tcp();
        CompletableFuture<CliTest.Result> recv = start("recv", "-b", ep, "-n", "1", "--timeout", SHORT, "--linger", "0",
                "--curve-server", server[1]);
        CliTest.Result send = run("send", "-c", ep, "--timeout", SHORT, "--linger", "0", "--curve-client", impostor[0], "lost");
        assertEquals(1, send.status(), "the handshake never completes, so the send times out: " + send.err());
        CliTest.Result r = await(recv);
        assertEquals(1, r.status(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().contains("timed out"), r.err());
    }

    @Test
    void curveAllowAdmitsTheListedKeyOnly() throws Exception {
        String[] server = keygen();
        String[] allowed = keygen();
        String[] stranger = keygen();
        String ep = tcp();
        CompletableFuture<CliTest.Result> recv = start("recv", "-b", ep, "-n", "2", "--timeout", WAIT, "--linger", "0",
                "--curve-server", server[1], "--curve-allow", allowed[0], "--curve-allow", keygen()[0]);
        assertOk(run("send", "-c", ep, "--timeout", WAIT, "--linger", WAIT,
                "--curve-client", server[0], "--curve-secret", allowed[1], "from friend"));
        CliTest.Result refused = run("send", "-c", ep, "--timeout", SHORT, "--linger", "0",
                "--curve-client", server[0], "--curve-secret", stranger[1], "from stranger");
        assertEquals(1, refused.status(), "a key not allowed is refused: " + refused.err());
        CliTest.Result ephemeral = run("send", "-c", ep, "--timeout", SHORT, "--linger", "0",
                "--curve-client", server[0], "from nobody");
        assertEquals(1, ephemeral.status(), "an ephemeral key is not allowed either: " + ephemeral.err());
        assertOk(run("send", "-c", ep, "--timeout", WAIT, "--linger", WAIT,
                "--curve-client", server[0], "--curve-public", allowed[0], "--curve-secret", allowed[1], "friend again"));
        CliTest.Result r = await(recv);
        assertOk(r);
        assertEquals("from friend\nfriend again\n", r.out(), "the refused clients' messages never arrive");
    }

    @Test
    void plainWithGoodAndBadPasswords(@TempDir Path dir) throws Exception {
        Path passwords = dir.resolve("passwords");
        Files.writeString(passwords, "# users\nadmin=s3cret:with=colon\n\nguest=guest\n");
        String ep = tcp();
        CompletableFuture<CliTest.Result> recv = start("recv", "-b", ep, "-n", "2", "--timeout", WAIT, "--linger", "0",
                "--plain-server", passwords.toString());
        assertOk(run("send", "-c", ep, "--timeout", WAIT, "--linger", WAIT, "--plain", "guest:guest", "good"));
        CliTest.Result bad = run("send", "-c", ep, "--timeout", SHORT, "--linger", "0", "--plain", "admin:wrong", "bad");
        assertEquals(1, bad.status(), "a wrong password never delivers: " + bad.err());
        CliTest.Result unknown = run("send", "-c", ep, "--timeout", SHORT, "--linger", "0", "--plain", "nobody:guest", "who");
        assertEquals(1, unknown.status(), unknown.err());
        assertOk(run("send", "-c", ep, "--timeout", WAIT, "--linger", WAIT, "--plain", "admin:s3cret:with=colon", "admin"));
        CliTest.Result r = await(recv);
        assertOk(r);
        assertEquals("good\nadmin\n", r.out(), "the refused clients' messages never arrive");
    }

    @Test
    void plainReqToEcho(@TempDir Path dir) throws Exception {
        Path passwords = dir.resolve("passwords");
        Files.writeString(passwords, "guest=guest\n");
        String ep = tcp();
        CompletableFuture<CliTest.Result> echo = start("echo", "-b", ep, "-n", "1", "--timeout", WAIT, "--linger", "0",
                "--plain-server", passwords.toString());
        CliTest.Result req = run("send", "-t", "req", "-c", ep, "--timeout", WAIT, "--linger", "0", "--plain", "guest:guest", "hi");
        assertOk(req);
        assertEquals("hi\n", req.out());
        assertOk(await(echo));
    }

    @Test
    void securityUsageErrors(@TempDir Path dir) {
        String[] k = keygen();
        String ep = "tcp://127.0.0.1:1";
        assertUsage(run("recv", "-b", ep, "--curve-server", "short"), "40 Z85 characters");
        assertUsage(run("recv", "-b", ep, "--curve-server", k[1].substring(0, 39) + "~"), "not Z85");
        assertUsage(run("send", "-c", ep, "--curve-client", k[0] + "x"), "--curve-client");
        assertUsage(run("send", "-c", ep, "--curve-client", k[0], "--curve-secret", "nope"), "--curve-secret");
        assertUsage(run("send", "-c", ep, "--curve-client", k[0], "--curve-public", k[0]), "--curve-secret");
        assertUsage(run("send", "-c", ep, "--curve-client", k[0], "--curve-public", keygen()[0], "--curve-secret", k[1]),
                "is not the public key");
        assertUsage(run("recv", "-b", ep, "--curve-server", k[1], "--curve-allow", "bad"), "--curve-allow");
        assertUsage(run("echo", "-b", ep, "--curve-server", k[1], "--curve-client", k[0]), "conflicting options");
        assertUsage(run("echo", "-b", ep, "--plain", "a:b", "--curve-client", k[0]), "conflicting options");
        assertUsage(run("echo", "-b", ep, "--plain", "a:b", "--plain-server", dir.toString()), "conflicting options");
        assertUsage(run("recv", "-b", ep, "--curve-allow", k[0]), "needs --curve-server");
        assertUsage(run("send", "-c", ep, "--curve-secret", k[1]), "needs --curve-client");
        assertUsage(run("send", "-c", ep, "--plain", "nocolon"), "USER:PASSWORD");
        assertUsage(run("send", "-c", ep, "--plain", ":pw"), "user name is empty");
        assertUsage(run("recv", "-b", ep, "--plain-server", dir.resolve("missing").toString()), "no readable file");
        assertUsage(run("recv", "-b", ep, "--plain-server", dir.toString()), "no readable file");
    }

    @Test
    void keygenIsListedAndRejectsStrayArguments() {
        CliTest.Result help = run("--help");
        assertOk(help);
        assertTrue(help.out().contains("keygen"), help.out());
        CliTest.Result stray = run("keygen", "extra");
        assertEquals(2, stray.status(), stray.err());
        assertEquals(1, stray.errLines().length, stray.err());
    }

    @Test
    void secretKeyRoundTripsThroughCertificate(@TempDir Path dir) throws Exception {
        String[] k = keygen("-o", dir.resolve("me").toString());
        assertArrayEquals(CurveKeyPair.decodeKey(k[1]), Certificate.load(dir.resolve("me")).secretKey());
    }
}
