package io.zmq4j.cli;

import io.zmq4j.Msg;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** How messages become lines of text and back. */
final class Frames {
    private static final byte[] EMPTY = new byte[0];

    private Frames() {}

    /**
     * One line for a message: frames joined by TAB, each as text when it is printable UTF-8,
     * otherwise {@code 0x} and lower-case hex. A frame holding a TAB is printed as hex too, so
     * that the line splits back into the same frames.
     */
    static String format(Msg msg) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < msg.size(); i++) {
            if (i > 0) {
                sb.append('\t');
            }
            sb.append(frame(msg.frame(i)));
        }
        return sb.toString();
    }

    static String frame(byte[] frame) {
        for (byte b : frame) {
            if (b == '\t') {
                return hex(frame);
            }
        }
        return Msg.printable(frame);
    }

    static String hex(byte[] frame) {
        StringBuilder sb = new StringBuilder(2 + frame.length * 2).append("0x");
        for (byte b : frame) {
            sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.toString();
    }

    /** A message from one input line: fields separated by TAB, an empty field an empty frame. */
    static Msg parseLine(String line) {
        String[] fields = line.split("\t", -1);
        byte[][] frames = new byte[fields.length][];
        for (int i = 0; i < fields.length; i++) {
            frames[i] = fields[i].isEmpty() ? EMPTY : fields[i].getBytes(StandardCharsets.UTF_8);
        }
        return Msg.of(frames);
    }

    /** A message from command-line arguments, one frame each (UTF-8). */
    static Msg ofArgs(List<String> args) {
        return Msg.of(args.toArray(new String[0]));
    }
}
