package io.zmq4j.internal.pattern;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Topic prefixes with a count each: subscribing twice to one prefix needs two cancels, as in
 * libzmq's SUB. {@link #matches} answers "does any subscribed prefix start this message" in
 * one walk down the topic's bytes, without allocating.
 */
public final class SubscriptionTrie {
    private static final class Node {
        int count;
        byte[] keys = new byte[0];
        Node[] children = new Node[0];
        int live; // prefixes in this subtree, for pruning

        Node child(byte b) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] == b) {
                    return children[i];
                }
            }
            return null;
        }

        Node addChild(byte b) {
            Node n = new Node();
            keys = Arrays.copyOf(keys, keys.length + 1);
            children = Arrays.copyOf(children, children.length + 1);
            keys[keys.length - 1] = b;
            children[children.length - 1] = n;
            return n;
        }

        void removeChild(byte b) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] == b) {
                    int last = keys.length - 1;
                    keys[i] = keys[last];
                    children[i] = children[last];
                    keys = Arrays.copyOf(keys, last);
                    children = Arrays.copyOf(children, last);
                    return;
                }
            }
        }
    }

    private final Node root = new Node();
    private int distinct;

    /** Adds one reference to {@code prefix}; true when it was not subscribed before. */
    public boolean add(byte[] prefix, int offset, int length) {
        Node n = root;
        n.live++;
        for (int i = 0; i < length; i++) {
            byte b = prefix[offset + i];
            Node c = n.child(b);
            if (c == null) {
                c = n.addChild(b);
            }
            n = c;
            n.live++;
        }
        n.count++;
        if (n.count == 1) {
            distinct++;
            return true;
        }
        return false;
    }

    public boolean add(byte[] prefix) {
        return add(prefix, 0, prefix.length);
    }

    /** Drops one reference; true when the prefix is no longer subscribed at all. */
    public boolean remove(byte[] prefix, int offset, int length) {
        Node n = root;
        for (int i = 0; i < length; i++) {
            n = n.child(prefix[offset + i]);
            if (n == null) {
                return false;
            }
        }
        if (n.count == 0) {
            return false;
        }
        n.count--;
        // prune: walk again, decrementing live counts and cutting empty branches
        Node p = root;
        p.live--;
        for (int i = 0; i < length; i++) {
            Node c = p.child(prefix[offset + i]);
            c.live--;
            if (c.live == 0) {
                p.removeChild(prefix[offset + i]);
                break;
            }
            p = c;
        }
        if (n.count == 0) {
            distinct--;
            return true;
        }
        return false;
    }

    public boolean remove(byte[] prefix) {
        return remove(prefix, 0, prefix.length);
    }

    /** Whether {@code prefix} itself is subscribed. */
    public boolean contains(byte[] prefix) {
        Node n = root;
        for (byte b : prefix) {
            n = n.child(b);
            if (n == null) {
                return false;
            }
        }
        return n.count > 0;
    }

    /** Whether some subscribed prefix is a prefix of {@code data}. */
    public boolean matches(byte[] data) {
        Node n = root;
        if (n.count > 0) {
            return true;
        }
        for (byte b : data) {
            n = n.child(b);
            if (n == null) {
                return false;
            }
            if (n.count > 0) {
                return true;
            }
        }
        return false;
    }

    /** How many distinct prefixes are subscribed. */
    public int size() {
        return distinct;
    }

    public boolean isEmpty() {
        return distinct == 0;
    }

    /** Every subscribed prefix, once each (for re-sending after a reconnect). */
    public List<byte[]> prefixes() {
        List<byte[]> out = new ArrayList<>();
        collect(root, new byte[0], out);
        return out;
    }

    private static void collect(Node n, byte[] path, List<byte[]> out) {
        if (n.count > 0) {
            out.add(path);
        }
        for (int i = 0; i < n.keys.length; i++) {
            byte[] next = Arrays.copyOf(path, path.length + 1);
            next[path.length] = n.keys[i];
            collect(n.children[i], next, out);
        }
    }

    /** Removes everything. */
    public void clear() {
        root.keys = new byte[0];
        root.children = new Node[0];
        root.count = 0;
        root.live = 0;
        distinct = 0;
    }
}
