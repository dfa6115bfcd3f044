package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ACCEPT_FAILED needs an accept() that fails: a child JVM with a small file-descriptor limit
 * runs a bound socket, and this test opens more connections than it may hold.
 */
@Timeout(60)
class AcceptFailedTest {
    /** The child: binds, prints the endpoint, prints the first ACCEPT_FAILED and exits. */
    public static final class Server {
        public static void main(String[] args) throws Exception {
            CountDownLatch failed = new CountDownLatch(1);
            try (Context ctx = Context.create()) {
                Socket pull = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO);
                pull.onEvent(java.util.EnumSet.of(Event.ACCEPT_FAILED), e -> {
                    if (failed.getCount() > 0) {
                        System.out.println(e);
                        System.out.flush();
                        failed.countDown();
                    }
                });
                System.out.println("BOUND " + pull.bind("tcp://127.0.0.1:*"));
                System.out.flush();
                failed.await(30, TimeUnit.SECONDS);
            }
            System.exit(0);
        }
    }

    @Test
    void runningOutOfFileDescriptorsReportsAcceptFailed() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        String cp = System.getProperty("java.class.path");
        Process child = new ProcessBuilder("bash", "-c",
                "ulimit -n 96 && exec \"$0\" -cp \"$1\" \"$2\"", java, cp, Server.class.getName())
                .redirectErrorStream(true).start();
        List<java.net.Socket> clients = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertTrue(first != null && first.startsWith("BOUND tcp://"), "child said " + first);
            String hostPort = first.substring("BOUND tcp://".length());
            int colon = hostPort.lastIndexOf(':');
            InetSocketAddress addr = new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
            AtomicReference<String> event = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                try {
                    String line;
                    while ((line = out.readLine()) != null) {
                        if (line.startsWith("ACCEPT_FAILED")) {
                            event.set(line);
                            return;
                        }
                    }
                } catch (java.io.IOException ignored) {
                    // the child went away
                }
            });
            reader.start();
            for (int i = 0; i < 200 && event.get() == null; i++) {
                java.net.Socket s = new java.net.Socket();
                clients.add(s);
                try {
                    s.connect(addr, 2000);
                } catch (java.io.IOException refused) {
                    break; // the child reported and exited meanwhile, or its backlog is full
                }
            }
            reader.join(20_000);
            String e = event.get();
            assertTrue(e != null, "no ACCEPT_FAILED after " + clients.size() + " connections");
            assertTrue(e.contains("value=24"), "EMFILE expected: " + e);
        } finally {
            for (java.net.Socket s : clients) {
                s.close();
            }
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
