package io.chatplatform.ws.delivery;

import java.io.IOException;
import java.util.List;

/** One client's socket as its writer uses it: sends that return once written, or fail past the stall limit. */
interface BlockingSocket {

    /**
     * Writes texts in order, each as one frame, several in as few socket writes as the container can, and stops
     * after the frame whose send ends the {@code turn} (the socket has kept the writer waiting long enough): the
     * writer's other sessions get their turn before the rest is written.
     *
     * @return how many of the texts were written, from the first: at least one, all unless the turn ended
     */
    int sendTexts(List<String> texts, Turn turn) throws IOException;

    /** Sends a ping; the time it took counts against the {@code turn} as a text's would. */
    void sendPing(Turn turn) throws IOException;
}
