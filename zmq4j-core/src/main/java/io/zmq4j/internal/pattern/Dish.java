package io.zmq4j.internal.pattern;

import io.zmq4j.Msg;
import io.zmq4j.ZmqException;
import io.zmq4j.internal.Internals;
import io.zmq4j.internal.pipe.Pipe;
import io.zmq4j.internal.socket.Options;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;

/**
 * DISH (RFC 48): joins groups (JOIN/LEAVE commands to every radio, sent again to a radio that
 * reconnects) and fair-queues the messages of joined groups, each carrying its group.
 */
final class Dish extends Pattern {
    private final FilteredFairQueue fq = new FilteredFairQueue(m -> {
        if (m.size() != 2) {
            return null;
        }
        String g = new String(m.frame(0), StandardCharsets.UTF_8);
        return this.groups.contains(g) ? Msg.of(m.frame(1)).withGroup(g) : null;
    });
    private final ArrayList<Pipe> pipes = new ArrayList<>();
    private final Set<String> groups = new HashSet<>();

    Dish(Options o) {
        super(o);
    }

    @Override
    public void attach(Pipe p) {
        fq.add(p);
        pipes.add(p);
        for (String g : groups) {
            p.write(command(g, Internals.JOIN));
        }
    }

    @Override
    public void identified(Pipe p) {
        if (p.connections() > 1) {
            for (String g : groups) {
                p.write(command(g, Internals.JOIN));
            }
        }
    }

    private static Msg command(String group, byte kind) {
        return Internals.msg().command(group.getBytes(StandardCharsets.UTF_8), kind);
    }

    @Override
    public void terminated(Pipe p) {
        pipes.remove(p);
        fq.terminated(p);
    }

    @Override
    public void join(String group, boolean on) {
        byte[] g = group.getBytes(StandardCharsets.UTF_8);
        if (g.length > 255 || group.indexOf('\0') >= 0) {
            throw new ZmqException(ZmqException.Kind.EINVAL, "invalid group '" + group + "': at most 255 bytes, no NUL");
        }
        if (on ? !groups.add(group) : !groups.remove(group)) {
            throw new ZmqException(ZmqException.Kind.EINVAL,
                    on ? "already joined group '" + group + "'" : "not a member of group '" + group + "'");
        }
        Msg c = command(group, on ? Internals.JOIN : Internals.LEAVE);
        for (int i = 0; i < pipes.size(); i++) {
            pipes.get(i).write(c);
        }
    }

    @Override
    public boolean send(Msg m) {
        throw notSup("send", options);
    }

    @Override
    public Msg recv() {
        return fq.recv();
    }

    @Override
    public boolean hasIn() {
        return fq.hasIn();
    }

    @Override
    public boolean hasOut() {
        return false;
    }
}
