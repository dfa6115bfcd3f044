package io.zmq4j.examples.proto;

import static io.zmq4j.examples.proto.TestServers.WAIT;
import static io.zmq4j.examples.proto.TestServers.bindTcp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import io.zmq4j.proto.Actor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Majordomo broker generated from zeromq/majordomo's {@code mdp_broker.xml}, with a client
 * and a worker made of plain DEALER sockets speaking the client and worker codecs
 * ({@code mdp_client_msg.xml}, {@code mdp_worker_msg.xml}).
 */
class MdpBrokerTest {
    private final Context ctx = Context.create();
    private final Actor broker = Actor.start(ctx, "broker", new MdpBroker());

    @AfterEach
    void close() {
        broker.close();
        ctx.close();
    }

    private Socket dealer(String endpoint) {
        Socket s = ctx.socket(SocketType.DEALER);
        s.connect(endpoint);
        return s;
    }

    private static Msg recv(Socket s) {
        Msg m = s.recv(WAIT);
        assertNotNull(m, "nothing within " + WAIT);
        return m;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void requestGoesFromClientThroughBrokerToWorkerAndBackOverTcp() {
        String endpoint = bindTcp(broker);
        try (Socket worker = dealer(endpoint); Socket client = dealer(endpoint)) {
            worker.send(MdpWorkerMsg.Ready.builder().service("echo").build().encode());
            client.send(MdpClientMsg.ClientRequest.builder().service("echo")
                    .body(List.of(utf8("hello"), utf8("world"))).build().encode());

            MdpWorkerMsg.WorkerRequest request = assertInstanceOf(MdpWorkerMsg.WorkerRequest.class,
                    MdpWorkerMsg.decode(recv(worker)));
            assertEquals(List.of("hello", "world"),
                    request.body().stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList());
            worker.send(MdpWorkerMsg.WorkerFinal.builder().address(request.address()).empty(new byte[0])
                    .body(List.of(utf8("dlrow olleh"))).build().encode());

            MdpClientMsg.ClientFinal reply = assertInstanceOf(MdpClientMsg.ClientFinal.class,
                    MdpClientMsg.decode(recv(client)));
            assertEquals("echo", reply.service());
            assertArrayEquals(utf8("dlrow olleh"), reply.body().get(0));
        }
    }

    @Test
    void requestsQueueUntilAWorkerForTheServiceIsReadyAndPartialRepliesPassThrough() {
        String endpoint = bindTcp(broker);
        try (Socket client = dealer(endpoint); Socket worker = dealer(endpoint)) {
            client.send(MdpClientMsg.ClientRequest.builder().service("slow").body(List.of(utf8("1"))).build().encode());
            client.send(MdpClientMsg.ClientRequest.builder().service("slow").body(List.of(utf8("2"))).build().encode());
            worker.send(MdpWorkerMsg.Ready.builder().service("slow").build().encode());
            for (String n : List.of("1", "2")) {
                MdpWorkerMsg.WorkerRequest r = (MdpWorkerMsg.WorkerRequest) MdpWorkerMsg.decode(recv(worker));
                assertArrayEquals(utf8(n), r.body().get(0), "requests in the order sent");
                worker.send(MdpWorkerMsg.WorkerPartial.builder().address(r.address()).empty(new byte[0])
                        .body(List.of(utf8(n + "a"))).build().encode());
                worker.send(MdpWorkerMsg.WorkerFinal.builder().address(r.address()).empty(new byte[0])
                        .body(List.of(utf8(n + "b"))).build().encode());
                assertInstanceOf(MdpClientMsg.ClientPartial.class, MdpClientMsg.decode(recv(client)));
                assertInstanceOf(MdpClientMsg.ClientFinal.class, MdpClientMsg.decode(recv(client)));
            }
        }
    }

    @Test
    void brokerHeartbeatsAReadyWorkerAtTheConfiguredInterval() {
        broker.send("SET", "mdp_broker/heartbeat", "50");
        String endpoint = bindTcp(broker);
        try (Socket worker = dealer(endpoint)) {
            worker.send(MdpWorkerMsg.Ready.builder().service("echo").build().encode());
            assertInstanceOf(MdpWorkerMsg.Heartbeat.class, MdpWorkerMsg.decode(recv(worker)));
            worker.send(MdpWorkerMsg.Heartbeat.builder().build().encode());
            assertInstanceOf(MdpWorkerMsg.Heartbeat.class, MdpWorkerMsg.decode(recv(worker)));
        }
    }
}
