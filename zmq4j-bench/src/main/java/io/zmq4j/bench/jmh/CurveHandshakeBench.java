package io.zmq4j.bench.jmh;

import io.zmq4j.CurveKeyPair;
import io.zmq4j.SocketType;
import io.zmq4j.internal.security.Mechanisms;
import io.zmq4j.internal.socket.Options;
import io.zmq4j.internal.zmtp.Mechanism;
import io.zmq4j.internal.zmtp.ZmtpException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CPU of one CURVE handshake, both sides in one thread with the commands passed in memory
 * (HELLO, WELCOME, INITIATE, READY; no ZAP handler): what each new connection costs a server and
 * its client beyond tcp. The sockets' keys are set once, as a server's and a client's would be.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CurveHandshakeBench {
    private static final Map<String, byte[]> OURS = Map.of("Socket-Type", "DEALER".getBytes(StandardCharsets.US_ASCII));
    private Options server;
    private Options client;

    @Setup
    public void setup() {
        CurveKeyPair s = CurveKeyPair.generate();
        CurveKeyPair c = CurveKeyPair.generate();
        server = new Options(SocketType.DEALER);
        server.mechanism = "CURVE";
        server.asServer = true;
        server.curveSecret(s.secretKey());
        client = new Options(SocketType.DEALER);
        client.mechanism = "CURVE";
        client.curveServerKey = s.publicKey();
        client.curvePublicKey = c.publicKey();
        client.curveSecret(c.secretKey());
    }

    @Benchmark
    public Map<String, byte[]> handshake() throws ZmtpException {
        Mechanism s = Mechanisms.create(server, OURS, "127.0.0.1", null, () -> {});
        Mechanism c = Mechanisms.create(client, OURS, "127.0.0.1", null, () -> {});
        ArrayDeque<byte[]> toServer = new ArrayDeque<>();
        ArrayDeque<byte[]> toClient = new ArrayDeque<>();
        try {
            c.start(toServer::add);
            s.start(toClient::add);
            s.command(toServer.poll(), toClient::add); // HELLO -> WELCOME
            c.command(toClient.poll(), toServer::add); // WELCOME -> INITIATE
            if (!s.command(toServer.poll(), toClient::add) || !c.command(toClient.poll(), toServer::add)) {
                throw new IllegalStateException("handshake not done");
            }
            return s.peerProperties();
        } finally {
            s.close();
            c.close();
        }
    }
}
