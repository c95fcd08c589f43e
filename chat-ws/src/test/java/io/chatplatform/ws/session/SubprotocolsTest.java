package io.chatplatform.ws.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class SubprotocolsTest {

    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";

    @Test
    void readsTheTokenOfferedBesideChatV1InAnyOrderAndOverRepeatedHeaders() {
        assertThat(Subprotocols.offeredToken(offer("chat.v1, " + tokenProtocol(TOKEN)))).isEqualTo(TOKEN);
        assertThat(Subprotocols.offeredToken(offer(tokenProtocol(TOKEN) + ",chat.v1"))).isEqualTo(TOKEN);
        assertThat(Subprotocols.offeredToken(offer("chat.v1", tokenProtocol(TOKEN)))).isEqualTo(TOKEN);
    }

    @Test
    void noTokenOfferedIsNoToken() {
        assertThat(Subprotocols.offeredToken(new HttpHeaders())).isNull();
        assertThat(Subprotocols.offeredToken(offer("chat.v1"))).isNull();
    }

    @Test
    void aTokenWithoutChatV1IsAMalformedRequestNotABadCredential() {
        Subprotocols.BadTokenProtocol refused = catchThrowableOfType(Subprotocols.BadTokenProtocol.class,
                () -> Subprotocols.offeredToken(offer(tokenProtocol(TOKEN) + ", other.v2")));

        assertThat(refused.unauthorized()).isFalse();
        assertThat(refused.getMessage()).doesNotContain(TOKEN);
    }

    @Test
    void twoTokensOrOneThatIsNotBase64urlOfUtf8AreBadCredentials() {
        String notUtf8 = Subprotocols.TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(new byte[] {(byte) 0xC3, (byte) 0x28});
        for (String offer : new String[] {"chat.v1, " + tokenProtocol(TOKEN) + ", " + tokenProtocol("other"),
                "chat.v1, " + Subprotocols.TOKEN_PREFIX + "not*base64", "chat.v1, " + notUtf8}) {
            Subprotocols.BadTokenProtocol refused = catchThrowableOfType(Subprotocols.BadTokenProtocol.class,
                    () -> Subprotocols.offeredToken(offer(offer)));

            assertThat(refused).as(offer).isNotNull();
            assertThat(refused.unauthorized()).as(offer).isTrue();
            assertThat(refused.getMessage()).doesNotContain(TOKEN);
        }
    }

    private static String tokenProtocol(String token) {
        return Subprotocols.TOKEN_PREFIX
                + Base64.getUrlEncoder().withoutPadding().encodeToString(token.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpHeaders offer(String... headerValues) {
        HttpHeaders headers = new HttpHeaders();
        for (String value : headerValues) {
            headers.add("Sec-WebSocket-Protocol", value);
        }
        return headers;
    }
}
