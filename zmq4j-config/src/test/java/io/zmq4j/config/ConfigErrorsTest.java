package io.zmq4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Authenticator;
import io.zmq4j.Context;
import io.zmq4j.SocketType;
import io.zmq4j.ZmqException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigErrorsTest {
    private static final String SERVER_PUBLIC = OptionSamples.SERVER.publicZ85();

    private static String yamlError(String yaml) {
        ZmqException e = assertThrows(ZmqException.class, () -> ConfigFile.parseYaml(yaml, "bad.yml"));
        assertEquals(ZmqException.Kind.EINVAL, e.kind());
        return e.getMessage();
    }

    private static String zplError(String zpl) {
        ZmqException e = assertThrows(ZmqException.class, () -> ConfigFile.parseZpl(zpl, "bad.zpl"));
        assertEquals(ZmqException.Kind.EINVAL, e.kind());
        return e.getMessage();
    }

    private static void assertStarts(String expected, String message) {
        assertTrue(message.startsWith("EINVAL: " + expected), "expected to start with '" + expected + "': " + message);
    }

    private static String curveClient(String server) {
        return "client:\n  type: client\n  mechanism:\n    curve_client:\n      server: \"" + server + "\"\n";
    }

    @Test
    void anUnknownKeyIsNamedWithItsLineAndPath() {
        assertStarts("bad.yml:3: client.sned_timeout: unknown key 'sned_timeout'", yamlError("client:\n  type: client\n  sned_timeout: 1s\n"));
        assertStarts("bad.yml:5: client.heartbeat.intervall: unknown key 'intervall' (expected interval, timeout, ttl)",
                yamlError("client:\n  type: client\n  heartbeat:\n    interval: 1s\n    intervall: 2s\n"));
        assertStarts("bad.yml:2: auth.curve_keys: unknown key", yamlError("auth:\n  curve_keys: []\n"));
    }

    @Test
    void aWrongTypeIsNamedWithItsLineAndPath() {
        assertStarts("bad.yml:2: s.send_high_water_mark: expected a whole number, got 'lots'", yamlError("s:\n  send_high_water_mark: lots\n"));
        assertStarts("bad.yml:2: s.immediate: expected true or false, got 'maybe'", yamlError("s:\n  immediate: maybe\n"));
        assertStarts("bad.yml:3: s.send_timeout: expected a value, got a map", yamlError("s:\n  send_timeout:\n    a: 1\n"));
        assertStarts("bad.yml:2: s.heartbeat: expected a map of keys, got '1s'", yamlError("s:\n  heartbeat: 1s\n"));
        assertStarts("bad.yml:2: s.type: no socket type 'sever'", yamlError("s:\n  type: sever\n"));
    }

    @Test
    void aBadDurationIsNamedWithItsLineAndPath() {
        assertStarts("bad.yml:2: s.send_timeout: bad duration '300 sec'", yamlError("s:\n  send_timeout: 300 sec\n"));
        assertStarts("bad.yml:2: s.recv_timeout: bad duration '1.5s'", yamlError("s:\n  recv_timeout: 1.5s\n"));
        assertStarts("bad.yml:4: s.heartbeat.ttl: bad duration 'soon'", yamlError("s:\n  heartbeat:\n    interval: 1s\n    ttl: soon\n"));
    }

    @Test
    void aKeyThatIsNotZ85IsNamedWithItsLineAndPath() {
        String notZ85 = "~" + SERVER_PUBLIC.substring(1);
        assertStarts("bad.yml:5: client.mechanism.curve_client.server: not a CURVE key: not valid Z85", yamlError(curveClient(notZ85)));
    }

    @Test
    void aKeyThatIsNot32BytesIsNamedWithItsLineAndPath() {
        assertStarts("bad.yml:5: client.mechanism.curve_client.server: not a CURVE key: a key is 32 bytes, written as 40 characters of Z85, not 35",
                yamlError(curveClient(SERVER_PUBLIC.substring(5))));
        assertStarts("bad.yml:4: auth.curve_registry[1]: not a CURVE key",
                yamlError("auth:\n  curve_registry:\n    - \"" + SERVER_PUBLIC + "\"\n    - \"" + SERVER_PUBLIC + "00000\"\n"));
    }

    @Test
    void aClientPublicKeyThatDoesNotMatchItsSecretIsRefused() {
        String yaml = "c:\n  mechanism:\n    curve_client:\n      client:\n        public: \"" + SERVER_PUBLIC + "\"\n        secret: \""
                + OptionSamples.CLIENT.secretZ85() + "\"\n      server: \"" + SERVER_PUBLIC + "\"\n";
        assertStarts("bad.yml:5: c.mechanism.curve_client.client.public: is not the public key of the secret key", yamlError(yaml));
    }

    @Test
    void anEndpointThatDoesNotParseIsNamedWithItsLineAndPath() {
        assertStarts("bad.yml:5: s.bind[1]: endpoint tcp://nohost does not parse",
                yamlError("s:\n  type: server\n  bind:\n    - tcp: \"127.0.0.1:*\"\n    - tcp: \"nohost\"\n"));
        assertStarts("bad.yml:3: s.connect[0]: endpoint pigeon://roof does not parse", yamlError("s:\n  connect:\n    - pigeon: roof\n"));
        assertStarts("bad.yml:3: s.connect[0]: an endpoint is one transport", yamlError("s:\n  connect:\n    - {tcp: \"a:1\", ipc: b}\n"));
    }

    @Test
    void zplMistakesAreNamedWithTheirLineAndPathToo() {
        assertStarts("bad.zpl:3: client.send_timeout: bad duration '3 s'", zplError("client\n    type = client\n    send_timeout = \"3 s\"\n"));
        assertStarts("bad.zpl:4: client.mechanism.curve_client.server: not a CURVE key",
                zplError("client\n    mechanism\n        curve_client\n            server = \"short\"\n"));
        assertStarts("bad.zpl:2: client.colour: unknown key", zplError("client\n    colour = blue\n"));
        assertStarts("bad.zpl:2:", zplError("client\n  type = client\n")); // the grammar: 4 spaces a level
    }

    @Test
    void yamlThatDoesNotParseIsNamedWithItsLine() {
        assertStarts("bad.yml:4: not valid YAML", yamlError("s:\n  type: client\n  bind: [unclosed\n"));
        assertStarts("bad.yml:3: key 'type' given twice", yamlError("s:\n  type: client\n  type: server\n"));
    }

    @Test
    void aValueTheSocketTypeRefusesIsNamedWithItsLineWhenTheFileGivesTheType() {
        assertStarts("bad.yml:3: s.router_mandatory: ", yamlError("s:\n  type: dealer\n  router_mandatory: true\n"));
        assertStarts("bad.yml:3: s.heartbeat: ", yamlError("s:\n  type: dealer\n  heartbeat: {interval: 1s, ttl: 3h}\n"));
    }

    @Test
    void aValueTheSocketTypeRefusesIsNamedWithItsLineWhenTheProgramGivesTheType() {
        ConfigFile f = ConfigFile.parseYaml("s:\n  router_mandatory: true\n", "late.yml");
        ZmqException e = assertThrows(ZmqException.class, () -> f.socket("s").builder(SocketType.DEALER));
        assertStarts("late.yml:2: s.router_mandatory: ", e.getMessage());
        assertStarts("late.yml: no socket 'x' (it has [s])", assertThrows(ZmqException.class, () -> f.socket("x")).getMessage());
    }

    @Test
    void aSocketWithNoTypeAnywhereIsNamedWithItsLine() {
        ConfigFile yaml = ConfigFile.parseYaml("other:\n  type: pull\ns:\n  send_timeout: 1s\n", "untyped.yml");
        ZmqException e = assertThrows(ZmqException.class, () -> yaml.socket("s").builder());
        assertEquals(ZmqException.Kind.EINVAL, e.kind());
        assertStarts("untyped.yml:3: s: no socket type", e.getMessage());
        try (Context ctx = Context.create()) {
            assertStarts("untyped.yml:3: s: no socket type", assertThrows(ZmqException.class, () -> yaml.socket("s").build(ctx)).getMessage());
        }
        ConfigFile zpl = ConfigFile.parseZpl("other\n    type = pull\ns\n    send_timeout = 1s\n", "untyped.zpl");
        assertStarts("untyped.zpl:3: s: no socket type", assertThrows(ZmqException.class, () -> zpl.socket("s").builder()).getMessage());
    }

    @Test
    void aFailingFileLeavesNoSocketOpenAndNoThreadRunning(@TempDir Path dir) throws Exception {
        try (Context ctx = Context.create()) {
            Set<String> before = threads();
            Path file = dir.resolve("bad.yml");
            Files.writeString(file, "auth:\n  curve_registry: [\"" + SERVER_PUBLIC + "\"]\nserver:\n  type: server\n  bind: [{tcp: \"127.0.0.1:*\"}]\n"
                    + "client:\n  type: client\n  send_timeout: soon\n");
            assertThrows(ZmqException.class, () -> ConfigFile.read(file));
            // an auth section whose password file is missing: the authenticator it started is closed again
            Files.writeString(file, "auth:\n  password_file: missing.txt\n");
            ConfigFile noPasswords = ConfigFile.read(file);
            assertThrows(RuntimeException.class, () -> noPasswords.auth().start(ctx));
            assertEquals(before, threads());
            try (Authenticator again = AuthConfig.empty().start(ctx)) {
                // the endpoint inproc://zeromq.zap.01 was given back: no EADDRINUSE
            }
            // a socket whose bind fails at build is closed: its port can be bound again at once
            ConfigFile two = ConfigFile.parseYaml("a:\n  type: pull\n  bind: [{tcp: \"127.0.0.1:*\"}]\n", "two.yml");
            try (var first = two.socket("a").build(ctx)) {
                String taken = first.lastEndpoint();
                ConfigFile clash = ConfigFile.parseYaml("b:\n  type: pull\n  bind: [\"inproc://fine\", \"" + taken + "\"]\n", "clash.yml");
                ZmqException e = assertThrows(ZmqException.class, () -> clash.socket("b").build(ctx));
                assertEquals(ZmqException.Kind.EADDRINUSE, e.kind());
                try (var again = ctx.socket(SocketType.PULL)) {
                    again.bind("inproc://fine"); // the failed socket gave back its first endpoint
                }
            }
        }
    }

    private static Set<String> threads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("zmq4j")).collect(Collectors.toSet());
    }
}
