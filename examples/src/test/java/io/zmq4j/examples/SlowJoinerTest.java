package io.zmq4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SlowJoinerTest {
    private static final Pattern SUMMARY = Pattern.compile(
            "summary: lost (\\d+) of 1000 without synchronisation, (\\d+) of 1000 with it");

    @Test
    void naiveRoundLosesMessagesAndSynchronisedRoundLosesNone() throws Exception {
        Captured c = new Captured();
        SlowJoiner.run(c.out);
        String text = c.dump();
        Matcher m = SUMMARY.matcher(text);
        assertTrue(m.find(), text);
        assertTrue(Integer.parseInt(m.group(1)) > 0, "the naive round lost nothing:\n" + text);
        assertEquals(0, Integer.parseInt(m.group(2)), text);
        assertTrue(text.contains("synchronised: subscriber received 1000, lost 0"), text);
    }
}
