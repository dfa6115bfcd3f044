package io.zmq4j.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zmq4j.Msg;
import io.zmq4j.proto.ProtocolException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * The generated decoders of our own model and, where the third-party corpus is beside the
 * repository, of every codec model in it, under frames a peer controls. Each either returns a
 * message that encodes and decodes back to itself, or throws a {@link ProtocolException} (the
 * documented error, naming message and field); and the dynamic {@link JsonCodec} of the same
 * model takes or refuses the same frames.
 *
 * <p>Without the corpus the inputs still run, each against our own model.
 */
class CodecFuzzTest {
    private record Codec(ProtoModel model, Method decode, JsonCodec json) {}

    private static final List<Codec> CODECS = load();

    private static List<Codec> load() {
        try {
            List<Codec> codecs = new ArrayList<>();
            add(codecs, CorpusRoundTripTest.generateAndCompile("own", List.of(ModelCorpus.TELEMETRY)));
            if (ModelCorpus.present()) {
                add(codecs, CorpusRoundTripTest.generateAndCompile("corpus", ModelCorpus.codecModels()));
            }
            return codecs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void add(List<Codec> codecs, CorpusRoundTripTest.Compiled compiled) throws ReflectiveOperationException {
        for (ProtoModel m : compiled.models()) {
            Class<?> outer = compiled.loader().loadClass(CorpusRoundTripTest.packageOf(m) + "." + JavaGenerator.className(m));
            codecs.add(new Codec(m, outer.getMethod("decode", Msg.class, boolean.class), new JsonCodec(m)));
        }
    }

    @FuzzTest(maxDuration = "30s")
    void generatedDecoderReturnsAMessageThatRoundTripsOrAProtocolError(FuzzedDataProvider data) throws Exception {
        Codec codec = CODECS.get(data.consumeInt(0, CODECS.size() - 1));
        boolean routed = data.consumeBoolean();
        List<byte[]> frames = new ArrayList<>();
        for (int n = data.consumeInt(0, 5); n > 0; n--) {
            frames.add(data.consumeBytes(data.consumeInt(0, 300)));
        }
        frames.add(data.consumeRemainingAsBytes());

        Object decoded = null;
        ProtocolException refused = null;
        try {
            decoded = invoke(codec.decode(), Msg.of(frames), routed);
        } catch (ProtocolException e) {
            refused = e;
            assertEquals(codec.model().name(), e.protocol(), e.getMessage());
            assertNotNull(e.getMessage());
        }
        if (!routed) {
            String json;
            try {
                codec.json().decode(frames);
                json = "taken";
            } catch (ProtocolException e) {
                json = "refused: " + e.getMessage();
            }
            assertEquals(refused == null ? "taken" : "refused: " + refused.getMessage(), json,
                    "generated and dynamic codecs of " + codec.model().name() + " disagree");
        }
        if (decoded != null) {
            Msg again = (Msg) decoded.getClass().getMethod("encode", boolean.class).invoke(decoded, routed);
            assertEquals(decoded, invoke(codec.decode(), again, routed), "decode(encode(decode(frames))) differs");
        }
    }

    private static Object invoke(Method m, Object... args) throws Exception {
        try {
            return m.invoke(null, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : new IllegalStateException(e.getCause());
        }
    }
}
