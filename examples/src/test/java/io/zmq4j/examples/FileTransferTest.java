package io.zmq4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class FileTransferTest {
    @TempDir
    Path dir;

    @Test
    void aFileArrivesIdenticalWithItsWholeChunksReadInPlace() throws Exception {
        // five whole chunks and a short one, which (under 32 KiB) arrives as an array
        byte[] content = new byte[5 * (1 << 20) + 12_345];
        new Random(7).nextBytes(content);
        Path from = Files.write(dir.resolve("from.bin"), content);
        Path to = dir.resolve("to.bin");
        Captured c = new Captured();
        FileTransfer.run(c.out, from, to);
        String text = c.dump();
        assertTrue(c.lines().contains("sender: " + content.length + " bytes in 6 chunks, sent from the mapped file"), text);
        assertTrue(c.lines().contains("receiver: " + content.length + " bytes in 6 chunks, 5 read in place"), text);
        assertEquals("the copy is identical", c.lines().get(c.lines().size() - 1), text);
        assertArrayEquals(content, Files.readAllBytes(to));
    }
}
