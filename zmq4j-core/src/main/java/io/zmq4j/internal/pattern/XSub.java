package io.zmq4j.internal.pattern;

import io.zmq4j.Msg;
import io.zmq4j.internal.pipe.Pipe;
import io.zmq4j.internal.socket.Options;
import java.util.ArrayList;

/**
 * SUB and XSUB (RFC 29): receives from every publisher, keeps only messages whose first frame
 * starts with a subscribed prefix, and tells each publisher its subscriptions: on attach, again
 * after every reconnect, and as they change. Subscriptions are counted: two subscribes to one
 * prefix need two cancels before the cancel goes upstream.
 */
final class XSub extends Pattern {
    private final boolean xsub;
    private final FilteredFairQueue fq = new FilteredFairQueue(
            m -> this.subs.matches(m.frame(0)) != options.invertMatching ? m : null);
    private final ArrayList<Pipe> pipes = new ArrayList<>();
    private final SubscriptionTrie subs = new SubscriptionTrie();

    XSub(Options o, boolean xsub) {
        super(o);
        this.xsub = xsub;
    }

    @Override
    public void attach(Pipe p) {
        fq.add(p);
        pipes.add(p);
        sendAll(p); // queued in the pipe until the connection is up
    }

    @Override
    public void identified(Pipe p) {
        if (p.connections() > 1) {
            sendAll(p); // a reconnected publisher starts with no subscriptions
        }
    }

    private void sendAll(Pipe p) {
        for (byte[] topic : subs.prefixes()) {
            p.write(subscription((byte) 1, topic));
        }
    }

    private static Msg subscription(byte kind, byte[] topic) {
        byte[] f = new byte[topic.length + 1];
        f[0] = kind;
        System.arraycopy(topic, 0, f, 1, topic.length);
        return Msg.of(f);
    }

    @Override
    public void terminated(Pipe p) {
        pipes.remove(p);
        fq.terminated(p);
    }

    /** SUB's subscribe/unsubscribe options, and XSUB's subscription messages. */
    @Override
    public void subscribe(byte[] topic, boolean on) {
        if (on) {
            subs.add(topic);
            toAll(subscription((byte) 1, topic)); // every subscribe goes up; XPUB deduplicates
        } else if (subs.remove(topic)) {
            toAll(subscription((byte) 0, topic));
        }
    }

    private void toAll(Msg m) {
        for (int i = 0; i < pipes.size(); i++) {
            pipes.get(i).write(m);
        }
    }

    @Override
    public boolean send(Msg m) {
        if (!xsub) {
            throw notSup("send (use subscribe)", options);
        }
        byte[] f = m.frame(0);
        if (m.size() == 1 && f.length > 0 && (f[0] == 0 || f[0] == 1)) {
            byte[] topic = java.util.Arrays.copyOfRange(f, 1, f.length);
            subscribe(topic, f[0] == 1);
            return true;
        }
        toAll(m); // other messages go upstream as they are
        return true;
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
        return xsub;
    }

    @Override
    public int topicsCount() {
        return subs.size();
    }
}
