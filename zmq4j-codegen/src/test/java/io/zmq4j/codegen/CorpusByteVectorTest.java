package io.zmq4j.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zmq4j.proto.Values;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Exact frames for messages of two real models from the third-party corpus, through the
 * dynamic codec (the generated code for every corpus model is checked against it by
 * {@link CorpusRoundTripTest}). Skipped, with a message, where the corpus is not beside the
 * repository.
 */
class CorpusByteVectorTest {

    private static String ascii(String s) {
        return Values.hex(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void zprotoExampleLogIsTheBytesZprotoRulesGive() {
        JsonCodec json = new JsonCodec(ModelReader.read(ModelCorpus.model("zeromq__zproto/src/zproto_example.xml")));
        String body = "aaa0" + "01" + "007b" + "0003" + "02" + "03" + "b1e0" + "ffff" + "00000000551247f2"
                + "09" + ascii("localhost") + "0000001a" + ascii("This is the message to log");
        String line = "{\"message\":\"LOG\",\"fields\":{\"sequence\":123,\"level\":2,\"event\":3,\"node\":45536,"
                + "\"peer\":65535,\"time\":1427261426,\"host\":\"localhost\",\"data\":\"This is the message to log\"}}";
        assertEquals("[\"" + body + "\"]", json.encodeLine(line));
        assertEquals("{\"message\":\"LOG\",\"fields\":{\"sequence\":123,\"version\":3,\"level\":2,\"event\":3,"
                + "\"node\":45536,\"peer\":65535,\"time\":1427261426,\"host\":\"localhost\","
                + "\"data\":\"This is the message to log\"}}", json.decodeLine("[\"" + body + "\"]"));
    }

    @Test
    void majordomoClientRequestStartsWithItsStringConstant() {
        // mdp_client_msg: signature 4, CLIENT REQUEST id 1 = constant "MDPC02", constant 1, service, msg body.
        JsonCodec json = new JsonCodec(ModelReader.read(ModelCorpus.model("zeromq__majordomo/src/mdp_client_msg.xml")));
        String body = "aaa4" + "01" + "06" + ascii("MDPC02") + "01" + "04" + ascii("echo");
        assertEquals("[\"" + body + "\",\"ab\"]",
                json.encodeLine("{\"message\":\"CLIENT REQUEST\",\"fields\":{\"service\":\"echo\",\"body\":[\"ab\"]}}"));
    }
}
