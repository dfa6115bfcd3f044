package io.zmq4j.examples.proto;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The Majordomo broker's own code for {@code mdp_broker.xml} (zeromq/majordomo's model of
 * 7/MDP, in zproto framing): the skeleton zmq4j-codegen wrote once, filled in. The generated
 * {@link MdpBrokerEngine} keeps one client object per ROUTER peer and calls these actions;
 * this class keeps the services, their queued requests and their waiting workers.
 *
 * <pre>{@code
 * try (Actor broker = Actor.start(ctx, "broker", new MdpBroker())) {
 *     broker.send("BIND", "tcp://*:5555");
 *     // workers send READY "echo", clients send CLIENT REQUEST "echo" ...
 * }
 * }</pre>
 *
 * <p>Configuration: {@code mdp_broker/heartbeat} (ms between heartbeats to workers, 2500) and
 * {@code mdp_broker/liveness} (heartbeats a worker may miss before it is dropped, 3).
 */
public class MdpBroker extends MdpBrokerEngine {
    private final Map<String, Service> services = new HashMap<>();
    private Duration heartbeat = Duration.ofMillis(2500);
    private int liveness = 3;

    /** A service: requests waiting for a worker, and workers waiting for a request. */
    private static final class Service {
        final String name;
        final ArrayDeque<MdpMsg.ClientRequest> requests = new ArrayDeque<>();
        final ArrayDeque<Client> waiting = new ArrayDeque<>();

        Service(String name) {
            this.name = name;
        }
    }

    public MdpBroker() {}

    @Override
    protected void configured() {
        heartbeat = Duration.ofMillis(Long.parseLong(config().get("mdp_broker/heartbeat", "2500").trim()));
        liveness = Integer.parseInt(config().get("mdp_broker/liveness", "3").trim());
    }

    @Override
    protected ClientActions createClient() {
        return new Client();
    }

    private Service service(String name) {
        return services.computeIfAbsent(name, Service::new);
    }

    /** Hands queued requests to waiting workers, oldest first. */
    private void dispatch(Service s) {
        while (!s.requests.isEmpty() && !s.waiting.isEmpty()) {
            MdpMsg.ClientRequest request = s.requests.poll();
            Client worker = s.waiting.poll();
            worker.reply(MdpMsg.WorkerRequest.builder()
                    .address(request.routingId())
                    .empty(new byte[0])
                    .body(request.body())
                    .build());
        }
    }

    /** A ROUTER peer: a client sending requests, or a worker that said READY. */
    final class Client extends ClientActions {
        private Service service;       // the worker's service; null for a client
        private long lastHeard = System.nanoTime();

        @Override
        protected void resetTimeouts() {
            lastHeard = System.nanoTime();
        }

        @Override
        protected void handleReady() {
            if (service != null) {
                return; // READY twice: already registered
            }
            service = service(((MdpMsg.Ready) message()).service());
            service.waiting.add(this);
            dispatch(service);
        }

        @Override
        protected void handleSetWakeup() {
            if (service != null) {
                setWakeupEvent(heartbeat, Event.SEND_HEARTBEAT);
            }
        }

        @Override
        protected void handleRequest() {
            MdpMsg.ClientRequest request = (MdpMsg.ClientRequest) message();
            Service s = service(request.service());
            s.requests.add(request);
            dispatch(s);
        }

        @Override
        protected void handleWorkerPartial() {
            MdpMsg.WorkerPartial partial = (MdpMsg.WorkerPartial) message();
            toClient(partial.address(), MdpMsg.ClientPartial.builder().service(serviceName())
                    .body(partial.body()).build());
        }

        @Override
        protected void handleWorkerFinal() {
            MdpMsg.WorkerFinal reply = (MdpMsg.WorkerFinal) message();
            toClient(reply.address(), MdpMsg.ClientFinal.builder().service(serviceName())
                    .body(reply.body()).build());
            if (service != null) {
                service.waiting.add(this);
                dispatch(service);
            }
        }

        private String serviceName() {
            return service == null ? "" : service.name;
        }

        private void toClient(byte[] address, MdpMsg.Message reply) {
            sendTo(address, reply);
        }

        @Override
        protected void checkTimeouts() {
            if (System.nanoTime() - lastHeard > heartbeat.toNanos() * liveness) {
                deleteWorker();
            }
        }

        @Override
        protected void deleteWorker() {
            terminate();
        }

        @Override
        protected void destroyBroker() {
            // The model's "destructor" event is a client-API event; a server never raises it.
        }

        @Override
        protected void clientTerminate() {
            if (service != null) {
                service.waiting.remove(this);
            }
        }
    }
}
