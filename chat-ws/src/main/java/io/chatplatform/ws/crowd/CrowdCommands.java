package io.chatplatform.ws.crowd;

import io.chatplatform.ws.protocol.FrameType;

/** The frames clients send on {@code /ws/crowd/location}. */
final class CrowdCommands {

    private CrowdCommands() {
    }

    /** Where the user is now; whether the numbers are a place on Earth is the domain's rule. */
    record Location(double lat, double lng) {
        static final FrameType<Location> TYPE = new FrameType<>("LOCATION", Location.class,
                frame -> new Location(frame.requiredDouble("lat"), frame.requiredDouble("lng")));
    }
}
