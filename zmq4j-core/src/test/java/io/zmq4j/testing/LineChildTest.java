package io.zmq4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The line-protocol child process the interop and fault tests' peers are built on. */
class LineChildTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private static LineChild sh(String script) {
        return new LineChild(List.of("/bin/sh", "-c", script), "sh");
    }

    @Test
    void commandsOnStdinAreAnsweredLineByLine() throws Exception {
        try (LineChild child = sh("while read l; do echo \"got $l\"; done")) {
            child.write("one");
            child.write("two");
            assertEquals("got one", child.line(WAIT));
            assertEquals("got two", child.line(WAIT));
        }
    }

    @Test
    void endedOutputReadsAsNullEveryTimeAndSaysSo() {
        try (LineChild child = sh("echo last")) {
            assertEquals("last", child.line(WAIT));
            assertNull(child.line(WAIT));
            assertTrue(child.outputEnded());
            assertNull(child.line(WAIT));
            assertEquals(0, child.waitExit(WAIT));
        }
    }

    @Test
    void silenceReadsAsNullAtTheDeadlineWithoutEndingTheOutput() {
        try (LineChild child = sh("read l")) {
            assertNull(child.line(Duration.ofMillis(50)));
            assertFalse(child.outputEnded());
        }
    }

    @Test
    void stderrIsKeptForTheFailureMessage() {
        try (LineChild child = sh("echo oops >&2; echo done")) {
            assertEquals("done", child.line(WAIT));
            assertEquals(0, child.waitExit(WAIT));
            // the stderr reader may still be appending after the exit
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!child.stderr().contains("oops") && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000);
            }
            assertTrue(child.diagnostics().contains("stderr: oops"), child.diagnostics());
        }
    }

    @Test
    void closeKillsAProcessThatWouldRunOn() {
        LineChild child = sh("while true; do read l; done");
        child.close();
        assertFalse(child.isAlive());
    }
}
