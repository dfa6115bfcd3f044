package io.zmq4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code zmq4j ws-demo} in a real browser: headless Chromium (Debian's {@code chromium}) loads the
 * page, whose JavaScript speaks ZWS 2.0 and the NULL handshake to the demo's socket; the test
 * reads the page's list of messages through the DevTools protocol until one that crossed the
 * socket is shown. Skipped, with the reason, where Chromium is not installed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WsDemoBrowserTest {

    static Path chromium() {
        for (String name : new String[] {"chromium", "chromium-browser", "google-chrome"}) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUB", "SERVER"})
    void theBrowserPageShowsAMessageThatCrossedTheSocket(String type) throws Exception {
        Path browser = chromium();
        assumeTrue(browser != null, "chromium is not installed (apt-get install -y chromium): the browser test of ws-demo is skipped");

        AtomicReference<Runnable> stop = new AtomicReference<>();
        Zmq4jCli.StopHook hook = action -> {
            stop.set(action);
            return () -> { };
        };
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> demo = CompletableFuture.supplyAsync(() -> Zmq4jCli.run(
                new String[] {"ws-demo", "--http-port", "0", "--ws-port", "0", "--interval", "100", "--type", type},
                new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true), new PrintWriter(err, true), hook));
        String url = awaitMatch(out, Pattern.compile("open (http://\\S+) in a browser"), demo, err);

        Path profile = Files.createTempDirectory("zmq4j-chromium-");
        Process chrome = new ProcessBuilder(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--remote-debugging-port=0", url)
                .redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile())
                .start();
        try {
            int port = devToolsPort(profile, chrome);
            String pageSocket = pageDebuggerUrl(port, url);
            String shown = "";
            try (Cdp cdp = new Cdp(pageSocket)) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < deadline) {
                    shown = cdp.evaluate("document.getElementById('status').textContent + ' || ' + "
                            + "Array.from(document.querySelectorAll('li.message')).map(li => li.textContent).join(' ; ')");
                    if (shown.contains("from zmq4j")) {
                        break;
                    }
                    Thread.sleep(100); // polling another process's page: nothing to wait on here
                }
            }
            assertTrue(shown.matches("(?s)connected: the " + type + " is ready \\|\\| .*message \\d+ from zmq4j at .*"),
                    "the page shows: " + shown + "\nchromium log:\n" + tail(profile.resolve("chromium.log")));
            if (type.equals("SERVER")) {
                assertTrue(out.toString().contains("a client says 'hello from the browser'"), out.toString());
            }
        } finally {
            // Chromium's helpers (renderer, network service) outlive the browser process for a
            // moment and keep writing into the profile: end them too before the profile goes
            List<ProcessHandle> helpers = chrome.descendants().collect(java.util.stream.Collectors.toList());
            chrome.destroy();
            helpers.forEach(ProcessHandle::destroy);
            if (!chrome.waitFor(10, TimeUnit.SECONDS)) {
                chrome.destroyForcibly();
            }
            for (ProcessHandle h : helpers) {
                try {
                    h.onExit().get(10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    h.destroyForcibly();
                }
            }
            if (stop.get() != null) {
                stop.get().run();
            }
            deleteTree(profile);
        }
        assertEquals(Zmq4jCli.OK, demo.get(20, TimeUnit.SECONDS), err.toString());
    }

    private static String awaitMatch(StringWriter out, Pattern p, CompletableFuture<Integer> demo, StringWriter err) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Matcher m = p.matcher(out.toString());
            if (m.find()) {
                return m.group(1);
            }
            if (demo.isDone()) {
                throw new AssertionError("ws-demo ended early (" + demo.get() + "): " + err);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("ws-demo never printed its page: " + out + err);
    }

    /** Chromium writes the DevTools port it got into the profile directory. */
    private static int devToolsPort(Path profile, Process chrome) throws Exception {
        Path file = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file);
                if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                    return Integer.parseInt(lines.get(0).trim());
                }
            }
            if (!chrome.isAlive()) {
                throw new AssertionError("chromium exited (" + chrome.exitValue() + "):\n" + tail(profile.resolve("chromium.log")));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("chromium never opened its DevTools port:\n" + tail(profile.resolve("chromium.log")));
    }

    /** The DevTools WebSocket of the tab showing {@code url}. */
    private static String pageDebuggerUrl(int port, String url) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Pattern target = Pattern.compile("\\{[^{}]*\"type\"\\s*:\\s*\"page\"[^{}]*\\}");
        Pattern ws = Pattern.compile("\"webSocketDebuggerUrl\"\\s*:\\s*\"(ws://[^\"]+)\"");
        while (System.nanoTime() < deadline) {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/json/list").toURL().openConnection();
            String json;
            try (InputStream in = c.getInputStream()) {
                json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Matcher t = target.matcher(json);
            while (t.find()) {
                String obj = t.group();
                Matcher w = ws.matcher(obj);
                if (obj.contains(url) && w.find()) {
                    return w.group(1);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no DevTools target for " + url);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // a temporary directory (a file may vanish while it is walked): the system cleans it eventually
        }
    }

    /**
     * Just enough of a WebSocket client (RFC 6455: masked text frames out, unmasked frames in) to
     * call {@code Runtime.evaluate} over Chromium's DevTools protocol.
     */
    static final class Cdp implements AutoCloseable {
        private final java.net.Socket socket;
        private final DataInputStream in;
        private final OutputStream out;
        private int nextId = 1;

        Cdp(String url) throws IOException {
            URI u = URI.create(url);
            socket = new java.net.Socket(u.getHost(), u.getPort());
            socket.setSoTimeout(10_000);
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
            byte[] nonce = new byte[16];
            new java.util.Random().nextBytes(nonce);
            out.write(("GET " + u.getRawPath() + " HTTP/1.1\r\nHost: " + u.getHost() + ":" + u.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                    + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("DevTools closed during the upgrade: " + head);
                }
                head.write(c);
            }
            if (!head.toString(StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 101")) {
                throw new IOException("DevTools refused the upgrade: " + head);
            }
        }

        /** Evaluates a JavaScript expression in the page; its value as a string. */
        String evaluate(String expression) throws IOException {
            int id = nextId++;
            String escaped = expression.replace("\\", "\\\\").replace("\"", "\\\"");
            send("{\"id\":" + id + ",\"method\":\"Runtime.evaluate\",\"params\":{\"expression\":\"" + escaped
                    + "\",\"returnByValue\":true}}");
            while (true) {
                String msg = receive();
                if (msg.startsWith("{\"id\":" + id + ",")) {
                    Matcher m = Pattern.compile("\"value\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(msg);
                    return m.find() ? m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : msg;
                }
            }
        }

        private void send(String text) throws IOException {
            byte[] p = text.getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream f = new ByteArrayOutputStream();
            f.write(0x81);
            if (p.length < 126) {
                f.write(0x80 | p.length);
            } else {
                f.write(0x80 | 126);
                f.write(p.length >> 8);
                f.write(p.length);
            }
            byte[] key = {7, 42, 99, 13};
            f.write(key);
            for (int i = 0; i < p.length; i++) {
                f.write(p[i] ^ key[i & 3]);
            }
            out.write(f.toByteArray());
            out.flush();
        }

        private String receive() throws IOException {
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            while (true) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                long len = b1 & 0x7F;
                if (len == 126) {
                    len = in.readUnsignedShort();
                } else if (len == 127) {
                    len = in.readLong();
                }
                byte[] p = new byte[(int) len];
                in.readFully(p);
                message.write(p);
                if ((b0 & 0x80) != 0) {
                    return message.toString(StandardCharsets.UTF_8);
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
