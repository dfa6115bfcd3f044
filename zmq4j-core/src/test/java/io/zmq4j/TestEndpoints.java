package io.zmq4j;

/** Endpoints to bind in tests that run the same behaviour over each transport. */
final class TestEndpoints {
    private TestEndpoints() {}

    /**
     * A fresh endpoint of the transport ({@code tcp}, {@code ipc} or anything else for inproc):
     * tcp on a port the system picks (read it back from {@code bind}), ipc and inproc unique.
     */
    static String bindable(String transport) {
        switch (transport) {
            case "tcp": return "tcp://127.0.0.1:*";
            case "ipc": return "ipc://" + System.getProperty("java.io.tmpdir") + "/zmq4j-test-" + System.nanoTime() + ".sock";
            default: return "inproc://test-" + System.nanoTime();
        }
    }
}
