package io.zmq4j.examples.proto;

import io.zmq4j.ZmqException;

/**
 * The Majordomo client's actions for zeromq/majordomo's {@code mdp_client.xml}: the skeleton
 * zmq4j-codegen wrote once, filled in. The generated {@link MdpClient} is the API:
 *
 * <pre>{@code
 * try (MdpClient client = new MdpClient(ctx, "tcp://127.0.0.1:5555")) {
 *     client.request("echo", List.of("hello".getBytes()));
 *     MdpClientMsg.ClientFinal reply = (MdpClientMsg.ClientFinal) client.recv(Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public class MdpClientActions extends MdpClientEngine {
    public MdpClientActions() {}

    @Override
    protected void connectToServer() {
        try {
            dealer().connect(argEndpoint());
        } catch (ZmqException e) {
            raise(Event.CONNECT_ERROR);
        }
    }

    @Override
    protected void signalConnectionSuccess() {
        replySuccess(0);
    }

    @Override
    protected void signalConnectError() {
        replyFailure(-1, "cannot connect to " + argEndpoint());
    }

    @Override
    protected void sendRequestToBroker() {
        send(MdpClientMsg.ClientRequest.builder().service(argService()).body(argBody()).build());
    }

    @Override
    protected void sendPartialResponse() {
        deliver(message());
    }

    @Override
    protected void sendFinalResponse() {
        deliver(message());
    }

    @Override
    protected void disconnectFromBroker() {
        // The actor closes the DEALER when it ends.
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
