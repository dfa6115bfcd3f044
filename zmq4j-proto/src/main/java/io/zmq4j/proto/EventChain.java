package io.zmq4j.proto;

import java.time.Duration;

/**
 * One running state machine as both engines keep it (a server one per client connection, a
 * client engine one): its state, the event being handled, the next event and a raised
 * exception, the wake-up alarm; and the loop that runs an event and then every event its
 * actions chain.
 */
final class EventChain {
    static final int NO_EVENT = -1;

    int state;
    int event = NO_EVENT;
    int nextEvent = NO_EVENT;
    int exception = NO_EVENT;
    boolean terminated;
    Reactor.Timer wakeup;

    /** What the loop asks of the engine it runs for. */
    interface Machine {
        /** Traces {@code event} as it starts, when tracing is on. */
        void traceEvent(int event);

        /** Runs {@code event} in the current state; false if the state has no handler for it. */
        boolean step(int event);

        /** Deals with an event the state had no handler for. */
        void unhandled(int event);
    }

    /**
     * Runs {@code first}, then each event the actions set or raised, until there is none or the
     * machine terminated. An action's exception leaves the loop to the caller.
     */
    void run(int first, Machine machine) {
        nextEvent = first;
        while (nextEvent != NO_EVENT && !terminated) {
            int ev = nextEvent;
            nextEvent = NO_EVENT;
            exception = NO_EVENT;
            event = ev;
            machine.traceEvent(ev);
            Reactor.Timer alarm = wakeup;
            boolean handled = machine.step(ev);
            if (handled && alarm != null && wakeup == alarm) {
                // A handled event cancels the pending wake-up (unless its actions set a new one);
                // an event the state ignores does not.
                alarm.cancel();
                wakeup = null;
            }
            if (!handled) {
                machine.unhandled(ev);
            }
            if (exception != NO_EVENT) {
                nextEvent = exception;
            }
        }
    }

    /** Sets the one wake-up alarm, replacing a pending one: {@code fire} runs after {@code delay}. */
    void wakeUp(Reactor reactor, Duration delay, Runnable fire) {
        if (wakeup != null) {
            wakeup.cancel();
        }
        wakeup = reactor.timer(delay, 1, () -> {
            wakeup = null;
            fire.run();
        });
    }
}
