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

        /** Sends one single-frame message, blocking while the HWM is reached. */
        void send(byte[] data);

        /** Receives one single-frame message, blocking. */
        byte[] recv();

        @Override
        void close();
    }
}
