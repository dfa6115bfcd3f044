package io.zmq4j.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String xml) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, xml);
        return p;
    }

    private static List<String> fieldNames(ProtoModel.Message m) {
        return m.fields().stream().map(ProtoModel.Field::name).collect(Collectors.toList());
    }

    private ModelException error(String xml) throws IOException {
        Path p = write("bad.xml", xml);
        ModelException e = assertThrows(ModelException.class, () -> ModelReader.read(p));
        assertEquals(p, e.file());
        assertTrue(e.getMessage().startsWith(p + ":"), e.getMessage());
        return e;
    }

    @Test
    void ownModelIsReadAsZprotoPreprocessesIt() {
        ProtoModel m = ModelReader.read(ModelCorpus.TELEMETRY);
        assertEquals("telemetry_msg", m.name());
        assertEquals("Telemetry protocol: zmq4j's codec test model", m.title());
        assertEquals(0xAAA7, m.signatureWord());
        assertEquals("2", m.defines().get("VERSION"));
        assertEquals("64", m.defines().get("MAX CHANNELS"));
        assertTrue(m.warnings().isEmpty(), m.warnings().toString());
        ProtoModel.Message reading = m.message("READING");
        assertEquals(List.of("sequence", "version", "channel", "unit", "station", "sensor", "timestamp", "source",
                "note"), fieldNames(reading), "the header field comes first");
        assertEquals("2", reading.field("version").value(), "TELEMETRY_MSG_VERSION is define VERSION");
        assertEquals("Sensor channel", reading.field("channel").doc());
        assertEquals("One reading of one sensor.", reading.doc());
        assertEquals(List.of("sequence", "owner first name", "owner last name", "owner phone", "owner email",
                "operator first name", "operator last name", "operator phone", "operator email"),
                fieldNames(m.message("CONTACTS")), "custom types flatten to '<field> <type field>'");
        assertEquals(FieldType.OCTETS, m.message("SAMPLE").field("checksum").type());
        assertEquals(4, m.message("SAMPLE").field("checksum").size());
        assertEquals("TLM01", m.message("HELLO").field("protocol").value());
        assertEquals("unnamed", m.message("HELLO").field("name").defaultValue());
        assertTrue(m.doc().startsWith("zmq4j's own model for testing"), m.doc());
    }

    /** The same, on zproto's own example model from the corpus (skipped without the corpus). */
    @Test
    void exampleModelIsReadAsZprotoPreprocessesIt() {
        ProtoModel m = ModelReader.read(ModelCorpus.model("zeromq__zproto/src/zproto_example.xml"));
        assertEquals("zproto_example", m.name());
        assertEquals("zproto example protocol", m.title());
        assertEquals(0xAAA0, m.signatureWord());
        assertEquals("1", m.defines().get("VERSION"));
        assertTrue(m.warnings().isEmpty(), m.warnings().toString());
        ProtoModel.Message log = m.message("LOG");
        assertEquals(List.of("sequence", "version", "level", "event", "node", "peer", "time", "host", "data"),
                fieldNames(log), "the header field comes first");
        assertEquals("3", log.field("version").value());
        assertEquals("Log severity level", log.field("level").doc(), "doc without the <test> text");
        assertEquals("Log an event.", log.doc());
        assertEquals(List.of("sequence", "client forename", "client surname", "client mobile", "client email",
                "supplier forename", "supplier surname", "supplier mobile", "supplier email"),
                fieldNames(m.message("TYPES")), "custom types flatten to '<field> <type field>'");
        assertEquals(FieldType.OCTETS, m.message("BINARY").field("flags").type());
        assertEquals(4, m.message("BINARY").field("flags").size());
        assertTrue(m.doc().startsWith("This is an example protocol"), m.doc());
    }

    @Test
    void idsDefaultToPositionAndConstantsResolveThroughDefines() {
        ProtoModel gossip = ModelReader.read(ModelCorpus.model("zeromq__czmq/src/zgossip_msg.xml"));
        assertEquals(1, gossip.message("hello").id());
        assertEquals(2, gossip.message("publish").id());
        assertEquals("version", gossip.message("ping").fields().get(0).name(), "header in a field-less message");
        ProtoModel fmq = ModelReader.read(ModelCorpus.model("zeromq__filemq/src/fmq_msg.xml"));
        assertEquals("2", fmq.message("OHAI").field("version").value(), "FMQ_MSG_VERSION is define VERSION");
        assertEquals("FILEMQ", fmq.message("OHAI").field("protocol").value());
        assertEquals("1", fmq.defines().get("FILE CREATE"));
    }

    @Test
    void missingIncludeIsAWarningWithFileAndLine() throws IOException {
        Path p = write("lonely.xml", "<class name='lonely'>\n<include filename='../license.xml'/>\n"
                + "<message name='A'/>\n</class>");
        ProtoModel m = ModelReader.read(p);
        assertEquals(1, m.warnings().size());
        assertTrue(m.warnings().get(0).contains("lonely.xml:2: warning: include '../license.xml'"),
                m.warnings().get(0));
        assertEquals(List.of("A"), m.messages().stream().map(ProtoModel.Message::name).collect(Collectors.toList()));
    }

    @Test
    void missingIncludeInARealModelIsAWarning() {
        ProtoModel m = ModelReader.read(ModelCorpus.model("zeromq__majordomo/src/mdp_client_msg.xml"));
        assertEquals(1, m.warnings().size());
        assertTrue(m.warnings().get(0).contains("mdp_client_msg.xml:31: warning: include '../license.xml'"),
                m.warnings().get(0));
    }

    @Test
    void includedFragmentsAreSplicedIn() throws IOException {
        write("more.xml", "<class><message name='EXTRA' id='9'><field name='x' type='number' size='4'/>"
                + "</message><define name='LIMIT' value='7'/></class>");
        Path p = write("main.xml", "<class name='inc' signature='3'>\n<include filename='more.xml'/>\n"
                + "<message name='FIRST'/>\n</class>");
        ProtoModel m = ModelReader.read(p);
        assertEquals(List.of("EXTRA", "FIRST"),
                m.messages().stream().map(ProtoModel.Message::name).collect(Collectors.toList()));
        assertEquals(9, m.message("EXTRA").id());
        assertEquals(2, m.message("FIRST").id(), "default id is the position among messages");
        assertEquals("7", m.defines().get("LIMIT"));
        assertEquals(0xAAA3, m.signatureWord());
    }

    @Test
    void defaultAttributeIsReadAndChecked() throws IOException {
        ProtoModel m = ModelReader.read(write("d.xml", "<class name='d'><message name='M'>"
                + "<field name='n' type='number' size='2' default='300'/><field name='s' type='string' default='hi'/>"
                + "</message></class>"));
        assertEquals("300", m.message("M").field("n").defaultValue());
        assertNull(m.message("M").field("n").value());
        assertTrue(error("<class name='d'>\n<message name='M'>\n<field name='n' type='number' default='300'/>"
                + "</message></class>").getMessage().contains(":3: field 'n': default '300'"));
    }

    @Test
    void badModelsAreReportedWithFileLineAndProblem() throws IOException {
        assertEquals(3, error("<class name='x'>\n<message name='M'>\n<field name='f' type='nubmer'/>\n"
                + "</message></class>").line());
        assertTrue(error("<class name='x'><message name='M'><field name='f' type='number' size='3'/>"
                + "</message></class>").problem().contains("size 3 is not 1, 2, 4 or 8"));
        assertTrue(error("<class name='x'><message name='M'><field name='m' type='msg'/>"
                + "<field name='f' type='string'/></message></class>").problem().contains("must come last"));
        assertTrue(error("<class name='x'><message name='A' id='1'/><message name='B' id='1'/></class>")
                .problem().contains("id 1 is already used by 'A'"));
        assertTrue(error("<class name='x'><message id='1'/></class>").problem().contains("'name'"));
        assertTrue(error("<class><message name='A'/></class>").problem().contains("'name'"));
        assertTrue(error("<class name='x' signature='16'><message name='A'/></class>").problem()
                .contains("signature 16"));
        assertTrue(error("<class name='x'><message name='A' id='256'/></class>").problem()
                .contains("does not fit one byte"));
        assertTrue(error("<class name='x'><message name='A'><field name='o' type='octets'/></message></class>")
                .problem().contains("octets need a 'size'"));
        assertTrue(error("<class name='x'><message name='A'><field name='v' type='number' value='NOPE'/>"
                + "</message></class>").problem().contains("neither"));
        assertTrue(error("<class name='x'><message name='A'><field name='v' type='hash' value='1'/>"
                + "</message></class>").problem().contains("only allowed on number and string"));
        assertTrue(error("<class name='x'><message name='A'><field name='f' type='string'/>"
                + "<field name='f' type='string'/></message></class>").problem().contains("appears twice"));
        assertTrue(error("<class name='x'></class>").problem().contains("no <message>"));
        assertTrue(error("<class name='x' pubsub='1'><message name='A'/></class>").problem()
                .contains("pubsub=\"1\" is not supported"));
        assertTrue(error("<protocol name='x'/>").problem().contains("expected <class>"));
        ModelException xml = error("<class name='x'>\n<message name='A'>\n</class>");
        assertEquals(3, xml.line());
        assertTrue(xml.problem().startsWith("not well-formed XML"), xml.problem());
        Path none = dir.resolve("none.xml");
        assertTrue(assertThrows(ModelException.class, () -> ModelReader.read(none)).problem().contains("no such file"));
    }

    @Test
    void fieldWithOneNameButDifferentTypesIsAWarningAsInZproto() throws IOException {
        ProtoModel m = ModelReader.read(write("w.xml", "<class name='w'><message name='A'>"
                + "<field name='f' type='string'/></message><message name='B'><field name='f' type='longstr'/>"
                + "</message></class>"));
        assertEquals(1, m.warnings().size());
        assertTrue(m.warnings().get(0).contains("same type and size everywhere"));
    }
}
