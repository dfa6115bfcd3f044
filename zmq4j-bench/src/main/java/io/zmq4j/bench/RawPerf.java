package io.zmq4j.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The machine's limit: the same payloads over a plain blocking NIO {@link SocketChannel},
 * framed with a 4-byte length, with the batching zmq4j's engine uses (a 64 KiB direct buffer
 * filled with as many frames as fit, one write per buffer; one read parses every whole frame).
 * Like the others it allocates a fresh payload per message on both sides. tcp only.
 */
final class RawPerf {
    static final int BUF = 64 * 1024;

    private RawPerf() {}

    static InetSocketAddress addr(String endpoint) {
        if (!endpoint.startsWith("tcp://")) {
            throw new IllegalArgumentException("raw supports tcp:// only: " + endpoint);
        }
        String hp = endpoint.substring(6);
        int c = hp.lastIndexOf(':');
        return new InetSocketAddress(hp.substring(0, c), Integer.parseInt(hp.substring(c + 1)));
    }

    static SocketChannel accept(String bindTo) throws IOException {
        try (ServerSocketChannel ss = ServerSocketChannel.open()) {
            ss.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ss.bind(addr(bindTo));
            SocketChannel ch = ss.accept();
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            return ch;
        }
    }

    static SocketChannel connect(String connectTo) throws IOException, InterruptedException {
        InetSocketAddress a = addr(connectTo);
        for (int i = 0; ; i++) { // like ZeroMQ's connect, retry until the other end has bound
            try {
                SocketChannel ch = SocketChannel.open(a);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                return ch;
            } catch (IOException e) {
                if (i > 500) {
                    throw e;
                }
                Thread.sleep(10);
            }
        }
    }

    /** Reads frames, one read fills the buffer; the consumer sees each whole payload. */
    static final class Reader {
        final SocketChannel ch;
        final ByteBuffer buf = ByteBuffer.allocateDirect(BUF);
        Reader(SocketChannel ch) {
            this.ch = ch;
            buf.flip();
        }

        private void fill() throws IOException {
            buf.compact();
            if (ch.read(buf) < 0) {
                throw new IOException("peer closed");
            }
            buf.flip();
        }

        byte[] next() throws IOException {
            while (buf.remaining() < 4) {
                fill();
            }
            int len = buf.getInt();
            byte[] b = new byte[len];
            int pos = 0;
            while (pos < len) {
                if (!buf.hasRemaining()) {
                    fill();
                }
                int n = Math.min(buf.remaining(), len - pos);
                buf.get(b, pos, n);
                pos += n;
            }
            return b;
        }
    }

    /** Batches frames into one buffer; writes when it is full or on flush. */
    static final class Writer {
        final SocketChannel ch;
        final ByteBuffer buf = ByteBuffer.allocateDirect(BUF);
        Writer(SocketChannel ch) {
            this.ch = ch;
        }

        private void drain() throws IOException {
            buf.flip();
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            buf.clear();
        }

        void put(byte[] b) throws IOException {
            if (buf.remaining() < 4) {
                drain();
            }
            buf.putInt(b.length);
            int pos = 0;
            while (pos < b.length) {
                if (!buf.hasRemaining()) {
                    drain();
                }
                int n = Math.min(buf.remaining(), b.length - pos);
                buf.put(b, pos, n);
                pos += n;
            }
        }

        void flush() throws IOException {
            if (buf.position() > 0) {
                drain();
            }
        }
    }

    static void run(String tool, String[] a) throws IOException, InterruptedException {
        int size = Integer.parseInt(a[1]);
        long n = Long.parseLong(a[2]);
        long warm = Perf.WARMUP;
        switch (tool) {
            case "local_thr" -> {
                try (SocketChannel ch = accept(a[0])) {
                    Reader r = new Reader(ch);
                    for (long i = 0; i < warm; i++) {
                        Perf.check(r.next(), size);
                    }
                    Perf.check(r.next(), size);
                    long start = Perf.nowUs();
                    for (long i = 1; i < n; i++) {
                        Perf.check(r.next(), size);
                    }
                    Perf.printThr(size, n, Perf.nowUs() - start);
                }
            }
            case "remote_thr" -> {
                try (SocketChannel ch = connect(a[0])) {
                    Writer w = new Writer(ch);
                    for (long i = 0; i < warm + n; i++) {
                        w.put(new byte[size]);
                    }
                    w.flush();
                    ch.shutdownOutput();
                    ch.read(ByteBuffer.allocate(1)); // linger: wait for the reader to close
                }
            }
            case "local_lat" -> {
                try (SocketChannel ch = accept(a[0])) {
                    Reader r = new Reader(ch);
                    Writer w = new Writer(ch);
                    for (long i = 0; i < warm + n; i++) {
                        byte[] b = r.next();
                        Perf.check(b, size);
                        w.put(b);
                        w.flush();
                    }
                }
            }
            case "remote_lat" -> {
                try (SocketChannel ch = connect(a[0])) {
                    Reader r = new Reader(ch);
                    Writer w = new Writer(ch);
                    for (long i = 0; i < warm; i++) {
                        w.put(new byte[size]);
                        w.flush();
                        Perf.check(r.next(), size);
                    }
                    long start = Perf.nowUs();
                    for (long i = 0; i < n; i++) {
                        w.put(new byte[size]);
                        w.flush();
                        Perf.check(r.next(), size);
                    }
                    Perf.printLat(size, n, Perf.nowUs() - start);
                }
            }
            default -> throw new IllegalArgumentException("raw has no tool " + tool + " (tcp only)");
        }
    }
}
