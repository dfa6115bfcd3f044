package io.zmq4j.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.model.Model;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateMojoTest {
    @TempDir
    Path dir;

    private GenerateMojo mojo(Path models, Path out) {
        GenerateMojo m = new GenerateMojo();
        m.modelDirectory = models.toFile();
        m.outputDirectory = out.toFile();
        m.packageName = "com.example.proto";
        m.project = new MavenProject(new Model());
        return m;
    }

    @Test
    void generatesCodecsAndServerEnginesButNoSkeletonAndAddsTheSourceRoot() throws Exception {
        Path models = Files.createDirectories(dir.resolve("src/main/zproto"));
        Files.writeString(models.resolve("hello_msg.xml"), "<class name='hello_msg' signature='2' "
                + "script='zproto_codec_c'><include filename='license.xml'/><message name='HELLO'>"
                + "<field name='name' type='string'/></message></class>");
        Files.writeString(models.resolve("license.xml"), "<license>MIT</license>");
        Files.writeString(models.resolve("hello_server.xml"), "<class name='hello_server' "
                + "script='zproto_server_c' protocol_class='hello_msg'><state name='start'>"
                + "<event name='HELLO'><action name='greet'/></event></state></class>");
        Path out = dir.resolve("target/generated-sources/zproto");
        GenerateMojo m = mojo(models, out);
        m.execute();
        assertTrue(Files.isRegularFile(out.resolve("com/example/proto/HelloMsg.java")));
        assertTrue(Files.isRegularFile(out.resolve("com/example/proto/HelloServerEngine.java")));
        assertFalse(Files.exists(out.resolve("com/example/proto/HelloServer.java")), "the skeleton is the user's");
        assertEquals(List.of(out.toString()), m.project.getCompileSourceRoots());
    }

    @Test
    void skeletonDirectoryGetsAMissingSkeletonOnceAndNeverOverwritesIt() throws Exception {
        Path models = Files.createDirectories(dir.resolve("src/main/zproto"));
        Files.writeString(models.resolve("hello_msg.xml"), "<class name='hello_msg' signature='2'>"
                + "<message name='HELLO'/></class>");
        Files.writeString(models.resolve("hello_server.xml"), "<class name='hello_server' "
                + "script='zproto_server_c' protocol_class='hello_msg'><state name='start'>"
                + "<event name='HELLO'><action name='greet'/></event></state></class>");
        GenerateMojo m = mojo(models, dir.resolve("target/gen"));
        m.skeletonDirectory = dir.resolve("src/main/java").toFile();
        m.execute();
        Path skeleton = dir.resolve("src/main/java/com/example/proto/HelloServer.java");
        assertTrue(Files.readString(skeleton).contains("protected void greet()"));
        Files.writeString(skeleton, "// mine");
        mojo(models, dir.resolve("target/gen")).execute();
        m.execute();
        assertEquals("// mine", Files.readString(skeleton));
    }

    @Test
    void badModelFailsTheBuildWithFileAndLine() throws IOException {
        Path models = Files.createDirectories(dir.resolve("zproto"));
        Path bad = models.resolve("bad_msg.xml");
        Files.writeString(bad, "<class name='bad_msg'>\n<message name='A'>\n<field name='f' type='nubmer'/>\n"
                + "</message></class>");
        MojoFailureException e = assertThrows(MojoFailureException.class,
                () -> mojo(models, dir.resolve("out")).execute());
        assertTrue(e.getMessage().startsWith(bad + ":3: field 'f': unknown type 'nubmer'"), e.getMessage());
    }

    @Test
    void missingModelDirectoryIsNotAnError() throws Exception {
        GenerateMojo m = mojo(dir.resolve("none"), dir.resolve("out"));
        m.execute();
        assertTrue(m.project.getCompileSourceRoots().isEmpty());
    }

    @Test
    void onlyCodecServerAndClientScriptsAreGenerated() throws IOException {
        Path p = dir.resolve("m.xml");
        Files.writeString(p, "<class name='x' script = \"zproto_codec_c_v1\">");
        assertNull(GenerateMojo.skipReason(p));
        Files.writeString(p, "<class name='x'>");
        assertNull(GenerateMojo.skipReason(p));
        Files.writeString(p, "<class name='x' script='zproto_server_c'>");
        assertNull(GenerateMojo.skipReason(p));
        Files.writeString(p, "<class name='x' script='zproto_client_c'>");
        assertNull(GenerateMojo.skipReason(p));
        Files.writeString(p, "<class name='x' script='zproto_peer_c'>");
        assertTrue(GenerateMojo.skipReason(p).contains("zproto_peer_c"));
        Files.writeString(p, "<license>MIT</license>");
        assertTrue(GenerateMojo.skipReason(p).contains("no <class>"));
    }
}
