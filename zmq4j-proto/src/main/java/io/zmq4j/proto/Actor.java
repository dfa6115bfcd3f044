package io.zmq4j.proto;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import io.zmq4j.ZmqException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A thread that owns its sockets and talks to the code that started it over a pipe: two PAIR
 * sockets joined over {@code inproc://}, one held here, one given to the thread's body. This is
 * CZMQ's zactor: the creator sends commands as messages, the body answers on the same pipe,
 * and {@link #close()} sends {@code $TERM}, which the body must answer by returning.
 *
 * <pre>{@code
 * try (Actor echo = Actor.start(ctx, "echo", (context, pipe) -> {
 *     while (true) {
 *         Msg command = pipe.recv();
 *         if (command.string(0).equals(Actor.TERM)) {
 *             return;                          // close() sent $TERM
 *         }
 *         pipe.send(command);                  // echo anything else
 *     }
 * })) {
 *     echo.send("hello");
 *     System.out.println(echo.recv().string(0));   // hello
 * }
 * }</pre>
 *
 * <p>The body runs on a daemon thread named after the actor. An exception the body throws ends
 * the actor; {@link #failure()} returns it. The creator's side is used by one thread at a time,
 * like any socket.
 */
public final class Actor implements AutoCloseable {
    /** The command {@link #close()} sends; a body returns when it receives it. */
    public static final String TERM = "$TERM";

    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final Duration TERM_WAIT = Duration.ofSeconds(10);

    /** What the actor's thread runs; it owns {@code pipe} and any sockets it makes. */
    @FunctionalInterface
    public interface Body {
        /**
         * Runs until it receives {@link #TERM} on {@code pipe} (or decides to end by itself).
         *
         * @param context the context the actor was started with, for the body's own sockets
         * @param pipe    the body's end of the pipe; closed by the actor when the body returns
         */
        void run(Context context, Socket pipe) throws Exception;
    }

    private final String name;
    private final Socket pipe;
    private final Thread thread;
    private volatile Throwable failure;
    private boolean closed;

    private Actor(String name, Socket pipe, Thread thread) {
        this.name = name;
        this.pipe = pipe;
        this.thread = thread;
    }

    /**
     * Starts {@code body} on a new thread and returns the creator's end of its pipe.
     *
     * @param name used for the thread name and in errors
     */
    public static Actor start(Context context, String name, Body body) {
        String endpoint = "inproc://zmq4j-actor-" + SEQUENCE.incrementAndGet() + "-" + name;
        Socket front = context.socket(SocketType.PAIR);
        Socket back = context.socket(SocketType.PAIR);
        try {
            front.bind(endpoint);
            back.connect(endpoint);
        } catch (RuntimeException e) {
            front.close();
            back.close();
            throw e;
        }
        Actor[] self = new Actor[1];
        Thread t = new Thread(() -> {
            try {
                body.run(context, back);
            } catch (Throwable e) {
                self[0].failure = e;
            } finally {
                back.close();
            }
        }, "zmq4j-actor-" + name);
        t.setDaemon(true);
        self[0] = new Actor(name, front, t);
        t.start();
        return self[0];
    }

    /** The actor's name. */
    public String name() {
        return name;
    }

    /** The creator's end of the pipe, to poll it with other sockets; do not close it. */
    public Socket pipe() {
        return pipe;
    }

    /** Sends a command or data to the actor. */
    public void send(Msg msg) {
        pipe.send(msg);
    }

    /** Sends one message of string frames, e.g. {@code send("BIND", "tcp://*:5555")}. */
    public void send(String... frames) {
        pipe.send(Msg.of(frames));
    }

    /** Receives what the actor sent, blocking. */
    public Msg recv() {
        return pipe.recv();
    }

    /** Receives what the actor sent, or null when nothing came within {@code timeout}. */
    public Msg recv(Duration timeout) {
        return pipe.recv(timeout);
    }

    /** True while the body is running. */
    public boolean isAlive() {
        return thread.isAlive();
    }

    /** What the body threw, or null if it has not failed. */
    public Throwable failure() {
        return failure;
    }

    /**
     * Sends {@link #TERM}, waits for the body to return (up to 10 s), then closes the pipe.
     *
     * @throws ZmqException ({@code EAGAIN}) if the body did not return in time; its thread is
     *     interrupted and left to end by itself
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (thread.isAlive()) {
                // A body that already returned cannot take $TERM; do not block on its full pipe.
                pipe.send(Msg.of(TERM), Duration.ofMillis(200));
            }
            thread.join(TERM_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pipe.close();
        }
        if (thread.isAlive()) {
            thread.interrupt();
            throw new ZmqException(ZmqException.Kind.EAGAIN, "actor '" + name + "' did not end within "
                    + TERM_WAIT.toSeconds() + " s of " + TERM + "; its body must return when it receives " + TERM);
        }
    }
}
