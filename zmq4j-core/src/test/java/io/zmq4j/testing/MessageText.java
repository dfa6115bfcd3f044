package io.zmq4j.testing;

import io.zmq4j.Msg;
import java.util.StringJoiner;

/**
 * Messages written as one line of text, the way the C peers print what they receive: frames
 * joined by {@code |}, and a RADIO/DISH group before a {@code :}. Table-driven tests give the
 * messages of each case in this form, send them with {@link #message} and compare what arrives
 * with {@link #text}.
 *
 * <pre>{@code
 * push.send(MessageText.message("part|m-0"));     // two frames
 * radio.send(MessageText.message("news:rain"));   // group news, one frame
 * assertEquals("part|m-0", MessageText.text(pull.recv()));
 * }</pre>
 */
public final class MessageText {
    private MessageText() {}

    /** {@code text} as a message: frames split at {@code |} (an empty field is an empty frame), a group before {@code :}. */
    public static Msg message(String text) {
        int colon = text.indexOf(':');
        String body = colon < 0 ? text : text.substring(colon + 1);
        Msg m = Msg.of(body.split("\\|", -1));
        return colon < 0 ? m : m.withGroup(text.substring(0, colon));
    }

    /** {@code m} as text: the inverse of {@link #message}. */
    public static String text(Msg m) {
        StringJoiner frames = new StringJoiner("|", m.group() == null ? "" : m.group() + ":", "");
        for (int i = 0; i < m.size(); i++) {
            frames.add(m.string(i));
        }
        return frames.toString();
    }
}
