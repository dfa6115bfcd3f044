package io.zmq4j.maven;

import io.zmq4j.codegen.ClientGenerator;
import io.zmq4j.codegen.JavaGenerator;
import io.zmq4j.codegen.ModelException;
import io.zmq4j.codegen.ModelReader;
import io.zmq4j.codegen.ProtoModel;
import io.zmq4j.codegen.ServerGenerator;
import io.zmq4j.codegen.StateModel;
import io.zmq4j.codegen.StateModelReader;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Generates Java codecs from the zproto models in {@code src/main/zproto} and adds them to the
 * compile sources, the way protobuf's plugin does for {@code .proto} files.
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>io.zmq4j</groupId>
 *   <artifactId>zmq4j-maven-plugin</artifactId>
 *   <executions><execution><goals><goal>generate</goal></goals></execution></executions>
 *   <configuration><packageName>com.example.proto</packageName></configuration>
 * </plugin>
 * }</pre>
 *
 * <p>Codec models ({@code script="zproto_codec_c"} or another {@code zproto_codec_*}, or no
 * script) become codecs; server models ({@code zproto_server_c}) become their engine
 * {@code XxxEngine} (the skeleton {@code Xxx} with the actions is your source, written once by
 * {@code zmq4j generate}); client models ({@code zproto_client_c}) their engine
 * {@code XxxEngine} and API {@code Xxx} (the actions {@code XxxActions} are your source);
 * included fragments such as {@code license.xml} in the same folder are skipped.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public final class GenerateMojo extends AbstractMojo {
    private static final Pattern SCRIPT = Pattern.compile("\\bscript\\s*=\\s*[\"']([^\"']*)[\"']");

    /** Folder of zproto XML models. */
    @Parameter(property = "zmq4j.modelDirectory", defaultValue = "${project.basedir}/src/main/zproto")
    File modelDirectory;

    /** Where generated sources go; added to the project's compile source roots. */
    @Parameter(property = "zmq4j.outputDirectory",
            defaultValue = "${project.build.directory}/generated-sources/zproto")
    File outputDirectory;

    /** Java package of the generated classes. */
    @Parameter(property = "zmq4j.packageName", required = true)
    String packageName;

    /**
     * Where the skeletons of server and client models (the actions: your code) are written when
     * missing, e.g. {@code ${project.basedir}/src/main/java}; an existing one is never touched.
     * Unset (the default), no skeleton is written: make it once with {@code zmq4j generate}.
     */
    @Parameter(property = "zmq4j.skeletonDirectory")
    File skeletonDirectory;

    /** Skips generation. */
    @Parameter(property = "zmq4j.skip", defaultValue = "false")
    boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("zmq4j generate skipped");
            return;
        }
        Path dir = modelDirectory.toPath();
        if (!Files.isDirectory(dir)) {
            getLog().info("No zproto models: " + dir + " does not exist");
            return;
        }
        List<Path> models;
        try (Stream<Path> files = Files.walk(dir)) {
            models = files.filter(p -> p.toString().endsWith(".xml")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new MojoExecutionException("cannot list " + dir, e);
        }
        Path out = outputDirectory.toPath();
        int generated = 0;
        for (Path model : models) {
            String why = skipReason(model);
            if (why != null) {
                getLog().debug("Skipping " + model + ": " + why);
                continue;
            }
            try {
                Path file;
                String script = script(model);
                if ("zproto_server_c".equals(script)) {
                    StateModel m = StateModelReader.read(model);
                    m.warnings().forEach(getLog()::warn);
                    // Only the engine: the skeleton is the user's source, made once by `zmq4j generate`.
                    file = ServerGenerator.writeEngine(m, packageName, out);
                    if (skeletonDirectory != null) {
                        Path kept = ServerGenerator.writeSkeleton(m, packageName, skeletonDirectory.toPath());
                        if (kept != null) {
                            getLog().info("Wrote the skeleton " + kept + " (yours from now on)");
                        }
                    }
                } else if ("zproto_client_c".equals(script)) {
                    StateModel m = StateModelReader.read(model);
                    m.warnings().forEach(getLog()::warn);
                    // Engine and API; the XxxActions skeleton is the user's source.
                    file = ClientGenerator.write(m, packageName, out).get(1);
                    if (skeletonDirectory != null) {
                        Path kept = ClientGenerator.writeSkeleton(m, packageName, skeletonDirectory.toPath());
                        if (kept != null) {
                            getLog().info("Wrote the skeleton " + kept + " (yours from now on)");
                        }
                    }
                } else {
                    ProtoModel m = ModelReader.read(model);
                    m.warnings().forEach(getLog()::warn);
                    file = JavaGenerator.write(m, packageName, out);
                }
                getLog().info("Generated " + file + " from " + dir.relativize(model));
                generated++;
            } catch (ModelException e) {
                // file:line: problem, as a compiler would print it, so IDEs can jump to it.
                throw new MojoFailureException(e.getMessage(), e);
            }
        }
        if (generated == 0) {
            getLog().warn("No zproto codec models in " + dir);
        }
        project.addCompileSourceRoot(out.toString());
    }

    /** Why {@code model} is not a codec model to generate, or null if it is one. */
    static String skipReason(Path model) {
        String text;
        try {
            text = Files.readString(model);
        } catch (IOException e) {
            return null; // let the reader report it with the file name
        }
        int start = text.indexOf("<class");
        if (start < 0) {
            return "no <class> element (an include fragment?)";
        }
        int end = text.indexOf('>', start);
        Matcher m = SCRIPT.matcher(end < 0 ? text.substring(start) : text.substring(start, end));
        if (m.find() && !m.group(1).startsWith("zproto_codec") && !m.group(1).equals("zproto_server_c")
                && !m.group(1).equals("zproto_client_c")) {
            return "script " + m.group(1) + " is not a codec, server or client generator";
        }
        return null;
    }

    private static String script(Path model) {
        try {
            String text = Files.readString(model);
            int start = text.indexOf("<class");
            int end = text.indexOf('>', start);
            Matcher m = SCRIPT.matcher(text.substring(start, end < 0 ? text.length() : end));
            return m.find() ? m.group(1) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
