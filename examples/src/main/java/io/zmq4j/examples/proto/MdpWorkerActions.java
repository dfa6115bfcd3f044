package io.zmq4j.examples.proto;

import io.zmq4j.ZmqException;
import java.time.Duration;

/**
 * The Majordomo worker's actions for zeromq/majordomo's {@code mdp_worker.xml}: the skeleton
 * zmq4j-codegen wrote once, filled in. The generated {@link MdpWorker} is the API:
 *
 * <pre>{@code
 * try (MdpWorker worker = new MdpWorker(ctx, "tcp://127.0.0.1:5555", "echo")) {
 *     MdpWorkerMsg.WorkerRequest request = (MdpWorkerMsg.WorkerRequest) worker.recv();
 *     worker.sendFinal(request.address(), request.body());
 * }
 * }</pre>
 */
public class MdpWorkerActions extends MdpWorkerEngine {
    private static final Duration HEARTBEAT = Duration.ofMillis(2500);
    private static final int LIVENESS = 3;

    private String service = "";
    private long lastHeard = System.nanoTime();
    private MdpWorkerMsg.Message reply;

    public MdpWorkerActions() {}

    @Override
    protected void connectToServer() {
        try {
            dealer().connect(argEndpoint());
        } catch (ZmqException e) {
            raise(Event.CONNECT_ERROR);
        }
    }

    @Override
    protected void prepareReadyMessage() {
        service = argService();
    }

    @Override
    protected MdpWorkerMsg.Ready messageReady() {
        return MdpWorkerMsg.Ready.builder().service(service).build();
    }

    @Override
    protected void handleSetWakeup() {
        setWakeupEvent(HEARTBEAT, Event.SEND_HEARTBEAT);
    }

    @Override
    protected void signalConnectionSuccess() {
        replySuccess(0);
    }

    @Override
    protected void handleConnectError() {
        replyFailure(-1, "cannot connect to " + argEndpoint());
    }

    @Override
    protected void signalRequest() {
        lastHeard = System.nanoTime();
        deliver(message());
    }

    @Override
    protected void checkTimeouts() {
        if (System.nanoTime() - lastHeard > HEARTBEAT.toNanos() * LIVENESS) {
            log("broker silent for " + LIVENESS + " heartbeats");
        }
    }

    @Override
    protected void resetTimeouts() {
        lastHeard = System.nanoTime();
    }

    @Override
    protected void preparePartialResponse() {
        reply = MdpWorkerMsg.WorkerPartial.builder().address(argAddress()).empty(new byte[0])
                .body(argReplyBody()).build();
    }

    @Override
    protected MdpWorkerMsg.WorkerPartial messageWorkerPartial() {
        return (MdpWorkerMsg.WorkerPartial) reply;
    }

    @Override
    protected void prepareFinalResponse() {
        reply = MdpWorkerMsg.WorkerFinal.builder().address(argAddress()).empty(new byte[0])
                .body(argReplyBody()).build();
    }

    @Override
    protected MdpWorkerMsg.WorkerFinal messageWorkerFinal() {
        return (MdpWorkerMsg.WorkerFinal) reply;
    }

    @Override
    protected void destroyWorker() {
        send(MdpWorkerMsg.Disconnect.builder().build());
    }

    @Override
    protected void receivedHeartbeat() {
        lastHeard = System.nanoTime();
    }

    @Override
    protected void handleSetVerbose() {
        log("verbose");
    }

    @Override
    protected void logProtocolError() {
        log("unexpected " + message());
    }
}
