/** zmq4j core: ZeroMQ sockets over ZMTP 3.1. Only {@code io.zmq4j} is API. */
module io.zmq4j {
    requires org.jctools.core;
    requires org.jctools.core.jdk11; // the VarHandle queues, used from Java 24 on (internal.Queues)
    requires jdk.net;
    requires org.bouncycastle.provider;
    // CURVE's multi-block Salsa20 (internal.security.VectorSalsa20), used only when the JVM was
    // started with --add-modules jdk.incubator.vector
    requires static jdk.incubator.vector;
    exports io.zmq4j;
    // ZPL (RFC 4) is shared with the proto runtime (server config files, io.zmq4j.proto.Zpl) and
    // zmq4j-config (socket and auth config files in YAML or ZPL); not API.
    exports io.zmq4j.internal.zpl to io.zmq4j.proto, io.zmq4j.config;
}
