package io.chatplatform.ws.session;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendQueueTest {

    /** A socket that completes sends when told to, or at once; it records what was written and any overlap. */
    static final class FakeSocket implements TextSender {
        final List<String> written = new ArrayList<>();
        final Deque<SendHandler> inFlight = new ArrayDeque<>();
        boolean completeAtOnce;
        boolean overlapped;
        int pings;

        @Override
        public void sendText(String text, SendHandler done) {
            overlapped |= !inFlight.isEmpty();
            written.add(text);
            if (completeAtOnce) {
                done.onResult(new SendResult((jakarta.websocket.Session) null));
            } else {
                inFlight.add(done);
            }
        }

        @Override
        public void sendPing() {
            overlapped |= !inFlight.isEmpty();
            pings++;
        }

        void completeOne() {
            inFlight.poll().onResult(new SendResult((jakarta.websocket.Session) null));
        }
    }

    final FakeSocket socket = new FakeSocket();
    final List<Throwable> failures = new ArrayList<>();

    @Test
    void framesGoOutOneAtATimeInOrderWhateverTheSocketsPace() {
        SendQueue queue = new SendQueue(socket, 1_000_000, failures::add);

        queue.offer("a");
        queue.offer("b");
        queue.offerPing();
        queue.offer("c");
        assertThat(socket.written).containsExactly("a");
        socket.completeOne();
        socket.completeAtOnce = true;
        socket.completeOne();

        assertThat(socket.written).containsExactly("a", "b", "c");
        assertThat(socket.pings).isEqualTo(1);
        assertThat(socket.overlapped).isFalse();
        assertThat(failures).isEmpty();
    }

    @Test
    void sendsCompletingOnTheCallersThreadDrainTheQueueWithoutRecursion() {
        socket.completeAtOnce = true;
        SendQueue queue = new SendQueue(socket, 100_000_000, failures::add);

        for (int i = 0; i < 100_000; i++) {
            queue.offer("m" + i);
        }

        assertThat(socket.written).hasSize(100_000).endsWith("m99999");
    }

    @Test
    void refusesWhatWouldPassTheLimitAndKeepsWhatWaits() {
        SendQueue queue = new SendQueue(socket, 20, failures::add); // 10 chars

        assertThat(queue.offer("12345")).isTrue();
        assertThat(queue.offer("12345")).isTrue();
        assertThat(queue.offer("1")).isFalse();
        socket.completeOne();
        assertThat(queue.offer("1")).isTrue();
    }

    @Test
    void reportsAFailedSend() {
        SendQueue queue = new SendQueue(socket, 1_000, failures::add);
        queue.offer("a");

        socket.inFlight.poll().onResult(new SendResult((jakarta.websocket.Session) null, new java.io.IOException("timeout")));

        assertThat(failures).singleElement().extracting(Throwable::getMessage).isEqualTo("timeout");
    }
}
