/** zmq4j proto: the runtime that zproto-style generated codecs stand on. */
module io.zmq4j.proto {
    requires transitive io.zmq4j;
    exports io.zmq4j.proto;
}
