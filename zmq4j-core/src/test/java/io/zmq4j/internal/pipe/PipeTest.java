package io.zmq4j.internal.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Msg;
import org.junit.jupiter.api.Test;

/**
 * Who closes what a connection delivers after the socket's owner has read for the last time:
 * whichever of the two ends finishes last, and only it (the queue has one reader).
 */
class PipeTest {
    private static Pipe pipe() {
        return new Pipe(new MsgQueue(100), new MsgQueue(100), "tcp://127.0.0.1:1");
    }

    /** A pooled message: closing it empties its frame, so a test can see that it was closed. */
    private static Msg pooled() {
        return Msg.allocate(4096);
    }

    @Test
    void whatArrivesAfterTheReaderIsDoneIsClosedWhenTheWriterFinishes() {
        Pipe p = pipe();
        p.readerDone();
        Msg late = pooled();
        p.in().offer(late);
        assertEquals(4096, late.frame(0).length, "nothing may close it while the writer still runs");
        p.writerFinished();
        assertTrue(p.in().isEmpty());
        assertEquals(0, late.frame(0).length, "the late arrival was not closed");
        assertTrue(p.peerGone());
    }

    @Test
    void whatIsLeftWhenTheWriterFinishedFirstIsClosedWhenTheReaderIsDone() {
        Pipe p = pipe();
        Msg unread = pooled();
        p.in().offer(unread);
        p.writerFinished();
        assertEquals(4096, unread.frame(0).length, "the socket may still read it");
        p.readerDone();
        assertTrue(p.in().isEmpty());
        assertEquals(0, unread.frame(0).length);
    }

    @Test
    void eachEndFinishingAgainClosesNothingTwice() {
        Pipe p = pipe();
        p.readerDone();
        p.readerDone();
        p.writerFinished();
        Msg after = pooled(); // no writer delivers after it finished; this only shows nobody drains again
        p.in().offer(after);
        p.writerFinished();
        p.readerDone();
        assertEquals(4096, after.frame(0).length);
    }
}
