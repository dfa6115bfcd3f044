/** The {@code zmq4j} command line tool. */
module io.zmq4j.cli {
    requires io.zmq4j;
    requires io.zmq4j.config;
    requires io.zmq4j.codegen;
    requires io.zmq4j.examples;
    requires info.picocli;
    requires jdk.httpserver; // ws-demo serves its page with the JDK's own HTTP server

    // picocli fills the command classes' annotated fields by reflection
    opens io.zmq4j.cli to info.picocli;
}
