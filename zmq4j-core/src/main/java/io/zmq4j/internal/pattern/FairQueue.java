package io.zmq4j.internal.pattern;

import io.zmq4j.Msg;
import io.zmq4j.internal.Queues;
import io.zmq4j.internal.pipe.Pipe;
import java.util.ArrayList;
import org.jctools.queues.MessagePassingQueue;

/**
 * Reads from many pipes in turn, one message from each, so no peer can starve another.
 * A terminated pipe stays until what it delivered has been read.
 *
 * <p>Only pipes that may hold messages are visited: as in libzmq's {@code fq_t}, the pipes
 * {@code [0, active)} are the active ones, and a pipe found empty is swapped out of that range
 * and marked idle on its queue. Its writer's next message puts it on {@link #activated} (any
 * thread), and the next receive swaps it back in. So a ROUTER with 10,000 quiet peers and one
 * busy one costs the same per message as a ROUTER with one peer.
 */
public final class FairQueue {
    private final ArrayList<Pipe> pipes = new ArrayList<>();
    private final MessagePassingQueue<Pipe> activated = Queues.mpscUnbounded(64);
    private int active;
    private int current;
    private Pipe last;

    public void add(Pipe p) {
        p.fairQueueSlot = pipes.size();
        pipes.add(p);
        swap(p.fairQueueSlot, active++);
        p.in().readerActivator(() -> activated.offer(p));
    }

    public void remove(Pipe p) {
        int i = p.fairQueueSlot;
        if (i < 0 || i >= pipes.size() || pipes.get(i) != p) {
            return;
        }
        if (i < active) {
            deactivate(i);
            i = p.fairQueueSlot;
        }
        swap(i, pipes.size() - 1);
        pipes.remove(pipes.size() - 1);
        p.fairQueueSlot = -1;
    }

    /** A terminated pipe goes at once if it has nothing left to read, else once drained. */
    public void terminated(Pipe p) {
        if (p.in().isEmpty()) {
            remove(p);
        }
    }

    /** The next message in turn, or null; {@link #last()} then names its pipe. */
    public Msg recv() {
        takeActivated();
        while (active > 0) {
            Pipe p = pipes.get(current);
            Msg m = p.read();
            if (m != null) {
                last = p;
                current = current + 1 >= active ? 0 : current + 1;
                return m;
            }
            setAside(p);
        }
        return null;
    }

    /** Whether a message is waiting; sets aside the empty pipes it looks at. */
    public boolean hasIn() {
        takeActivated();
        while (active > 0) {
            Pipe p = pipes.get(current);
            if (!p.in().isEmpty()) {
                return true;
            }
            setAside(p);
        }
        return false;
    }

    /** The pipe the last message came from. */
    public Pipe last() {
        return last;
    }

    public int size() {
        return pipes.size();
    }

    /** {@code p}, at {@link #current}, was found empty: drop it if it is done, else idle it. */
    private void setAside(Pipe p) {
        if (p.peerGone()) {
            if (p.in().isEmpty()) {
                remove(p);
            }
            // else its last messages just became visible: read them next time round
        } else if (p.in().readerIdle()) {
            deactivate(current);
        }
    }

    private void deactivate(int i) {
        swap(i, --active);
        if (current >= active) {
            current = 0;
        }
    }

    private void takeActivated() {
        Pipe p;
        // poll, not relaxedPoll: the writer publishes the pipe with a release store and then
        // reads the socket's waiter, so an activation can be claimed (producer index) but not
        // yet visible when this reader has just registered to sleep. relaxedPoll would see
        // null and the reader would park with the message set aside; poll sees the claimed
        // index and waits the few nanoseconds for the element.
        while ((p = activated.poll()) != null) {
            int i = p.fairQueueSlot;
            // a pipe removed since, or activated twice, is skipped
            if (i >= active && i < pipes.size() && pipes.get(i) == p) {
                swap(i, active++);
            }
        }
    }

    private void swap(int i, int j) {
        if (i != j) {
            Pipe a = pipes.get(i);
            Pipe b = pipes.get(j);
            pipes.set(i, b);
            pipes.set(j, a);
            a.fairQueueSlot = j;
            b.fairQueueSlot = i;
        }
    }
}
