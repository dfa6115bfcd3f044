package io.zmq4j.examples.proto;

import static io.zmq4j.examples.proto.TestServers.WAIT;
import static io.zmq4j.examples.proto.TestServers.bindTcp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.zmq4j.Context;
import io.zmq4j.proto.Actor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Broker, client and worker all generated from zeromq/majordomo's models (mdp_broker,
 * mdp_client, mdp_worker): a request goes client to broker to worker and back over tcp.
 */
class MdpEndToEndTest {
    private final Context ctx = Context.create();
    private final Actor broker = Actor.start(ctx, "broker", new MdpBroker());

    @AfterEach
    void close() {
        broker.close();
        ctx.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void generatedClientAndWorkerCompleteARequestThroughTheGeneratedBrokerOverTcp() {
        String endpoint = bindTcp(broker);
        try (MdpWorker worker = new MdpWorker(ctx, endpoint, "echo");
             MdpClient client = new MdpClient(ctx, endpoint)) {
            assertInstanceOf(MdpWorker.Success.class, worker.constructorReply());
            assertInstanceOf(MdpClient.Success.class, client.constructorReply());

            client.request("echo", List.of(utf8("hello")));
            MdpWorkerMsg.WorkerRequest request = assertInstanceOf(MdpWorkerMsg.WorkerRequest.class, worker.recv(WAIT));
            assertArrayEquals(utf8("hello"), request.body().get(0));
            worker.sendPartial(request.address(), List.of(utf8("hel")));
            worker.sendFinal(request.address(), List.of(utf8("hello, back")));

            MdpClientMsg.ClientPartial partial = assertInstanceOf(MdpClientMsg.ClientPartial.class, client.recv(WAIT));
            assertArrayEquals(utf8("hel"), partial.body().get(0));
            MdpClientMsg.ClientFinal reply = assertInstanceOf(MdpClientMsg.ClientFinal.class, client.recv(WAIT));
            assertEquals("echo", reply.service());
            assertArrayEquals(utf8("hello, back"), reply.body().get(0));

            // The client is back in "connected": a second request works the same way.
            client.request("echo", List.of(utf8("again")));
            request = assertInstanceOf(MdpWorkerMsg.WorkerRequest.class, worker.recv(WAIT));
            worker.sendFinal(request.address(), request.body());
            reply = assertInstanceOf(MdpClientMsg.ClientFinal.class, client.recv(WAIT));
            assertArrayEquals(utf8("again"), reply.body().get(0));
        }
    }
}
