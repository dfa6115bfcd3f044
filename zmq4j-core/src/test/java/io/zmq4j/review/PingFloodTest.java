package io.zmq4j.review;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Context;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import io.zmq4j.ZmtpBytes;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Regression test (a bug the review found, now fixed). What used to happen: StreamEngine answers every PING with queueCommand(PONG), which appends to an
 * unbounded ArrayDeque while the write side is blocked. A peer that sends PINGs and never reads
 * grows our heap without limit (libzmq keeps at most one pending PONG: _pong_msg /
 * produce_pong_message, overwritten by the next PING).
 */
@Timeout(60)
class PingFloodTest {
    private static long usedAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
        }
        return used;
    }

    @Test
    void pingFloodFromAPeerThatDoesNotReadIsBounded() throws Exception {
        try (Context ctx = Context.create()) {
            Socket pull = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO);
            String ep = pull.bind("tcp://127.0.0.1:*");
            int port = Integer.parseInt(ep.substring(ep.lastIndexOf(':') + 1));
            try (java.net.Socket raw = new java.net.Socket()) {
                raw.setReceiveBufferSize(4096);
                raw.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                raw.setSoTimeout(5000);
                OutputStream out = new BufferedOutputStream(raw.getOutputStream(), 1 << 16);
                DataInputStream in = new DataInputStream(raw.getInputStream());
                out.write(ZmtpBytes.greeting("NULL"));
                out.write(ZmtpBytes.ready("PUSH"));
                out.flush();
                in.readFully(new byte[64]); // their greeting; from here on we never read
                long before = usedAfterGc();
                // PING, TTL 0, 16-byte context: 25 bytes on the wire each
                byte[] ping = new byte[] {4, 23, 4, 'P', 'I', 'N', 'G', 0, 0,
                    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
                int count = 3_000_000;
                for (int i = 0; i < count; i++) {
                    out.write(ping);
                }
                out.flush();
                // give the engine time to read everything we wrote (75 MB over loopback)
                Thread.sleep(1500);
                long after = usedAfterGc();
                long grownMb = (after - before) >> 20;
                assertTrue(grownMb < 40, "heap grew by " + grownMb + " MB holding PONGs for a peer that does not read");
            }
        }
    }
}
