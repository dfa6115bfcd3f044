package io.zmq4j.internal.pattern;

import io.zmq4j.Msg;
import io.zmq4j.ZmqException;
import io.zmq4j.internal.Internals;
import io.zmq4j.internal.pipe.Pipe;
import io.zmq4j.internal.socket.Options;
import io.zmq4j.internal.transport.UdpEngine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;

/**
 * RADIO (RFC 48): sends each message to the dishes that joined its group (exact match),
 * as two frames on the wire, group then body. Never blocks: a full dish loses the message.
 */
final class Radio extends Pattern {
    private final ArrayList<Pipe> pipes = new ArrayList<>();

    Radio(Options o) {
        super(o);
    }

    @SuppressWarnings("unchecked")
    private static Set<String> groups(Pipe p) {
        return (Set<String>) p.patternState;
    }

    @Override
    public void attach(Pipe p) {
        p.patternState = new HashSet<String>();
        pipes.add(p);
    }

    /** A udp destination hears every group (its dishes filter), as libzmq's radio sends them. */
    private static boolean wants(Pipe p, String group) {
        return p.datagram || groups(p).contains(group);
    }

    @Override
    public void terminated(Pipe p) {
        pipes.remove(p);
    }

    private void readJoins() {
        for (int i = 0; i < pipes.size(); i++) {
            Pipe p = pipes.get(i);
            Msg m;
            while ((m = p.read()) != null) {
                byte c = Internals.msg().command(m);
                String g = new String(m.frame(0), StandardCharsets.UTF_8);
                if (c == Internals.JOIN) {
                    groups(p).add(g);
                } else if (c == Internals.LEAVE) {
                    groups(p).remove(g);
                }
                // anything else a dish sends is discarded, as RFC 48 says
            }
        }
    }

    @Override
    public boolean send(Msg m) {
        if (m.size() != 1) {
            throw new ZmqException(ZmqException.Kind.EINVAL, "RADIO sends single-frame messages only, got " + m.size() + " frames");
        }
        String group = m.group() == null ? "" : m.group();
        readJoins();
        int datagram = 1 + group.getBytes(StandardCharsets.UTF_8).length + m.buffer(0).remaining();
        if (datagram > UdpEngine.MAX_DATAGRAM) {
            for (int i = 0; i < pipes.size(); i++) {
                if (pipes.get(i).datagram) {
                    throw new ZmqException(ZmqException.Kind.EMSGSIZE, "a udp datagram holds at most " + UdpEngine.MAX_DATAGRAM
                            + " bytes (group length, group and body), this message needs " + datagram + "; nothing was sent");
                }
            }
        }
        Msg wire = null;
        for (int i = 0; i < pipes.size(); i++) {
            Pipe p = pipes.get(i);
            if (wants(p, group)) {
                if (wire == null) {
                    wire = Msg.of(group.getBytes(StandardCharsets.UTF_8), m.frame(0));
                }
                if (!p.write(wire)) {
                    p.dropped++;
                }
            }
        }
        return true;
    }

    @Override
    public Msg recv() {
        throw notSup("receive", options);
    }

    @Override
    public boolean hasIn() {
        return false;
    }

    @Override
    public boolean hasOut() {
        return true;
    }
}
