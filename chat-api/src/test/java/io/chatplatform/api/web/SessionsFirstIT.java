package io.chatplatform.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Tomcat's real socket events are told apart as {@link SessionsFirstExecutor} needs: a handshake and a REST call are
 * requests, the frames read from an upgraded socket are an open session's work. (The order the executor gives them is
 * {@link SessionsFirstExecutorTest}'s.) The other tests of the suite run on these workers too.
 */
class SessionsFirstIT extends ChatServerTest {

    private static final int PINGS = 20;

    @Autowired
    private SessionsFirstExecutor workers;

    @Test
    void framesOfAnOpenSocketAreSessionTasksAndHandshakesAndRestCallsAreRequests() {
        String alice = uniqueUser("alice");
        long requestsBefore = workers.requestTasks();
        WsClient socket = chat(alice);
        rest.get("/api/rooms", tokenFor(alice));
        assertThat(workers.requestTasks() - requestsBefore).as("the handshake and the REST call")
                .isGreaterThanOrEqualTo(2);

        long sessionBefore = workers.sessionTasks();
        long requestsBeforePings = workers.requestTasks();
        for (int i = 0; i < PINGS; i++) {
            socket.send(frame("type", "PING"));
            socket.expect("PONG"); // one at a time: each PING is read by a task of its own
        }
        assertThat(workers.sessionTasks() - sessionBefore).isGreaterThanOrEqualTo(PINGS);
        assertThat(workers.requestTasks()).as("no frame read was taken for a request").isEqualTo(requestsBeforePings);
        assertThat(workers.getMaximumPoolSize()).as("server.tomcat.threads.max, Boot's default").isEqualTo(200);
    }
}
