package io.zmq4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The commands in README.md and zmq4j-cli/README.md that name a model are read from the README
 * text itself (never retyped here) and run with bash from the repository root, through the real
 * launcher, as a user pasting them after the README's first command would. So a README that
 * points at a file outside the repository, or at one that is gone, fails this test.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReadmeCommandsIT {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern FENCE = Pattern.compile("^\\s*```.*$");
    private static final Pattern ASSIGNMENT = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*=\\S.*");
    private static final Pattern NAMES_A_MODEL = Pattern.compile(".*\\s(--model|-m)\\s.*");

    /** One fenced shell block's commands that name a model, with the variables they use. */
    record Snippet(String readme, List<String> lines) {
        String script() {
            return String.join("\n", lines) + "\n";
        }
    }

    /** The lines of every fenced shell block of {@code readme}, one list per block. */
    static List<List<String>> shellBlocks(Path readme) throws IOException {
        List<List<String>> out = new ArrayList<>();
        boolean inBlock = false;
        List<String> shell = null; // the open block's lines when it is a shell block
        for (String line : Files.readAllLines(readme)) {
            if (FENCE.matcher(line).matches()) {
                if (!inBlock) {
                    inBlock = true;
                    shell = line.strip().matches("```(sh|bash|shell)") ? new ArrayList<>() : null;
                } else {
                    if (shell != null) {
                        out.add(shell);
                    }
                    inBlock = false;
                    shell = null;
                }
            } else if (shell != null) {
                shell.add(line.strip());
            }
        }
        return out;
    }

    /** Every shell block of {@code readme} reduced to its model commands; blocks without one are left out. */
    static List<Snippet> modelCommands(Path readme) throws IOException {
        List<Snippet> out = new ArrayList<>();
        for (List<String> block : shellBlocks(readme)) {
            Snippet s = select(readme, block);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /** Joins backslash continuations, then keeps assignments and the commands naming a model. */
    private static Snippet select(Path readme, List<String> block) {
        List<String> logical = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : block) {
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            logical.add(pending.append(line).toString());
            pending.setLength(0);
        }
        List<String> kept = new ArrayList<>();
        boolean anyModel = false;
        for (String line : logical) {
            if (NAMES_A_MODEL.matcher(line).matches()) {
                kept.add(line);
                anyModel = true;
            } else if (ASSIGNMENT.matcher(line).matches()) {
                kept.add(line);
            }
        }
        return anyModel ? new Snippet(ROOT.relativize(readme).toString(), kept) : null;
    }

    private static LauncherIT.Outcome bash(String script) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(ROOT.toFile());
        LauncherIT.Running running = new LauncherIT.Running(pb.start());
        running.process.getOutputStream().close();
        return running.await();
    }

    private static void runAll(Path readme, int expectedCommands) throws Exception {
        List<Snippet> snippets = modelCommands(readme);
        long commands = snippets.stream().flatMap(s -> s.lines().stream())
                .filter(l -> NAMES_A_MODEL.matcher(l).matches()).count();
        assertEquals(expectedCommands, commands, "model commands found in " + readme + ": " + snippets);
        for (Snippet s : snippets) {
            LauncherIT.Outcome o = bash(s.script());
            String what = s.readme() + ":\n" + s.script() + "stdout: " + o.out() + "\nstderr: " + o.err();
            assertEquals(0, o.status(), what);
            assertFalse(o.out().isBlank(), what);
            assertFalse(o.err().contains("error"), what);
            for (String line : o.out().split("\n")) {
                if (line.endsWith(".java")) {
                    assertTrue(Files.isRegularFile(ROOT.resolve(line)), "generate printed a file that is not there: " + what);
                }
            }
        }
    }

    @Test
    void theMainReadmesModelCommandsRunInThisClone() throws Exception {
        // codec encode, generate (a codec), generate (a server, with its diagram)
        runAll(ROOT.resolve("README.md"), 3);
    }

    @Test
    void theCliReadmesModelCommandsRunInThisClone() throws Exception {
        // codec encode | codec decode, one pipeline
        runAll(ROOT.resolve("zmq4j-cli/README.md"), 1);
    }

    @Test
    void noCommandInTheDocsReadsFromBesideTheRepository() throws Exception {
        for (String readme : List.of("README.md", "zmq4j-cli/README.md", "docs/zproto.md", "examples/README.md")) {
            for (List<String> block : shellBlocks(ROOT.resolve(readme))) {
                for (String line : block) {
                    assertFalse(line.contains("../shared"), readme + ": a command reads outside the repository: " + line);
                }
            }
        }
    }
}
