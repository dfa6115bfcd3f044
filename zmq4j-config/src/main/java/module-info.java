/**
 * zmq4j config: sockets and the authenticator described in YAML or ZPL files, read into
 * {@link io.zmq4j.SocketBuilder} values and the core {@link io.zmq4j.Authenticator}.
 */
module io.zmq4j.config {
    requires transitive io.zmq4j;
    requires org.snakeyaml.engine.v2;
    exports io.zmq4j.config;
}
