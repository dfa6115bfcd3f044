package io.zmq4j.internal.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Msg;
import org.junit.jupiter.api.Test;

/**
 * Who closes what one end of a pipe put in a queue the other end will never read again:
 * whichever of the two ends finishes last, and only it (each queue has one reader).
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
        p.otherEndFinished();
        assertTrue(p.in().isEmpty());
        assertEquals(0, late.frame(0).length, "the late arrival was not closed");
        assertTrue(p.peerGone());
    }

    @Test
    void whatIsLeftWhenTheWriterFinishedFirstIsClosedWhenTheReaderIsDone() {
        Pipe p = pipe();
        Msg unread = pooled();
        p.in().offer(unread);
        p.otherEndFinished();
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
        p.otherEndFinished();
        Msg after = pooled(); // no writer delivers after it finished; this only shows nobody drains again
        p.in().offer(after);
        p.otherEndFinished();
        p.readerDone();
        assertEquals(4096, after.frame(0).length);
    }

    @Test
    void whatTheSocketNeverGotToSendIsClosedWhenBothEndsAreDone() {
        Pipe p = pipe();
        Msg unsent = pooled();
        p.out().offer(unsent);
        p.otherEndFinished(); // the connection closed (linger over) without reading it
        assertEquals(4096, unsent.frame(0).length, "the socket has not let go of the pipe yet");
        p.stopWriting();
        assertTrue(p.out().isEmpty());
        assertEquals(0, unsent.frame(0).length, "the unsent message was not closed");
    }

    @Test
    void anInprocPeersLateSendIsClosedWhenThePeerLetsGo() {
        MsgQueue toA = new MsgQueue(100);
        MsgQueue toB = new MsgQueue(100);
        Pipe a = new Pipe(toA, toB, "inproc://x");
        Pipe b = new Pipe(toB, toA, "inproc://x");
        a.readerDone(); // A closed and read for the last time
        Msg late = pooled();
        b.write(late); // B's send had looked at A before A left
        assertEquals(4096, late.frame(0).length);
        b.stopWriting(); // B takes in that A is gone
        assertTrue(toA.isEmpty());
        assertEquals(0, late.frame(0).length, "the late send was not closed");
    }
}
