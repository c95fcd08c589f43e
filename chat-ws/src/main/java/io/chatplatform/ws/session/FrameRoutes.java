package io.chatplatform.ws.session;

/**
 * What a feature package (chat, notify, crowd) contributes to the sessions of its endpoint: the frame types it
 * handles and what it does when a session opens or closes. Every bean of this type is asked once, at startup.
 */
public interface FrameRoutes {

    void register(FrameRouter router);
}
