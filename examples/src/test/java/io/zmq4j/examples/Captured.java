package io.zmq4j.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** A PrintStream for an example to print to, and what it printed. */
final class Captured {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    String text() {
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    List<String> lines() {
        return Arrays.asList(text().split("\\R"));
    }

    /** Also shows the output in the test log, so a failure can be read. */
    String dump() {
        String t = text();
        System.out.print(t);
        return t;
    }
}
