package io.zmq4j.cli;

import static io.zmq4j.cli.CliTest.assertOk;
import static io.zmq4j.cli.CliTest.assertUsage;
import static io.zmq4j.cli.CliTest.run;
import static io.zmq4j.cli.CliTest.runWithInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** zmq4j codec encode|decode, zmq4j generate and zmq4j demo, on the shared zproto model corpus. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CodecCliTest {
    /** The shared model corpus beside the repository (set by the pom; else found relative to the module). */
    static Path models() {
        String configured = System.getProperty("zproto.models");
        Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().resolve("../../shared/zproto-models");
        assumeTrue(Files.isDirectory(root), "no zproto model corpus at " + root);
        return root.normalize();
    }

    static String example() {
        return models().resolve("zeromq__zproto/src/zproto_example.xml").toString();
    }

    @Test
    void encodeThenDecodeRoundTrips() {
        String messages = String.join("\n",
                "{\"message\":\"LOG\",\"fields\":{\"sequence\":7,\"level\":2,\"event\":1,\"node\":513,\"peer\":9,"
                        + "\"time\":18446744073709551615,\"host\":\"box\",\"data\":\"some data\"}}",
                "{\"message\":\"STRUCTURES\",\"fields\":{\"sequence\":1,\"aliases\":[\"a\",\"b\"],\"headers\":{\"k\":\"v\"}}}",
                "{\"message\":\"BINARY\",\"fields\":{\"flags\":\"01020304\",\"public key\":\"abcd\",\"address\":\"ff\",\"content\":[\"00\",\"\"]}}",
                "{\"message\":\"TYPES\",\"fields\":{\"client forename\":\"Al\",\"supplier email\":\"s@x\"}}") + "\n";
        CliTest.Result enc = runWithInput(messages, "codec", "encode", "--model", example());
        assertOk(enc);
        assertEquals("", enc.err());
        String[] frames = enc.out().split("\n");
        assertEquals(4, frames.length, enc.out());
        for (String f : frames) {
            assertTrue(f.matches("\\[\"aaa0[0-9a-f]*\"(,\"[0-9a-f]*\")*\\]"), f);
        }
        // LOG: signature 0xAAA0|0, id 1, sequence 7 (2 bytes), version 3 (constant), level 2
        assertTrue(frames[0].startsWith("[\"aaa001000700030201"), frames[0]);

        CliTest.Result dec = runWithInput(enc.out(), "codec", "decode", "-m", example());
        assertOk(dec);
        String[] back = dec.out().split("\n");
        assertEquals(4, back.length, dec.out());
        assertTrue(back[0].startsWith("{\"message\":\"LOG\""), back[0]);
        for (String field : new String[] {"\"sequence\":7", "\"version\":3", "\"level\":2", "\"node\":513",
                "\"time\":18446744073709551615", "\"host\":\"box\"", "\"data\":\"some data\""}) {
            assertTrue(back[0].contains(field), field + " in " + back[0]);
        }
        assertTrue(back[1].contains("\"aliases\":[\"a\",\"b\"]") && back[1].contains("\"headers\":{\"k\":\"v\"}"), back[1]);
        assertTrue(back[2].contains("\"public key\":\"abcd\"") && back[2].contains("\"content\":[\"00\",\"\"]"), back[2]);
        assertTrue(back[3].contains("\"client forename\":\"Al\"") && back[3].contains("\"supplier email\":\"s@x\""), back[3]);

        // and the decoded lines encode to the very same frames
        CliTest.Result again = runWithInput(dec.out(), "codec", "encode", "--model", example());
        assertOk(again);
        assertEquals(enc.out(), again.out());
    }

    @Test
    void aBadFieldIsAnErrorLineAndExitOne() {
        String input = "{\"message\":\"LOG\",\"fields\":{\"level\":\"high\"}}\n"
                + "{\"message\":\"LOG\",\"fields\":{\"level\":1}}\n"
                + "{\"message\":\"LOG\",\"fields\":{\"level\":256}}\n";
        CliTest.Result r = runWithInput(input, "codec", "encode", "--model", example());
        assertEquals(1, r.status(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(3, lines.length, r.out());
        assertTrue(lines[0].startsWith("{\"error\":") && lines[0].contains("LOG") && lines[0].contains("level"), lines[0]);
        assertTrue(lines[1].startsWith("[\"aaa0"), lines[1]);
        assertTrue(lines[2].startsWith("{\"error\":") && lines[2].contains("level"), lines[2]);

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
    void aMissingIncludeIsOnlyAWarning() throws Exception {
        Path model = models().resolve("zeromq__majordomo/src/mdp_client_msg.xml");
        assumeTrue(Files.isRegularFile(model), "no majordomo model");
        CliTest.Result r = runWithInput("", "codec", "decode", "--model", model.toString());
        assertOk(r);
        assertTrue(r.err().contains("warning") && r.err().contains("license.xml"), r.err());
    }

    @Test
    void generateWritesJavaFiles(@TempDir Path dir) throws Exception {
        CliTest.Result r = run("generate", "--model", example(), "--out", dir.toString(), "--package", "com.example.proto");
        assertOk(r);
        Path file = dir.resolve("com/example/proto/ZprotoExample.java");
        assertTrue(Files.isRegularFile(file), r.out());
        assertEquals(file.toString(), r.out().strip());
        String src = Files.readString(file);
        assertTrue(src.startsWith("package com.example.proto;") || src.contains("\npackage com.example.proto;"), src.substring(0, 200));

        Path other = dir.resolve("default");
        CliTest.Result d = run("generate", "-m", example(), "-m", models().resolve("zeromq__zyre/src/zre_msg.xml").toString(),
                "-o", other.toString());
        assertOk(d);
        try (Stream<Path> files = Files.walk(other)) {
            List<String> java = files.filter(p -> p.toString().endsWith(".java"))
                    .map(p -> other.relativize(p).toString()).sorted().collect(Collectors.toList());
            assertEquals(List.of("zproto_example/ZprotoExample.java", "zre_msg/ZreMsg.java"), java);
        }
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
