package io.zmq4j.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.zmq4j.Context;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import io.zmq4j.ZmtpBytes;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Regression test (a bug the review found, now fixed). What used to happen: ZmtpDecoder.startBody applies maxMsgSize only to message frames
 * ({@code (flags & FLAG_COMMAND) == 0}), so a peer can make us buffer a command of up to 2 GB
 * regardless of MAXMSGSIZE. libzmq's v2_decoder_t::size_ready checks every frame, commands
 * included, and drops the connection at the header.
 */
@Timeout(30)
class OversizeCommandTest {
    @Test
    void anOversizeCommandClosesTheConnectionAtItsHeader() throws Exception {
        try (Context ctx = Context.create()) {
            Socket pull = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO).setMaxMsgSize(1000);
            String ep = pull.bind("tcp://127.0.0.1:*");
            int port = Integer.parseInt(ep.substring(ep.lastIndexOf(':') + 1));
            try (java.net.Socket raw = new java.net.Socket()) {
                raw.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                raw.setSoTimeout(3000);
                OutputStream out = raw.getOutputStream();
                DataInputStream in = new DataInputStream(raw.getInputStream());
                out.write(ZmtpBytes.greeting("NULL"));
                out.write(ZmtpBytes.ready("PUSH"));
                in.readFully(new byte[64]); // greeting
                int flags = in.readUnsignedByte(); // their READY
                int size = in.readUnsignedByte();
                in.readFully(new byte[size]);
                assertEquals(4, flags);
                // a 64 MB "PING" command, far over MAXMSGSIZE (1000)
                ByteBuffer header = ByteBuffer.allocate(9 + 5).put((byte) (4 | 2)).putLong(64L << 20)
                        .put((byte) 4).put("PING".getBytes(StandardCharsets.US_ASCII));
                out.write(header.array());
                byte[] chunk = new byte[1 << 16];
                try {
                    for (int i = 0; i < 64; i++) { // 4 MB of its body
                        out.write(chunk);
                    }
                } catch (IOException e) {
                    return; // reset by the peer: it dropped us, as it should
                }
                try {
                    int r = in.read();
                    assertEquals(-1, r, "expected the connection to be closed");
                } catch (SocketTimeoutException e) {
                    fail("connection still open after 4 MB of a 64 MB command with MAXMSGSIZE 1000: the command is being buffered");
                } catch (IOException e) {
                    // reset: closed, fine
                }
            }
        }
    }
}
