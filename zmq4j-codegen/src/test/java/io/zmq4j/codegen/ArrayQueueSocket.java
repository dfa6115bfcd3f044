package io.zmq4j.codegen;

import io.zmq4j.Msg;
import io.zmq4j.proto.ProtoSocket;
import java.util.ArrayList;
import java.util.List;

/** A socket stand-in: sent messages are collected, received ones come from a list (null when empty). */
final class ArrayQueueSocket implements ProtoSocket {
    final List<Msg> inbound = new ArrayList<>();
    final List<Msg> outbound = new ArrayList<>();
    private final boolean router;

    ArrayQueueSocket(boolean router) {
        this.router = router;
    }

    @Override
    public void send(Msg msg) {
        outbound.add(msg);
    }

    @Override
    public Msg recv() {
        return inbound.isEmpty() ? null : inbound.remove(0);
    }

    @Override
    public boolean router() {
        return router;
    }
}
