package io.chatplatform.ws.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.RemoteEndpoint;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The container socket's turn: frames batched until one ends the turn, then flushed. */
class ContainerSocketTest {

    final List<String> calls = new CopyOnWriteArrayList<>();
    final RemoteEndpoint.Basic remote = (RemoteEndpoint.Basic) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {RemoteEndpoint.Basic.class}, (proxy, method, args) -> {
                calls.add(method.getName() + (args == null ? "" : " " + args[0]));
                return null;
            });
    final ContainerSocket socket = new ContainerSocket(remote);

    @Test
    void writesEveryFrameInOneBatchWhileTheTurnLasts() throws Exception {
        int sent = socket.sendTexts(List.of("a", "b", "c"), new Turn(Long.MAX_VALUE));

        assertThat(sent).isEqualTo(3);
        assertThat(calls).containsExactly("setBatchingAllowed true", "sendText a", "sendText b", "sendText c",
                "setBatchingAllowed false");
    }

    @Test
    void stopsAfterTheFrameThatEndsTheTurnAndFlushesIt() throws Exception {
        int sent = socket.sendTexts(List.of("a", "b", "c"), new Turn(0));

        assertThat(sent).as("one frame per turn when the turn is over with the first").isEqualTo(1);
        assertThat(calls).containsExactly("setBatchingAllowed true", "sendText a", "setBatchingAllowed false");
    }

    @Test
    void aSingleFrameLeavesWithoutBatching() throws Exception {
        assertThat(socket.sendTexts(List.of("a"), new Turn(0))).isEqualTo(1);
        assertThat(calls).containsExactly("sendText a");
    }
}
