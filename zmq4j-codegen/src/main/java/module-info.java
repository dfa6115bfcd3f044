/** zmq4j codegen: reads zproto XML models and writes Java codecs. */
module io.zmq4j.codegen {
    requires transitive io.zmq4j.proto;
    requires java.xml;
    requires java.compiler;
    requires com.palantir.javapoet;
    requires transitive com.fasterxml.jackson.databind;
    exports io.zmq4j.codegen;
}
