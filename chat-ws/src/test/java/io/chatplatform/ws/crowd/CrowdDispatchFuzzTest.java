package io.chatplatform.ws.crowd;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyDouble;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.crowd.CrowdService;
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

/** Fuzzes {@code /ws/crowd/location} dispatch with the invariant of {@link FrameAnswers}; the service is stubbed. */
class CrowdDispatchFuzzTest {

    static final List<String> VALID_FRAMES = List.of("{\"type\":\"LOCATION\",\"lat\":52.52,\"lng\":13.405}",
            "{\"type\":\"PING\"}", "{\"type\":\"REFRESH\",\"token\":\"" + HandlerHarness.validToken("fuzzer") + "\"}");

    private final HandlerHarness harness = new HandlerHarness();
    private final SessionHandler handler;

    CrowdDispatchFuzzTest() {
        CrowdService crowd = mock(CrowdService.class, withSettings().stubOnly());
        doAnswer(call -> {
            double lat = call.getArgument(1);
            double lng = call.getArgument(2);
            if (!(lat >= -90 && lat <= 90 && lng >= -180 && lng <= 180)) {
                throw DomainException.badRequest("out of range");
            }
            return null;
        }).when(crowd).updateLocation(any(), anyDouble(), anyDouble());
        handler = harness.handler(Endpoint.CROWD, new CrowdRoutes(crowd));
    }

    @AfterProperty
    void stop() {
        harness.close();
    }

    @Property(tries = 2000)
    void anyFrameIsAnsweredWithoutLeaks(@ForAll("frames") String text) {
        FrameAnswers.deliverOnNewSession(harness, handler, text, Set.of("PONG", "REFRESHED"), Set.of("LOCATION"));
    }

    @Provide
    Arbitrary<String> frames() {
        return Arbitraries.oneOf(FrameArbitraries.anyText(), FrameArbitraries.json(),
                FrameArbitraries.frames(List.of("LOCATION", "PING", "REFRESH", "INIT", "ACK")),
                FrameArbitraries.mutated(VALID_FRAMES));
    }
}
