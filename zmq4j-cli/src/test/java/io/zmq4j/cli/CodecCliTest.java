package io.zmq4j.cli;

import static io.zmq4j.cli.CliTest.assertOk;
import static io.zmq4j.cli.CliTest.assertUsage;
import static io.zmq4j.cli.CliTest.run;
import static io.zmq4j.cli.CliTest.runWithInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * zmq4j codec encode|decode, zmq4j generate and zmq4j demo, on the examples' echo protocol
 * (examples/src/main/zproto/echo_msg.xml, in this repository), so they run in any clone.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CodecCliTest {
    /** The repository root: tests run in the module directory. */
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    /** The examples' echo model: signature 5, HELLO/WELCOME/ECHO/ECHO OK/GOODBYE/GOODBYE OK. */
    static String example() {
        Path model = ROOT.resolve("examples/src/main/zproto/echo_msg.xml");
        assertTrue(Files.isRegularFile(model), "the examples' echo model is missing: " + model);
        return model.toString();
    }

    @Test
    void encodeThenDecodeRoundTrips() {
        String messages = String.join("\n",
                "{\"message\":\"HELLO\",\"fields\":{\"name\":\"box\",\"capabilities\":[\"a\",\"b\"],"
                        + "\"headers\":{\"k\":\"v\"}}}",
                "{\"message\":\"WELCOME\",\"fields\":{\"session\":\"3a60e6850a1e4cc15f3bfd4b42bc6b3e\","
                        + "\"greeting\":\"hi there\"}}",
                "{\"message\":\"ECHO\",\"fields\":{\"sequence\":7,\"payload\":\"abcd\"}}",
                "{\"message\":\"ECHO OK\",\"fields\":{\"sequence\":7,\"payload\":\"00\","
                        + "\"server time\":18446744073709551615,\"trailer\":\"ff\"}}") + "\n";
        CliTest.Result enc = runWithInput(messages, "codec", "encode", "--model", example());
        assertOk(enc);
        assertEquals("", enc.err());
        String[] frames = enc.out().split("\n");
        assertEquals(4, frames.length, enc.out());
        for (String f : frames) {
            assertTrue(f.matches("\\[\"aaa5[0-9a-f]*\"(,\"[0-9a-f]*\")*\\]"), f);
        }
        // HELLO: signature 0xAAA0|5, id 1, version 1 (constant), name "box" with a 1-byte length
        assertTrue(frames[0].startsWith("[\"aaa5" + "01" + "01" + "03626f78"), frames[0]);
        // ECHO OK: the trailer frame comes after the body
        assertTrue(frames[3].endsWith("\",\"ff\"]"), frames[3]);

        CliTest.Result dec = runWithInput(enc.out(), "codec", "decode", "-m", example());
        assertOk(dec);
        String[] back = dec.out().split("\n");
        assertEquals(4, back.length, dec.out());
        assertTrue(back[0].startsWith("{\"message\":\"HELLO\""), back[0]);
        for (String field : new String[] {"\"version\":1", "\"name\":\"box\"", "\"capabilities\":[\"a\",\"b\"]",
                "\"headers\":{\"k\":\"v\"}"}) {
            assertTrue(back[0].contains(field), field + " in " + back[0]);
        }
        assertTrue(back[1].contains("\"session\":\"3a60e6850a1e4cc15f3bfd4b42bc6b3e\"")
                && back[1].contains("\"greeting\":\"hi there\""), back[1]);
        assertTrue(back[2].contains("\"sequence\":7") && back[2].contains("\"payload\":\"abcd\""), back[2]);
        assertTrue(back[3].contains("\"server time\":18446744073709551615") && back[3].contains("\"trailer\":\"ff\""),
                back[3]);

        // and the decoded lines encode to the very same frames
        CliTest.Result again = runWithInput(dec.out(), "codec", "encode", "--model", example());
        assertOk(again);
        assertEquals(enc.out(), again.out());
    }

    @Test
    void aBadFieldIsAnErrorLineAndExitOne() {
        String input = "{\"message\":\"ECHO\",\"fields\":{\"sequence\":\"high\"}}\n"
                + "{\"message\":\"ECHO\",\"fields\":{\"sequence\":1}}\n"
                + "{\"message\":\"ECHO\",\"fields\":{\"sequence\":4294967296}}\n";
        CliTest.Result r = runWithInput(input, "codec", "encode", "--model", example());
        assertEquals(1, r.status(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(3, lines.length, r.out());
        assertTrue(lines[0].startsWith("{\"error\":") && lines[0].contains("ECHO") && lines[0].contains("sequence"),
                lines[0]);
        assertTrue(lines[1].startsWith("[\"aaa5"), lines[1]);
        assertTrue(lines[2].startsWith("{\"error\":") && lines[2].contains("sequence"), lines[2]);

        CliTest.Result d = runWithInput("[\"bbb001\"]\nnot json\n", "codec", "decode", "--model", example());
        assertEquals(1, d.status());
        for (String line : d.out().split("\n")) {
            assertTrue(line.startsWith("{\"error\":"), line);
        }
    }

    @Test
    void modelAndUsageErrorsExitTwo(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.xml");
        Files.writeString(bad, "<class name=\"bad\" signature=\"0\">\n<message name=\"M\" id=\"1\">\n"
                + "<field name=\"n\" type=\"number\" size=\"3\"/>\n</message>\n</class>\n");
        CliTest.Result r = runWithInput("{}\n", "codec", "encode", "--model", bad.toString());
        assertUsage(r, "bad.xml:");
        assertUsage(run("codec", "decode", "--model", dir.resolve("missing.xml").toString()), "missing.xml");
        assertUsage(run("codec", "encode"), "--model");
        assertUsage(run("codec"), "encode");
        assertUsage(run("codec", "transcode", "--model", example()), "transcode");
    }

    @Test
    void aMissingIncludeIsOnlyAWarning(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("included.xml");
        Files.writeString(model, "<class name=\"included\" signature=\"1\">\n<include filename=\"../license.xml\"/>\n"
                + "<message name=\"M\" id=\"1\"/>\n</class>\n");
        CliTest.Result r = runWithInput("", "codec", "decode", "--model", model.toString());
        assertOk(r);
        assertTrue(r.err().contains("included.xml:2: warning") && r.err().contains("license.xml"), r.err());
    }

    @Test
    void generateWritesJavaFiles(@TempDir Path dir) throws Exception {
        CliTest.Result r = run("generate", "--model", example(), "--out", dir.toString(), "--package", "com.example.proto");
        assertOk(r);
        Path file = dir.resolve("com/example/proto/EchoMsg.java");
        assertTrue(Files.isRegularFile(file), r.out());
        assertEquals(file.toString(), r.out().strip());
        String src = Files.readString(file);
        assertTrue(src.startsWith("package com.example.proto;") || src.contains("\npackage com.example.proto;"), src.substring(0, 200));

        Path second = dir.resolve("second.xml");
        Files.writeString(second, "<class name=\"second_msg\" signature=\"2\"><message name=\"PING\"/></class>");
        Path other = dir.resolve("default");
        CliTest.Result d = run("generate", "-m", example(), "-m", second.toString(), "-o", other.toString());
        assertOk(d);
        try (Stream<Path> files = Files.walk(other)) {
            List<String> java = files.filter(p -> p.toString().endsWith(".java"))
                    .map(p -> other.relativize(p).toString()).sorted().collect(Collectors.toList());
            assertEquals(List.of("echo_msg/EchoMsg.java", "second_msg/SecondMsg.java"), java);
        }
    }

    @Test
    void generateServerModelWritesTheEngineTheSkeletonOnceAndADiagram(@TempDir Path dir) throws Exception {
        String server = Path.of(example()).resolveSibling("greet_server.xml").toString();
        Path out = dir.resolve("gen");
        Path src = dir.resolve("src");
        CliTest.Result r = run("generate", "-m", server, "-o", out.toString(), "--skeleton", src.toString(), "--diagram");
        assertOk(r);
        Path engine = out.resolve("greet_msg/GreetServerEngine.java");
        Path skeleton = src.resolve("greet_msg/GreetServer.java");
        Path dot = out.resolve("greet_server.dot");
        assertTrue(Files.isRegularFile(engine) && Files.isRegularFile(skeleton) && Files.isRegularFile(dot), r.out());
        assertTrue(Files.readString(dot).contains("\"start\" -> \"connected\" [label=\"HELLO"), Files.readString(dot));

        Files.writeString(skeleton, "// my actions\n");
        CliTest.Result again = run("generate", "-m", server, "-o", out.toString(), "--skeleton", src.toString());
        assertOk(again);
        assertEquals("// my actions\n", Files.readString(skeleton), "the skeleton is never overwritten");
        assertTrue(again.err().contains("left as it is"), again.err());
    }

    @Test
    void generateUsageErrors(@TempDir Path dir) {
        assertUsage(run("generate", "--model", example(), "--out", dir.toString(), "--package", "1bad"), "1bad");
        assertUsage(run("generate", "--model", example()), "--out");
        assertUsage(run("generate", "--model", dir.resolve("none.xml").toString(), "--out", dir.toString()), "none.xml");
    }

    @Test
    void demoPrintsTheEchoReplies() {
        CliTest.Result r = run("demo", "-n", "2");
        assertOk(r);
        assertTrue(r.out().contains("server: ROUTER bound to tcp://127.0.0.1:"), r.out());
        assertTrue(r.out().contains("client: reply \"hello 1\"\n"), r.out());
        assertTrue(r.out().contains("client: reply \"hello 2\"\n"), r.out());
        assertTrue(r.out().endsWith("done: 2 round trips\n"), r.out());
        assertUsage(run("demo", "-n", "0"), "--count");
    }
}
