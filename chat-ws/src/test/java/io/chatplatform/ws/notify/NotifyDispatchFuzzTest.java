package io.chatplatform.ws.notify;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.notification.NotificationService;
import io.chatplatform.ws.protocol.FrameArbitraries;
import io.chatplatform.ws.session.FrameAnswers;
import io.chatplatform.ws.session.Endpoint;
import io.chatplatform.ws.session.HandlerHarness;
import io.chatplatform.ws.session.SessionHandler;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;

/** Fuzzes {@code /ws/notify} dispatch with the invariant of {@link FrameAnswers}; the service is stubbed. */
class NotifyDispatchFuzzTest {

    static final List<String> VALID_FRAMES = List.of("{\"type\":\"ACK\",\"id\":3}", "{\"type\":\"PING\"}",
            "{\"type\":\"REFRESH\",\"token\":\"" + HandlerHarness.validToken("fuzzer") + "\"}");

    private final HandlerHarness harness = new HandlerHarness();
    private final SessionHandler handler;
    private final NotifyRoutes routes;

    NotifyDispatchFuzzTest() {
        NotificationService notifications = mock(NotificationService.class, withSettings().stubOnly());
        when(notifications.unreadOldestFirst(any())).thenReturn(List.of());
        when(notifications.markRead(any(), any())).thenAnswer(call -> {
            if ((Long) call.getArgument(1) < 0) {
                throw DomainException.notFound("no such notification");
            }
            return null;
        });
        routes = new NotifyRoutes(harness.replies(), notifications);
        handler = harness.handler(Endpoint.NOTIFY, routes);
    }

    @AfterProperty
    void stop() {
        routes.destroy();
        harness.close();
    }

    @Property(tries = 2000)
    void anyFrameIsAnsweredWithoutLeaks(@ForAll("frames") String text) {
        FrameAnswers.deliverOnNewSession(harness, handler, text, Set.of("PONG", "REFRESHED"), Set.of("ACK"));
    }

    @Provide
    Arbitrary<String> frames() {
        return Arbitraries.oneOf(FrameArbitraries.anyText(), FrameArbitraries.json(),
                FrameArbitraries.frames(List.of("ACK", "PING", "REFRESH", "INIT", "SEND")),
                FrameArbitraries.mutated(VALID_FRAMES));
    }
}
