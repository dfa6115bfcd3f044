package io.zmq4j.examples.proto;

import java.time.Duration;

/**
 * The greeting client's actions for {@code greet_client.xml}: the skeleton zmq4j-codegen wrote
 * once, filled in. The generated {@link GreetClient} is the API:
 *
 * <pre>{@code
 * try (GreetClient client = new GreetClient(ctx, "tcp://127.0.0.1:5555", "ann")) {
 *     GreetClient.Done done = (GreetClient.Done) client.work(50);
 * }
 * }</pre>
 */
public class GreetClientActions extends GreetClientEngine {
    /** How long the server may be silent before the client pings it. */
    static final Duration HEARTBEAT = Duration.ofMillis(100);

    private String name = "";
    private long pongs;

    public GreetClientActions() {}

    @Override
    protected void connectToServer() {
        name = argName();
        dealer().connect(argEndpoint());
    }

    @Override
    protected void useHeartbeatTimer() {
        setTimeout(HEARTBEAT);
    }

    @Override
    protected GreetMsg.Hello messageHello() {
        return GreetMsg.Hello.builder().name(name).build();
    }

    @Override
    protected void signalConnected() {
        replyConnected(((GreetMsg.World) message()).greeting());
    }

    @Override
    protected GreetMsg.Work messageWork() {
        return GreetMsg.Work.builder().millis(argMillis()).build();
    }

    @Override
    protected void signalDone() {
        replyDone(((GreetMsg.Done) message()).jobs());
    }

    @Override
    protected void countPong() {
        pongs++;
    }

    @Override
    protected void reportPongs() {
        replyPongs(pongs);
    }
}
