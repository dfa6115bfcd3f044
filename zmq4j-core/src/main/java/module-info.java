/** zmq4j core: ZeroMQ sockets over ZMTP 3.1. Only {@code io.zmq4j} is API. */
module io.zmq4j {
    requires org.jctools.core;
    requires jdk.net;
    requires org.bouncycastle.provider;
    exports io.zmq4j;
}
