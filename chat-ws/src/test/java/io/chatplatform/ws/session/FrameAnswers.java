package io.chatplatform.ws.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.chatplatform.domain.common.ErrorCode;
import io.chatplatform.ws.protocol.CloseCodes;
import io.chatplatform.ws.protocol.FrameCodec;
import io.chatplatform.ws.protocol.FrameException;
import io.chatplatform.ws.protocol.IncomingFrame;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The invariant every fuzzing property checks on an authenticated session: whatever the text, the handler throws
 * nothing, keeps the socket open, and answers with at most one frame: an expected answer, or an ERROR with a
 * client-side code. INTERNAL would mean an exception other than FrameException/DomainException got that far.
 */
public final class FrameAnswers {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> CLIENT_ERROR_CODES = Arrays.stream(ErrorCode.values())
            .filter(code -> code != ErrorCode.INTERNAL).map(Enum::name).collect(Collectors.toSet());

    private FrameAnswers() {
    }

    /**
     * Delivers {@code text} and checks the invariant.
     *
     * @param answers     frame types a successful frame may be answered with (ERROR is always allowed)
     * @param silentTypes frame types that get no answer when they succeed; every other frame gets exactly one
     * @return the answer, or null
     */
    public static JsonNode deliver(HandlerHarness.Connection connection, FrameCodec codec, String text,
            Set<String> answers, Set<String> silentTypes) {
        String shown = printable(text);
        connection.clearSent();
        assertThatCode(() -> connection.receive(text)).as("handling %s", shown).doesNotThrowAnyException();
        List<String> sent = connection.sent();
        IncomingFrame decoded = decodeOrNull(codec, text);
        if (isRefreshWithTokenOfAnotherUser(decoded, connection.userId())) {
            assertThat(connection.closeStatus().getCode()).as("close after %s", shown)
                    .isEqualTo(CloseCodes.FORBIDDEN);
            assertThat(sent).isEmpty();
            return null;
        }
        assertThat(connection.closeStatus()).as("close after %s", shown).isNull();
        if (decoded != null && silentTypes.contains(decoded.type())) {
            assertThat(sent).as("answers to %s", shown).hasSizeLessThanOrEqualTo(1);
        } else {
            assertThat(sent).as("answers to %s", shown).hasSize(1);
        }
        if (sent.isEmpty()) {
            return null;
        }
        JsonNode answer = JSON.readTree(sent.get(0));
        String type = answer.path("type").asString();
        if (!"ERROR".equals(type)) {
            assertThat(answers).as("answer %s to %s", answer, shown).contains(type);
            return answer;
        }
        assertThat(CLIENT_ERROR_CODES).as("error %s answering %s", answer, shown)
                .contains(answer.path("code").asString());
        assertThat(answer.path("message").asString()).isNotBlank();
        if (decoded == null) {
            assertThat(answer.path("code").asString()).isEqualTo("BAD_REQUEST");
            assertThat(answer.has("ref")).as("ref of %s answering unparsable %s", answer, shown).isFalse();
        } else {
            assertThat(answer.path("ref").asString()).as("ref of %s answering %s", answer, shown)
                    .isEqualTo(FrameCodec.withoutUnpairedSurrogates(decoded.ref()));
        }
        return answer;
    }

    /** {@link #deliver}s {@code text} on a new authenticated session of {@code handler}, closed afterwards. */
    public static JsonNode deliverOnNewSession(HandlerHarness harness, SessionHandler handler, String text,
            Set<String> answers, Set<String> silentTypes) {
        HandlerHarness.Connection connection = harness.openAuthenticated(handler, "fuzzer");
        try {
            return deliver(connection, harness.support().codec(), text, answers, silentTypes);
        } finally {
            connection.disconnect();
        }
    }

    private static boolean isRefreshWithTokenOfAnotherUser(IncomingFrame frame, String userId) {
        if (frame == null || !"REFRESH".equals(frame.type())) {
            return false;
        }
        JsonNode token = frame.tree().get("token");
        String tokenUser = token != null && token.isString() ? HandlerHarness.userOf(token.stringValue()) : null;
        return tokenUser != null && !tokenUser.equals(userId);
    }

    /** The text with everything outside printable ASCII escaped, so that a report shows lone surrogates and NULs. */
    public static String printable(String text) {
        StringBuilder shown = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c >= 0x20 && c < 0x7f) {
                shown.append(c);
            } else {
                shown.append(String.format("\\u%04x", (int) c));
            }
        }
        return shown.toString();
    }

    private static IncomingFrame decodeOrNull(FrameCodec codec, String text) {
        try {
            return codec.decode(text);
        } catch (FrameException e) {
            return null;
        }
    }
}
