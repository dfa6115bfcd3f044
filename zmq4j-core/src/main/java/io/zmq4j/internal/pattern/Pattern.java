package io.zmq4j.internal.pattern;

import io.zmq4j.Msg;
import io.zmq4j.internal.pipe.Pipe;
import io.zmq4j.internal.socket.Options;

/**
 * A socket type's routing rule over its pipes, and nothing else: no I/O, no blocking, no
 * threads. The socket calls it on its own thread; "would block" is a false or a null.
 */
public abstract class Pattern {
    protected final Options options;

    protected Pattern(Options options) {
        this.options = options;
    }

    /** A new peer. */
    public abstract void attach(Pipe p);

    /** A peer (re)announced its identity after a handshake. */
    public void identified(Pipe p) {}

    /** The peer is gone: stop sending to it; what it sent may still be read. */
    public abstract void terminated(Pipe p);

    /** Queues a message; false when it would block. May throw EFSM, EHOSTUNREACH, ENOTSUP. */
    public abstract boolean send(Msg m);

    /** The next message, or null when none is ready. */
    public abstract Msg recv();

    public abstract boolean hasIn();

    public abstract boolean hasOut();

    /** SUB's subscribe/unsubscribe and XPUB's manual subscriptions; ENOTSUP elsewhere. */
    public void subscribe(byte[] topic, boolean on) {
        throw notSup("subscribe", options);
    }

    /** Distinct subscribed topics (SUB, XSUB, XPUB); ENOTSUP elsewhere. */
    public int topicsCount() {
        throw notSup("count topics", options);
    }

    /** PEER: a routing id for an outgoing connection; ENOTSUP elsewhere. */
    public byte[] reserveId() {
        throw notSup("connect with a routing id", options);
    }

    /** DISH: joins or leaves a group; ENOTSUP elsewhere. */
    public void join(String group, boolean on) {
        throw notSup("join groups", options);
    }

    /** The pattern for a socket type. */
    public static Pattern create(Options o) {
        switch (o.type) {
            case PAIR: return new Pair(o);
            case PUSH: return new Push(o);
            case PULL: return new Pull(o);
            case REQ: return new Req(o);
            case REP: return new Rep(o);
            case DEALER: return new Dealer(o);
            case ROUTER: return new Router(o, false);
            case STREAM: return new Router(o, true);
            case PUB: return new XPub(o, false);
            case XPUB: return new XPub(o, true);
            case SUB: return new XSub(o, false);
            case XSUB: return new XSub(o, true);
            case SERVER: return new Router(o, false);
            case PEER: return new Router(o, false);
            case CLIENT: return new SingleFrame(new Dealer(o), o);
            case SCATTER: return new SingleFrame(new Push(o), o);
            case GATHER: return new SingleFrame(new Pull(o), o);
            case CHANNEL: return new SingleFrame(new Pair(o), o);
            case RADIO: return new Radio(o);
            case DISH: return new Dish(o);
            default:
                throw new io.zmq4j.ZmqException(io.zmq4j.ZmqException.Kind.ENOTSUP,
                        "socket type " + o.type + " is not implemented yet");
        }
    }

    protected static io.zmq4j.ZmqException notSup(String what, Options o) {
        return new io.zmq4j.ZmqException(io.zmq4j.ZmqException.Kind.ENOTSUP, o.type + " sockets cannot " + what);
    }
}
