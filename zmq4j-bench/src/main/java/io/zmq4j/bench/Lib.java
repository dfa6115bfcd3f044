package io.zmq4j.bench;

/**
 * The few socket operations the perf tools need, so one copy of each tool runs over zmq4j and
 * JeroMQ alike. One implementation is loaded per process, so the calls stay monomorphic.
 */
interface Lib extends AutoCloseable {
    enum Type { PUSH, PULL, REQ, REP }

    Sock socket(Type type);

    @Override
    void close();

    interface Sock extends AutoCloseable {
        void bind(String endpoint);

        void connect(String endpoint);

        /**
         * Sends a new single-frame message of {@code size} bytes whose content does not matter,
         * made the way the library's users make one without copying, blocking while the HWM is
         * reached (libzmq's tools: zmq_msg_init_size, which neither zeroes nor fills).
         */
        void sendNew(int size);

        /** Receives one single-frame message, blocking: the library's own message handle. */
        Object recv();

        /** The size of a received message. */
        int size(Object msg);

        /** Sends a received message on, as it is (the latency tools' echo). */
        void send(Object msg);

        /** Done with a received message (gives its memory back where the library asks for it). */
        void done(Object msg);

        @Override
        void close();
    }
}
