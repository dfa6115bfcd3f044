package io.zmq4j.internal.pattern;

import io.zmq4j.Msg;
import io.zmq4j.internal.Internals;
import io.zmq4j.internal.pipe.Pipe;
import io.zmq4j.internal.socket.Options;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * PUB and XPUB (RFC 29): each message goes to every subscriber whose subscriptions match its
 * first frame. Filtering happens here, at the publisher. A subscriber at its HWM loses the
 * message (counted on its pipe); nobody else is slowed. XPUB also hands subscriptions (and any
 * other message subscribers send) to the application, by default only the first subscribe and
 * last cancel of each topic.
 */
final class XPub extends Pattern {
    private final boolean xpub;
    private final ArrayList<Pipe> pipes = new ArrayList<>();
    private final SubscriptionTrie all = new SubscriptionTrie(); // count = subscribed pipes
    private final ArrayDeque<Msg> pending = new ArrayDeque<>();
    private Pipe lastSubscriber;
    private boolean lastValueNext;

    XPub(Options o, boolean xpub) {
        super(o);
        this.xpub = xpub;
    }

    private static SubscriptionTrie subs(Pipe p) {
        return (SubscriptionTrie) p.patternState;
    }

    @Override
    public void attach(Pipe p) {
        p.patternState = new SubscriptionTrie();
        pipes.add(p);
        if (xpub && options.xpubWelcome != null) {
            p.write(Msg.of(options.xpubWelcome));
        }
    }

    @Override
    public void terminated(Pipe p) {
        if (!pipes.remove(p)) {
            return;
        }
        readSubscriptions(p);
        for (byte[] topic : subs(p).prefixes()) {
            if (all.remove(topic) && xpub && !options.xpubManual) {
                pending.add(subscription((byte) 0, topic));
            }
        }
        subs(p).clear();
        if (lastSubscriber == p) {
            lastSubscriber = null;
        }
    }

    private static Msg subscription(byte kind, byte[] topic) {
        byte[] f = new byte[topic.length + 1];
        f[0] = kind;
        System.arraycopy(topic, 0, f, 1, topic.length);
        return Msg.of(f);
    }

    /** Reads what subscribers sent: subscriptions, and for XPUB any other message. */
    private void readAllSubscriptions() {
        for (int i = 0; i < pipes.size(); i++) {
            readSubscriptions(pipes.get(i));
        }
    }

    private void readSubscriptions(Pipe p) {
        Msg m;
        while ((m = p.read()) != null) {
            int frames = options.onlyFirstSubscribe ? 1 : m.size();
            int i = 0;
            for (; i < frames; i++) {
                byte[] f = m.frame(i);
                if (f.length == 0 || (f[0] != 0 && f[0] != 1)) {
                    break;
                }
                subscriptionFrom(p, f, m.size() == 1 ? m : Msg.of(f));
            }
            if (i < m.size() && xpub) {
                pending.add(i == 0 ? m : m.drop(i)); // user data from a subscriber
            }
        }
    }

    private void subscriptionFrom(Pipe p, byte[] f, Msg asMsg) {
        boolean subscribe = f[0] == 1;
        if (xpub && options.xpubManual) {
            lastSubscriber = p;
            pending.add(asMsg);
            return;
        }
        SubscriptionTrie mine = subs(p);
        if (subscribe) {
            boolean newForPipe = !mine.contains(Arrays.copyOfRange(f, 1, f.length)) && mine.add(f, 1, f.length - 1);
            boolean first = newForPipe && all.add(f, 1, f.length - 1);
            if (xpub && (first || options.xpubVerbose)) {
                pending.add(asMsg);
            }
        } else {
            boolean had = mine.remove(f, 1, f.length - 1);
            boolean last = had && all.remove(f, 1, f.length - 1);
            if (xpub && (last || (had && options.xpubVerboser))) {
                pending.add(asMsg);
            }
        }
    }

    /** XPUB manual mode: the application applies a subscription to the last subscriber. */
    @Override
    public void subscribe(byte[] topic, boolean subscribe) {
        if (!xpub || !options.xpubManual) {
            throw notSup("subscribe (only a SUB, XSUB, or an XPUB in manual mode can)", options);
        }
        if (lastSubscriber == null) {
            return;
        }
        SubscriptionTrie mine = subs(lastSubscriber);
        if (subscribe) {
            if (!mine.contains(topic)) {
                mine.add(topic);
                all.add(topic);
            }
            if (options.xpubManualLastValue) {
                lastValueNext = true;
            }
        } else if (mine.remove(topic)) {
            all.remove(topic);
        }
    }

    @Override
    public boolean send(Msg m) {
        readAllSubscriptions();
        // many connections write one message: its pooled memory cannot go back per writer
        Internals.msg().toArrays(m);
        byte[] topic = m.frame(0);
        if (lastValueNext) {
            lastValueNext = false;
            Pipe p = lastSubscriber;
            if (p != null && (subs(p).matches(topic) != options.invertMatching) && !p.write(m)) {
                p.dropped++;
            }
            return true;
        }
        if (options.xpubNoDrop) {
            for (int i = 0; i < pipes.size(); i++) {
                Pipe p = pipes.get(i);
                if (subs(p).matches(topic) != options.invertMatching && !p.sendable()) {
                    return false; // would block: nobody gets it yet
                }
            }
        }
        for (int i = 0; i < pipes.size(); i++) {
            Pipe p = pipes.get(i);
            if (subs(p).matches(topic) != options.invertMatching && !p.write(m)) {
                p.dropped++;
            }
        }
        return true;
    }

    @Override
    public Msg recv() {
        if (!xpub) {
            throw notSup("receive", options);
        }
        readAllSubscriptions();
        return pending.poll();
    }

    @Override
    public boolean hasIn() {
        if (!xpub) {
            return false;
        }
        readAllSubscriptions();
        return !pending.isEmpty();
    }

    @Override
    public boolean hasOut() {
        return true;
    }

    /** Distinct topics subscribed by anyone. */
    @Override
    public int topicsCount() {
        readAllSubscriptions();
        return all.size();
    }
}
