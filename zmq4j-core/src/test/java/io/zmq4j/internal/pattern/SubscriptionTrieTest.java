package io.zmq4j.internal.pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SubscriptionTrieTest {
    @Test
    void emptyPrefixMatchesEverything() {
        SubscriptionTrie t = new SubscriptionTrie();
        assertFalse(t.matches("x".getBytes()));
        t.add(new byte[0]);
        assertTrue(t.matches("anything".getBytes()));
        assertTrue(t.matches(new byte[0]));
    }

    @Test
    void twoSubscriptionsToOnePrefixNeedTwoCancels() {
        SubscriptionTrie t = new SubscriptionTrie();
        assertTrue(t.add("weather".getBytes()), "first add is new");
        assertFalse(t.add("weather".getBytes()), "second add only counts");
        assertFalse(t.remove("weather".getBytes()), "still one reference left");
        assertTrue(t.matches("weather.paris".getBytes()));
        assertTrue(t.remove("weather".getBytes()));
        assertFalse(t.matches("weather.paris".getBytes()));
        assertFalse(t.remove("weather".getBytes()), "removing what is absent changes nothing");
    }

    @Test
    void binaryTopicsWithZeroAndHighBytesMatchByPrefix() {
        SubscriptionTrie t = new SubscriptionTrie();
        t.add(new byte[] {0, (byte) 0xFF, 7});
        assertTrue(t.matches(new byte[] {0, (byte) 0xFF, 7, 1}));
        assertFalse(t.matches(new byte[] {0, (byte) 0xFF}));
        assertFalse(t.matches(new byte[] {0, (byte) 0xFE, 7}));
    }

    @Test
    void removingALongPrefixKeepsItsShorterNeighbour() {
        SubscriptionTrie t = new SubscriptionTrie();
        t.add("ab".getBytes());
        t.add("abcd".getBytes());
        t.remove("abcd".getBytes());
        assertTrue(t.matches("abx".getBytes()));
        assertEquals(1, t.size());
        assertEquals("ab", new String(t.prefixes().get(0)));
    }

    @Test
    void agreesWithANaiveReferenceOnRandomOperations() {
        Random rnd = new Random(42);
        for (int round = 0; round < 50; round++) {
            SubscriptionTrie trie = new SubscriptionTrie();
            Map<ByteBuffer, Integer> naive = new HashMap<>();
            for (int op = 0; op < 400; op++) {
                byte[] p = randomTopic(rnd, 4);
                ByteBuffer key = ByteBuffer.wrap(p);
                if (rnd.nextInt(3) > 0) {
                    boolean isNew = !naive.containsKey(key);
                    naive.merge(key, 1, Integer::sum);
                    assertEquals(isNew, trie.add(p));
                } else {
                    Integer c = naive.get(key);
                    boolean gone = c != null && c == 1;
                    if (c != null) {
                        if (c == 1) {
                            naive.remove(key);
                        } else {
                            naive.put(key, c - 1);
                        }
                    }
                    assertEquals(gone, trie.remove(p));
                }
                byte[] data = randomTopic(rnd, 6);
                boolean expected = false;
                for (ByteBuffer k : naive.keySet()) {
                    if (k.remaining() <= data.length && ByteBuffer.wrap(data, 0, k.remaining()).equals(k)) {
                        expected = true;
                        break;
                    }
                }
                assertEquals(expected, trie.matches(data));
                assertEquals(naive.size(), trie.size());
            }
        }
    }

    private static byte[] randomTopic(Random rnd, int maxLen) {
        byte[] b = new byte[rnd.nextInt(maxLen + 1)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) rnd.nextInt(3); // a tiny alphabet makes shared prefixes likely
        }
        return b;
    }
}
