package io.chatplatform.ws.crowd;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.chatplatform.ws.protocol.ServerFrame;

/** The frames {@code /ws/crowd/location} sends, to ADMIN sessions only. */
final class CrowdFrames {

    private CrowdFrames() {
    }

    @JsonTypeName("CROWD_ALERT")
    record Alert(Long zoneId, int count, int threshold) implements ServerFrame {
    }

    @JsonTypeName("CROWD_CLEARED")
    record Cleared(Long zoneId, int count) implements ServerFrame {
    }
}
