package io.chatplatform.ws.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.Texts;
import io.chatplatform.domain.message.MessagePage;
import io.chatplatform.domain.message.MessageService;
import io.chatplatform.domain.message.MessageView;
import io.chatplatform.domain.message.ReactionEmoji;
import io.chatplatform.domain.message.ReactionService;
import io.chatplatform.domain.posting.PostResult;
import io.chatplatform.domain.posting.Post;
import io.chatplatform.domain.posting.Posting;
import io.chatplatform.domain.message.ChangeFeed;
import io.chatplatform.domain.message.ChangePage;
import io.chatplatform.domain.room.ReadMarkerService;
import io.chatplatform.domain.room.RoomAccess;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.ws.delivery.RoomDelivery;
import io.chatplatform.ws.protocol.FrameArbitraries;
import io.chatplatform.ws.protocol.FrameCodec;
import io.chatplatform.ws.session.Endpoint;
import io.chatplatform.ws.session.FrameAnswers;
import io.chatplatform.ws.session.HandlerHarness;
import io.chatplatform.ws.session.SessionHandler;
import io.chatplatform.ws.session.SessionRegistry;
import io.chatplatform.ws.session.WsMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterProperty;
import org.mockito.invocation.InvocationOnMock;
import org.springframework.web.socket.BinaryMessage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fuzzes {@code /ws/chat} dispatch: arbitrary text, arbitrary JSON, frame-shaped objects with fields of every type
 * and broken valid frames go through the real codec and handler (domain services stubbed). Nothing escapes the
 * handler, the socket stays open, and each frame gets one expected answer or an ERROR with a client-side code.
 */
class ChatDispatchFuzzTest {

    static final List<String> TYPES = List.of("SEND", "SYNC", "READ", "TYPING", "EDIT", "DELETE", "REACT", "UNREACT",
            "PING", "REFRESH", "INIT");
    static final List<String> VALID_FRAMES = List.of(
            "{\"type\":\"SEND\",\"roomId\":2,\"clientMsgId\":\"c-1\",\"body\":\"hello\"}",
            "{\"type\":\"SYNC\",\"roomId\":2,\"afterSeq\":0,\"limit\":10}",
            "{\"type\":\"SYNC\",\"roomId\":2,\"afterRev\":0,\"limit\":10}",
            "{\"type\":\"SEND\",\"roomId\":2,\"clientMsgId\":\"c-2\",\"body\":\"hi\",\"threadId\":1,"
                    + "\"attributes\":{\"card\":{\"title\":\"t\"}}}",
            "{\"type\":\"SEND\",\"roomId\":2,\"clientMsgId\":\"c-3\",\"body\":\"in a thread\",\"threadId\":4}",
            "{\"type\":\"READ\",\"roomId\":2,\"seq\":1}",
            "{\"type\":\"TYPING\",\"roomId\":2}",
            "{\"type\":\"EDIT\",\"roomId\":2,\"messageId\":1,\"body\":\"fixed\"}",
            "{\"type\":\"DELETE\",\"roomId\":2,\"messageId\":1}",
            "{\"type\":\"REACT\",\"roomId\":2,\"messageId\":1,\"emoji\":\"\uD83D\uDC4D\uD83C\uDFFD\"}",
            "{\"type\":\"UNREACT\",\"roomId\":2,\"messageId\":1,"
                    + "\"emoji\":\"\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67\"}",
            "{\"type\":\"REACT\",\"roomId\":2,\"messageId\":1,\"emoji\":\"#\uFE0F\u20E3\"}",
            "{\"type\":\"PING\"}",
            "{\"type\":\"REFRESH\",\"token\":\"" + HandlerHarness.validToken("fuzzer") + "\"}");
    static final Set<String> ANSWERS = Set.of("PONG", "ACK", "HISTORY", "CHANGES", "REFRESHED");
    static final Set<String> SILENT_WHEN_ACCEPTED = Set.of("READ", "TYPING", "EDIT", "DELETE", "REACT", "UNREACT");

    private final HandlerHarness harness = new HandlerHarness();
    private final SessionHandler handler;

    private final ChangeFeed changeFeed = mock(ChangeFeed.class, withSettings().stubOnly());

    ChatDispatchFuzzTest() {
        MessageService messages = mock(MessageService.class, withSettings().stubOnly());
        Posting posting = mock(Posting.class, withSettings().stubOnly());
        RoomAccess rooms = mock(RoomAccess.class, withSettings().stubOnly());
        ReadMarkerService readMarkers = mock(ReadMarkerService.class, withSettings().stubOnly());
        when(posting.postAsync(any(), any(Post.class))).thenAnswer(call -> {
            Actor sender = call.getArgument(0);
            Post post = call.getArgument(1);
            requireLikeTheDomain(post.clientMsgId(), post.body());
            if (post.threadId() != null && post.threadId() % 2 != 0) {
                // the writer's refusal of a threadId that is no root of the room arrives through the future
                return CompletableFuture.failedFuture(DomainException.notFound("no root " + post.threadId()));
            }
            return CompletableFuture.completedFuture(new PostResult(new MessageView(post.roomId(), 7L, 1,
                    sender.userId(), post.clientMsgId(), post.body(), Instant.now(), null, null), false));
        });
        when(changeFeed.since(any(), any(), anyLong(), any())).thenAnswer(call -> {
            long afterRev = call.getArgument(2);
            Integer limit = call.getArgument(3);
            if (afterRev < 0 || limit != null && limit < 1) {
                throw DomainException.badRequest("afterRev must be >= 0 and limit positive");
            }
            return new ChangePage(List.of(ChangePage.Entry.of(new MessageView(call.getArgument(1), 7L, 1, "someone",
                    "c-9", "hi", Instant.now(), null, null, afterRev + 1, null, null, null, null))), false,
                    afterRev + 1);
        });
        when(messages.history(any(), any(), any(), any(), any())).thenAnswer(call -> {
            Long afterSeq = call.getArgument(2);
            Integer limit = call.getArgument(4);
            if (afterSeq < 0 || limit != null && limit < 1) {
                throw DomainException.badRequest("afterSeq must be >= 0 and limit positive");
            }
            return new MessagePage(List.of(new MessageView(call.getArgument(1), 7L, afterSeq + 1, "someone", "c-9",
                    "hi", Instant.now(), null, null)), false);
        });
        when(messages.edit(any(), any(), any(), any())).thenAnswer(call -> {
            requireLikeTheDomain("edit", call.getArgument(3));
            return null;
        });
        ReactionService reactions = mock(ReactionService.class, withSettings().stubOnly());
        when(reactions.react(any(), any(), any(), any())).thenAnswer(ChatDispatchFuzzTest::reactLikeTheDomain);
        when(reactions.unreact(any(), any(), any(), any())).thenAnswer(ChatDispatchFuzzTest::reactLikeTheDomain);
        when(rooms.isMember(anyLong(), any())).thenAnswer(call -> ((Long) call.getArgument(0)) % 2 == 0);
        when(readMarkers.markRead(any(), any(), anyLong())).thenAnswer(call -> {
            if ((Long) call.getArgument(1) % 2 != 0) {
                throw DomainException.forbidden("not a member");
            }
            return call.getArgument(2);
        });
        handler = harness.handler(Endpoint.CHAT, new ChatRoutes(harness.replies(), messages, posting, rooms, readMarkers,
                mock(RoomBroadcaster.class), new TypingThrottle(HandlerHarness.limits(1, 1, 1), Clock.systemUTC()),
                new WsMetrics(new SimpleMeterRegistry(), new SessionRegistry()), new RoomDelivery(0),
                new HistoryPages(new FrameCodec(JsonMapper.builder().build()), 128 * 1024),
                mock(PresenceAnnouncer.class), changeFeed, reactions));
    }

    /** The checks of Posting that the stub keeps, so that refusals take the DomainException path. */
    private static void requireLikeTheDomain(String clientMsgId, String body) {
        if (clientMsgId.isBlank() || body.isEmpty()) {
            throw DomainException.badRequest("clientMsgId and body are required");
        }
        if (body.length() > 4000) {
            throw DomainException.tooLarge("body too long");
        }
        Texts.requireStorable("body", body);
    }

    /** The domain's own emoji rule, and outsiders (odd room ids) told there is no such room. */
    private static boolean reactLikeTheDomain(InvocationOnMock call) {
        ReactionEmoji.require(call.getArgument(3));
        Long roomId = call.getArgument(1);
        if (roomId % 2 != 0) {
            throw RoomAccess.noSuchRoom(roomId);
        }
        return true;
    }

    @AfterProperty
    void stop() {
        harness.close();
    }

    @Property(tries = 1000)
    void anyTextIsAnsweredWithoutLeaks(@ForAll("anyText") String text) {
        deliver(text);
    }

    @Property(tries = 1000)
    void anyJsonIsAnsweredWithoutLeaks(@ForAll("anyJson") String text) {
        deliver(text);
    }

    @Property(tries = 2000)
    void frameShapedObjectsAreAnsweredWithoutLeaks(@ForAll("chatFrames") String text) {
        collectAndRequireCoverage(deliver(text));
    }

    @Property(tries = 2000)
    void brokenValidFramesAreAnsweredWithoutLeaks(@ForAll("brokenChatFrames") String text) {
        collectAndRequireCoverage(deliver(text));
    }

    /** Makes sure the generated frames reach the accepting paths too, not only the refusals. */
    private static void collectAndRequireCoverage(JsonNode answer) {
        Statistics.label("answer").collect(answer == null ? "none" : answer.path("type").asString()
                + (answer.has("code") ? " " + answer.path("code").asString() : ""));
        Statistics.label("answer").coverage(checker -> {
            for (String reached : List.of("none", "ACK", "HISTORY", "PONG", "ERROR BAD_REQUEST", "ERROR NOT_FOUND")) {
                checker.check(reached).count(count -> count > 0);
            }
        });
    }

    @Property(tries = 200)
    void binaryFramesAreRefusedWithBadRequestAndTheSocketStaysOpen(@ForAll byte[] payload) {
        HandlerHarness.Connection connection = harness.openAuthenticated(handler, "fuzzer");
        connection.clearSent();

        assertThatCode(() -> connection.deliver(new BinaryMessage(payload))).doesNotThrowAnyException();

        assertThat(connection.closeStatus()).isNull();
        assertThat(connection.sent()).singleElement().asString().contains("\"code\":\"BAD_REQUEST\"");
        connection.disconnect();
    }

    private JsonNode deliver(String text) {
        return FrameAnswers.deliverOnNewSession(harness, handler, text, ANSWERS, SILENT_WHEN_ACCEPTED);
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
    Arbitrary<String> chatFrames() {
        return FrameArbitraries.frames(TYPES);
    }

    @Provide
    Arbitrary<String> brokenChatFrames() {
        return Arbitraries.oneOf(FrameArbitraries.mutated(VALID_FRAMES), Arbitraries.of(VALID_FRAMES));
    }
}
