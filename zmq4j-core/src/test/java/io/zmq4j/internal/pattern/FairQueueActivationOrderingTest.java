package io.zmq4j.internal.pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zmq4j.Msg;
import io.zmq4j.internal.pipe.MsgQueue;
import io.zmq4j.internal.pipe.Pipe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sleep handshake a receiving socket relies on, with a fair queue in the middle: the reader
 * says "I am about to sleep" (a volatile store, as SocketBase.setWaiter) and then receives; the
 * writer offers a message to a set-aside pipe and then looks whether anybody sleeps (a volatile
 * load, as SocketBase.wakeWaiters). At least one of them must see the other: either the reader
 * gets the message or the writer sees the sleeper. Otherwise the reader sleeps with a message
 * waiting in a pipe it no longer visits.
 */
@Timeout(300) // ~35 s alone on 2 cores; over 110 s with other builds running
class FairQueueActivationOrderingTest {
    private static final int ROUNDS = Integer.getInteger("fq.rounds", 3_000_000);
    private static final Msg MSG = Msg.of("x");

    private volatile boolean sleeping;
    private volatile int round = -1;
    private volatile int writerDone = -1;
    private volatile boolean writerSawSleeper;

    @Test
    void aMessageToASetAsidePipeIsSeenByTheReaderOrItsWakerSeesTheReader() throws Exception {
        FairQueue fq = new FairQueue();
        Pipe p = new Pipe(new MsgQueue(0), new MsgQueue(0), "test://fq");
        fq.add(p);
        p.in().readerWaker(() -> writerSawSleeper = sleeping);
        int[] lost = new int[1];
        Thread writer = new Thread(() -> {
            for (int i = 0; i < ROUNDS; i++) {
                while (round != i) {
                    Thread.onSpinWait();
                }
                p.in().offer(MSG);
                writerDone = i;
            }
        });
        writer.start();
        for (int i = 0; i < ROUNDS; i++) {
            sleeping = false;
            while (fq.recv() != null) {
                // drain: the pipe ends set aside, idle
            }
            round = i;
            // sweep the reader's store across the writer's offer: the race is a few ns wide
            for (int d = (i * 7) % 97; d > 0; d--) {
                Thread.onSpinWait();
            }
            sleeping = true;
            Msg m = fq.recv();
            while (writerDone != i) {
                Thread.onSpinWait();
            }
            if (m == null && !writerSawSleeper) {
                lost[0]++;
            }
        }
        writer.join();
        assertEquals(0, lost[0], "rounds where the reader would sleep with a message set aside and nobody to wake it");
    }
}
