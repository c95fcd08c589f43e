package io.chatplatform.ws.delivery;

import java.io.IOException;
import java.util.List;

/** One client's socket as its writer uses it: sends that return once written, or fail past the stall limit. */
interface BlockingSocket {

    /** Writes each text as one frame, in order; several in as few socket writes as the container can. */
    void sendTexts(List<String> texts) throws IOException;

    void sendPing() throws IOException;
}
