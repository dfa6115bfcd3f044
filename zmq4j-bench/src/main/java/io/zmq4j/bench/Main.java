package io.zmq4j.bench;

import java.util.Arrays;

/**
 * Entry point of the bench jar.
 *
 * <pre>
 *   java -jar zmq4j-bench.jar zmq4j|zmq4j-spin|zmq4j-curve|jeromq|jeromq-curve|raw local_thr  &lt;bind-to&gt; &lt;message-size&gt; &lt;message-count&gt;
 *                                            remote_thr &lt;connect-to&gt; &lt;message-size&gt; &lt;message-count&gt;
 *                                            local_lat  &lt;bind-to&gt; &lt;message-size&gt; &lt;roundtrip-count&gt;
 *                                            remote_lat &lt;connect-to&gt; &lt;message-size&gt; &lt;roundtrip-count&gt;
 *                                            inproc_thr &lt;message-size&gt; &lt;message-count&gt;      (not raw)
 *                                            inproc_lat &lt;message-size&gt; &lt;roundtrip-count&gt;    (not raw)
 *   java -jar zmq4j-bench.jar zmq4j lowrate_lat &lt;connect-to&gt; &lt;message-size&gt; &lt;count&gt; [rate=1000]
 *   java -jar zmq4j-bench.jar zmq4j|zmq4j-curve scale_server &lt;bind-to&gt; [connections=10000]
 *   java -jar zmq4j-bench.jar zmq4j|zmq4j-curve scale_client &lt;connect-to&gt; [connections=10000]
 *   java -jar zmq4j-bench.jar jmh [JMH options]
 *   --windows MS (anywhere): local_thr and inproc_thr also print msg/s per MS-millisecond window
 * </pre>
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("jmh")) {
            org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        int wi = Arrays.asList(args).indexOf("--windows");
        if (wi >= 0 && wi + 1 < args.length) { // e.g. --windows 100 or --windows 100ms
            Perf.windowMs = Long.parseLong(args[wi + 1].replace("ms", ""));
            String[] kept = new String[args.length - 2];
            System.arraycopy(args, 0, kept, 0, wi);
            System.arraycopy(args, wi + 2, kept, wi, args.length - wi - 2);
            args = kept;
        }
        if (args.length < 2) {
            System.err.println("usage: zmq4j|zmq4j-spin|zmq4j-curve|jeromq|jeromq-curve|raw <tool> <args...>   or   jmh [options]");
            System.exit(1);
        }
        String impl = args[0];
        String tool = args[1];
        String[] rest = Arrays.copyOfRange(args, 2, args.length);
        int need = tool.startsWith("inproc_") ? 2 : tool.startsWith("scale_") ? 1 : 3;
        if (rest.length < need) {
            System.err.println("usage: " + impl + " " + tool + (tool.startsWith("inproc_")
                    ? " <message-size> <count>" : tool.startsWith("scale_") ? " <endpoint> [connections]"
                    : " <endpoint> <message-size> <count>"));
            System.exit(1);
        }
        switch (impl) {
            case "raw" -> RawPerf.run(tool, rest);
            case "zmq4j", "zmq4j-spin", "zmq4j-curve", "jeromq", "jeromq-curve" -> {
                if (tool.equals("lowrate_lat") || tool.startsWith("scale_")) {
                    if (!impl.startsWith("zmq4j") || impl.endsWith("-curve") && tool.equals("lowrate_lat")) {
                        throw new IllegalArgumentException(tool + " is for " + (tool.startsWith("scale_") ? "zmq4j and zmq4j-curve" : "zmq4j")
                                + " (and bench/c for libzmq)");
                    }
                    if (tool.equals("lowrate_lat")) {
                        LowRateLat.run(rest, Zmq4jLib.context(impl));
                    } else {
                        Scale.run(tool, rest, impl.endsWith("-curve"));
                    }
                    return;
                }
                boolean curve = impl.endsWith("-curve");
                if (curve && tool.startsWith("inproc_")) {
                    throw new IllegalArgumentException("inproc has no security mechanism: " + impl + " is for tcp and ipc");
                }
                try (Lib lib = impl.startsWith("jeromq") ? new JeromqLib(curve) : new Zmq4jLib(curve, Zmq4jLib.context(impl))) {
                    Perf.run(lib, tool, rest);
                }
            }
            default -> throw new IllegalArgumentException("unknown implementation " + impl);
        }
        System.exit(0); // do not wait on any non-daemon thread a library left behind
    }
}
