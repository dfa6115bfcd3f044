package io.zmq4j.examples;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

/**
 * A file sent over TCP in 1 MiB chunks without a copy in Java on either side.
 *
 * <p>Shows: the sender maps the file and sends slices of the mapping with {@code
 * Msg.of(ByteBuffer)}, which the socket writes straight from the page cache; the receiver reads
 * each chunk in place with {@code msg.buffer(0)} (large frames arrive in pooled off-heap memory),
 * writes it to the output file and closes the message (try-with-resources), which gives the
 * memory back for the next chunk. An empty message marks the end.
 *
 * <p>Run it: {@code java -cp ... io.zmq4j.examples.FileTransfer <file> <copy>}.
 */
public final class FileTransfer {
    private static final int CHUNK = 1 << 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private FileTransfer() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out, Path.of(args[0]), Path.of(args[1]));
    }

    /** Sends {@code from} to a PULL socket that writes it to {@code to}; prints every step. */
    public static void run(PrintStream out, Path from, Path to) throws Exception {
        try (Context ctx = Context.create();
             Socket pull = ctx.socket(SocketType.PULL).setReceiveTimeout(TIMEOUT);
             Socket push = ctx.socket(SocketType.PUSH).setSendTimeout(TIMEOUT);
             FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
             FileChannel copy = FileChannel.open(to, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            push.connect(pull.bind("tcp://127.0.0.1:*"));

            // The mapping is never changed, so its slices may be queued and written at any time.
            long size = in.size();
            MappedByteBuffer mapped = in.map(FileChannel.MapMode.READ_ONLY, 0, size);
            int chunks = 0;
            for (int pos = 0; pos < size; pos += CHUNK) {
                push.send(Msg.of(mapped.slice(pos, (int) Math.min(CHUNK, size - pos))));
                chunks++;
            }
            push.send(Msg.of(new byte[0])); // end of file
            out.println("sender: " + size + " bytes in " + chunks + " chunks, sent from the mapped file");

            long written = 0;
            int received = 0;
            int inPlace = 0;
            while (true) {
                try (Msg chunk = pull.recv()) {
                    ByteBuffer bytes = chunk.buffer(0);
                    if (!bytes.hasRemaining()) {
                        break;
                    }
                    if (bytes.isDirect()) {
                        inPlace++; // pooled off-heap memory; frames under 32 KiB come as arrays
                    }
                    while (bytes.hasRemaining()) {
                        written += copy.write(bytes);
                    }
                    received++;
                }
            }
            out.println("receiver: " + written + " bytes in " + received + " chunks, " + inPlace + " read in place");
        }
        String sent = sha256(from);
        String got = sha256(to);
        out.println("sha-256 sent:     " + sent);
        out.println("sha-256 received: " + got);
        out.println(sent.equals(got) ? "the copy is identical" : "THE COPY DIFFERS");
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        d.update(Files.readAllBytes(file));
        return HexFormat.of().formatHex(d.digest());
    }
}
