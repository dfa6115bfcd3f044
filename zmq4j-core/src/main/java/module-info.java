/** zmq4j core: ZeroMQ sockets over ZMTP 3.1. Only {@code io.zmq4j} is API. */
module io.zmq4j {
    requires org.jctools.core;
    requires jdk.net;
    requires org.bouncycastle.provider;
    exports io.zmq4j;
    // ZPL (RFC 4) is shared with the proto runtime (server config files, io.zmq4j.proto.Zpl) and
    // the socket-config module; not API. io.zmq4j.config may not exist yet: a qualified export
    // to an absent module is only a lint "module" warning, which the build does not enable.
    exports io.zmq4j.internal.zpl to io.zmq4j.proto, io.zmq4j.config;
}
