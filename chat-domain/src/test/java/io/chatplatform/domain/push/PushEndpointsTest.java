package io.chatplatform.domain.push;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatplatform.domain.common.DomainException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PushEndpointsTest {

    private final PushEndpoints endpoints = new PushEndpoints(List.of("https://fcm.googleapis.com",
            "https://*.notify.windows.com", "http://127.0.0.1", "https://push.example.com:8443"));

    @Test
    void listedOriginsAreAccepted() {
        for (String endpoint : List.of("https://fcm.googleapis.com/fcm/send/abc", "https://FCM.googleapis.com:443/x",
                "https://wns2-by3p.notify.windows.com/w/?token=x", "http://127.0.0.1:39123/push/1",
                "https://push.example.com:8443/p")) {
            assertThatCode(() -> endpoints.requireAllowed(endpoint)).as(endpoint).doesNotThrowAnyException();
        }
    }

    @Test
    void everythingElseIsABadRequest() {
        for (String endpoint : List.of("http://fcm.googleapis.com/fcm/send/abc", "https://fcm.googleapis.com:8443/x",
                "https://fcm.googleapis.com.evil.example/x", "https://evilfcm.googleapis.com/x",
                "https://notify.windows.com/x", "https://x.notify.windows.com.evil/x", "https://127.0.0.1/push",
                "http://localhost:8080/push", "http://user@127.0.0.1/push", "https://push.example.com/p",
                "http://169.254.169.254/latest", "file:///etc/passwd", "/relative", "not a url", "",
                "https://fcm.googleapis.com/" + "a".repeat(2048))) {
            assertThatThrownBy(() -> endpoints.requireAllowed(endpoint)).as(endpoint)
                    .isInstanceOf(DomainException.class);
        }
    }

    @Test
    void malformedEntriesFailAtStartup() {
        for (String entry : List.of("fcm.googleapis.com", "ftp://x", "https://x/path", "https://u@x")) {
            assertThatThrownBy(() -> PushEndpoints.parseOrigin(entry)).as(entry)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
