package io.chatplatform.ws.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.chatplatform.domain.common.ErrorCode;
import io.chatplatform.ws.session.FrameAnswers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decoding a client frame and reading its fields either succeeds or refuses with a BAD_REQUEST
 * {@link FrameException}; no other exception, and no stack overflow, whatever the text. Encoding a frame always
 * gives text the socket can send, whatever client text it echoes.
 */
class FrameCodecFuzzTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final FrameCodec codec = new FrameCodec(JSON);

    @Property(tries = 2000)
    void anyTextDecodesToAFrameWithATypeOrIsRefusedWithoutRef(@ForAll("anyText") String text) {
        checkDecode(text);
    }

    @Property(tries = 2000)
    void anyJsonDecodesToAFrameWithATypeOrIsRefusedWithoutRef(@ForAll("anyJson") String text) {
        checkDecode(text);
    }

    @Property(tries = 2000)
    void fieldAccessorsReturnAValueOrRefuseNamingTheField(@ForAll("frames") String text) {
        IncomingFrame frame = checkDecode(text);
        if (frame == null) {
            return;
        }
        for (String field : FrameArbitraries.FIELDS) {
            checkAccessor(frame, field, frame::optionalString);
            checkAccessor(frame, field, frame::requiredString);
            checkAccessor(frame, field, frame::optionalLong);
            checkAccessor(frame, field, frame::requiredLong);
            checkAccessor(frame, field, frame::optionalInt);
            checkAccessor(frame, field, frame::requiredDouble);
        }
    }

    @Property(tries = 200)
    void deeplyNestedJsonIsRefusedAsMalformedWithoutOverflowingTheStack(
            @ForAll @IntRange(min = 1, max = 20_000) int depth) {
        String arrays = "[".repeat(depth) + "]".repeat(depth);
        String inFrame = "{\"type\":\"SEND\",\"body\":" + arrays + "}";

        checkDecode(arrays);
        IncomingFrame frame = checkDecode(inFrame);
        if (frame != null) {
            checkAccessor(frame, "body", frame::requiredString);
        }
    }

    @Property(tries = 2000)
    void encodedFramesAlwaysHaveAUtf8FormAndKeepWellFormedTextExactly(@ForAll("anyText") String ref,
            @ForAll("anyText") String message) {
        String encoded = codec.encode(new SessionFrames.Error(ErrorCode.BAD_REQUEST, message, ref));

        assertThat(StandardCharsets.UTF_8.newEncoder().canEncode(encoded)).as("UTF-8 form of %s",
                FrameAnswers.printable(encoded)).isTrue();
        JsonNode decoded = JSON.readTree(encoded);
        assertThat(decoded.path("ref").asString()).hasSameSizeAs(ref);
        if (StandardCharsets.UTF_8.newEncoder().canEncode(ref)) {
            assertThat(decoded.path("ref").asString()).isEqualTo(ref);
        }
        assertThat(decoded.path("message").asString()).isEqualTo(FrameCodec.withoutUnpairedSurrogates(message));
    }

    @Property(tries = 2000)
    void readyIsWrittenByHandExactlyAsJacksonWritesIt(@ForAll("anyText") String userId,
            @ForAll("anyText") String sessionId, @ForAll @LongRange(min = -10_000_000_000L, max = 100_000_000_000L)
            long epochSecond, @ForAll @IntRange(min = 0, max = 999_999_999) int nanos, @ForAll boolean expires) {
        SessionFrames.Ready ready = new SessionFrames.Ready(userId, sessionId,
                expires ? Instant.ofEpochSecond(epochSecond, nanos % 3 == 0 ? 0 : nanos) : null);

        String byJackson = FrameCodec.withoutUnpairedSurrogates(
                JSON.rebuild().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).build()
                        .writerFor(ServerFrame.class).writeValueAsString(ready));

        assertThat(codec.encode(ready)).isEqualTo(byJackson);
    }

    /** Decodes, asserting the only possible refusal; returns the frame or null when refused. */
    private IncomingFrame checkDecode(String text) {
        IncomingFrame[] decoded = new IncomingFrame[1];
        Throwable thrown = catchThrowable(() -> decoded[0] = codec.decode(text));
        if (thrown != null) {
            assertThat(thrown).as("decoding %s", text).isExactlyInstanceOf(FrameException.class);
            FrameException refused = (FrameException) thrown;
            assertThat(refused.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            if (!refused.getMessage().startsWith("a value is beyond")) { // such a frame is named as far as it was read
                assertThat(refused.ref()).isNull();
            }
            return null;
        }
        assertThat(decoded[0].type()).isNotBlank();
        assertThat(decoded[0].tree().isObject()).isTrue();
        assertThat(decoded[0].ref()).isNotNull();
        return decoded[0];
    }

    private static void checkAccessor(IncomingFrame frame, String field, Function<String, ?> accessor) {
        Throwable thrown = catchThrowable(() -> accessor.apply(field));
        if (thrown != null) {
            assertThat(thrown).as("reading %s of %s", field, frame.tree()).isExactlyInstanceOf(FrameException.class);
            FrameException refused = (FrameException) thrown;
            assertThat(refused.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(refused.getMessage()).startsWith(field + " ");
            assertThat(refused.ref()).isEqualTo(frame.ref());
        }
    }

    @Provide
    Arbitrary<String> anyText() {
        return FrameArbitraries.anyText();
    }

    @Provide
    Arbitrary<String> anyJson() {
        return FrameArbitraries.json();
    }

    @Provide
    Arbitrary<String> frames() {
        return FrameArbitraries.frames(List.of("SEND", "SYNC", "READ", "TYPING", "EDIT", "DELETE", "PING", "REFRESH",
                "INIT", "ACK", "LOCATION"));
    }
}
