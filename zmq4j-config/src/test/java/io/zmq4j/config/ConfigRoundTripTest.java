package io.zmq4j.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Context;
import io.zmq4j.Heartbeat;
import io.zmq4j.Mechanism;
import io.zmq4j.Socket;
import io.zmq4j.SocketBuilder;
import io.zmq4j.SocketOption;
import io.zmq4j.SocketType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigRoundTripTest {
    static final String GUIDE = String.join("\n",
            "auth:",
            "  curve_registry:",
            "    - \"" + OptionSamples.CLIENT.publicZ85() + "\"",
            "client:",
            "  type: client",
            "  heartbeat:",
            "      interval: 1s",
            "      timeout: 3s",
            "      ttl: 3s",
            "  send_high_water_mark: 10",
            "  send_timeout: 300ms",
            "  recv_high_water_mark: 100",
            "  recv_timeout: 300ms",
            "  mechanism:",
            "    curve_client:",
            "      client:",
            "        public: \"" + OptionSamples.CLIENT.publicZ85() + "\"",
            "        secret: \"" + OptionSamples.CLIENT.secretZ85() + "\"",
            "      server: \"" + OptionSamples.SERVER.publicZ85() + "\"",
            "server:",
            "  type: server",
            "  bind:",
            "    - tcp: \"127.0.0.1:*\"",
            "  heartbeat: {interval: 1s, timeout: 3s, ttl: 3s}",
            "  mechanism:",
            "    curve_server:",
            "      secret: \"" + OptionSamples.SERVER.secretZ85() + "\"",
            "");

    /** Every option's sample, one socket per type, through YAML and back. */
    private static Map<String, SocketConfig> everyOption() {
        Map<String, SocketConfig> m = new LinkedHashMap<>();
        for (Map.Entry<SocketType, SocketBuilder> e : OptionSamples.buildersByType().entrySet()) {
            m.put(e.getKey().name().toLowerCase(), SocketConfig.of(e.getValue()));
        }
        return m;
    }

    @Test
    void everyOptionSurvivesBuilderToYamlAndBackAndSetsTheSameSocketOptions() {
        ConfigFile written = ConfigFile.of(everyOption(), null);
        ConfigFile read = ConfigFile.parseYaml(written.toYaml(), "every.yml");
        assertEquals(written, read);
        assertSameSocketOptions(written, read);
    }

    @Test
    void everyOptionSurvivesBuilderToZplAndBack() {
        ConfigFile written = ConfigFile.of(everyOption(), null);
        ConfigFile read = ConfigFile.parseZpl(written.toZpl(), "every.zpl");
        assertEquals(written, read);
        assertSameSocketOptions(written, read);
    }

    @Test
    void everyOptionNameIsAKeyTheWriterUses() {
        String yaml = ConfigFile.of(everyOption(), null).toYaml();
        for (SocketOption<?> o : SocketOption.all()) {
            assertTrue(yaml.contains(o.name() + ":"), o.name() + " not written:\n" + yaml);
        }
    }

    @Test
    void endpointsSubscriptionsAndOddValuesSurviveYamlAndZpl() {
        SocketBuilder sub = SocketBuilder.of(SocketType.SUB).connect("tcp://127.0.0.1:5555", "ipc:///tmp/x.sock").subscribe("", "a#b", "q=1")
                .routingId(new byte[] {1, 0, (byte) 0xff}).linger(null).sendTimeout(Duration.ofMillis(1500))
                .reconnectIntervalMax(Duration.ofHours(2)).mechanism(Mechanism.plainClient("admin", "p#ss word"));
        SocketBuilder router = SocketBuilder.of(SocketType.ROUTER).bind("tcp://127.0.0.1:*", "inproc://here").mechanism(Mechanism.plainServer())
                .heartbeat(Heartbeat.of(Duration.ofMillis(250)));
        Map<String, SocketConfig> m = new LinkedHashMap<>();
        m.put("sub", SocketConfig.of(sub));
        m.put("router", SocketConfig.of(router));
        AuthConfig auth = AuthConfig.empty().curveKey(OptionSamples.CLIENT.publicZ85()).plainUser("admin", "p#ss").allow("127.0.0.1").deny("10.0.0.1");
        ConfigFile f = ConfigFile.of(m, auth);
        assertEquals(f, ConfigFile.parseYaml(f.toYaml(), "odd.yml"));
        assertEquals(f, ConfigFile.parseZpl(f.toZpl(), "odd.zpl"));
    }

    @Test
    void theGuidesSecureFileReadsIntoTheBuildersItDescribes() {
        ConfigFile f = ConfigFile.parseYaml(GUIDE, "secure.yml");
        SocketBuilder client = SocketBuilder.of(SocketType.CLIENT)
                .heartbeat(Heartbeat.of(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(3)).ttl(Duration.ofSeconds(3)))
                .sendHwm(10).sendTimeout(Duration.ofMillis(300)).receiveHwm(100).receiveTimeout(Duration.ofMillis(300))
                .mechanism(Mechanism.curveClient(OptionSamples.CLIENT, OptionSamples.SERVER.publicKey()));
        assertEquals(client, f.socket("client").builder());
        assertEquals(SocketBuilder.of(SocketType.SERVER).bind("tcp://127.0.0.1:*")
                .heartbeat(Heartbeat.of(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(3)).ttl(Duration.ofSeconds(3)))
                .mechanism(Mechanism.curveServer(OptionSamples.SERVER.secretKey())), f.socket("server").builder());
        assertEquals(java.util.List.of(OptionSamples.CLIENT.publicZ85()), f.auth().curveRegistry());
        assertEquals(f, ConfigFile.parseZpl(f.toZpl(), "secure.zpl"));
    }

    @Test
    void aFileWithoutTypesTakesTheTypeFromTheProgram() {
        ConfigFile f = ConfigFile.parseYaml("dealer:\n  connect: [{tcp: \"127.0.0.1:5555\"}]\n  send_timeout: 2m\n", "t.yml");
        assertEquals(null, f.socket("dealer").type());
        assertEquals(SocketBuilder.of(SocketType.DEALER).connect("tcp://127.0.0.1:5555").sendTimeout(Duration.ofMinutes(2)),
                f.socket("dealer").builder(SocketType.DEALER));
    }

    @Test
    void readAndWriteChooseTheFormatByFileNameAndResolvePathsFromTheFilesDirectory(@TempDir Path dir) throws Exception {
        ConfigFile f = ConfigFile.parseYaml(GUIDE, "secure.yml");
        Path zpl = dir.resolve("secure.zpl");
        Path yml = dir.resolve("secure.yml");
        f.write(zpl);
        f.write(yml);
        assertTrue(Files.readString(zpl).contains("    curve_client\n"), Files.readString(zpl));
        assertEquals(f, ConfigFile.read(zpl));
        assertEquals(f, ConfigFile.read(yml));
        Files.writeString(dir.resolve("a.yml"), "auth:\n  password_file: passwords\n  curve_directory: certs\n");
        AuthConfig a = ConfigFile.read(dir.resolve("a.yml")).auth();
        assertEquals(dir.toAbsolutePath().resolve("passwords"), a.passwordFile());
        assertEquals(dir.toAbsolutePath().resolve("certs"), a.curveDirectory());
    }

    private static void assertSameSocketOptions(ConfigFile a, ConfigFile b) {
        try (Context ctx = Context.create()) {
            for (String name : a.sockets().keySet()) {
                try (Socket sa = a.socket(name).build(ctx); Socket sb = b.socket(name).build(ctx)) {
                    for (SocketOption<?> o : SocketOption.all()) {
                        Object va = sa.get(o);
                        Object vb = sb.get(o);
                        if (va instanceof byte[] x) {
                            assertArrayEquals(x, (byte[]) vb, name + " " + o);
                        } else {
                            assertTrue(Objects.equals(va, vb), name + " " + o + ": " + va + " vs " + vb);
                        }
                    }
                }
            }
        }
    }
}
