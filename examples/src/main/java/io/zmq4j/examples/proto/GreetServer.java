package io.zmq4j.examples.proto;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The greeting server's own code for {@code greet_server.xml}: the skeleton zmq4j-codegen wrote
 * once, filled in. The state machine is in the generated {@link GreetServerEngine}.
 *
 * <pre>{@code
 * try (Actor server = Actor.start(ctx, "greet", new GreetServer())) {
 *     server.send("SET", "server/timeout", "5000");
 *     server.send("BIND", "tcp://127.0.0.1:5555");
 * }
 * }</pre>
 */
public class GreetServer extends GreetServerEngine {
    /** Clients that expired, as the model's "count expiry" action counts them (read from any thread). */
    public final AtomicLong expiries = new AtomicLong();
    /** Client objects whose state was freed, by {@code clientTerminate}. */
    public final AtomicLong freed = new AtomicLong();

    public GreetServer() {}

    @Override
    protected ClientActions createClient() {
        return new Client();
    }

    /** One client connection: the name it gave and the jobs done for it. */
    final class Client extends ClientActions {
        private String name = "";
        private long jobs;

        @Override
        protected void rememberName() {
            name = ((GreetMsg.Hello) message()).name();
        }

        @Override
        protected GreetMsg.World messageWorld() {
            return GreetMsg.World.builder().greeting("Hello, " + name).build();
        }

        @Override
        protected void startWork() {
            long millis = ((GreetMsg.Work) message()).millis();
            setWakeupEvent(Duration.ofMillis(millis), Event.WORK_DONE);
        }

        @Override
        protected void countJob() {
            jobs++;
        }

        @Override
        protected GreetMsg.Done messageDone() {
            return GreetMsg.Done.builder().jobs(jobs).build();
        }

        @Override
        protected void countExpiry() {
            expiries.incrementAndGet();
        }

        @Override
        protected void clientTerminate() {
            freed.incrementAndGet();
        }
    }
}
