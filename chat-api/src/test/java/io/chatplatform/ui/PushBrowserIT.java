package io.chatplatform.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chatplatform.testing.ChatServerTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Web Push in real headless Chromium, as far as a browser without a push service goes: the UI registers the
 * service worker {@code /sw.js} (scope {@code /}) and shows the "Notify me" toggle; a push delivered to that worker
 * through the DevTools protocol ({@code ServiceWorker.deliverPushMessage}, what a push service would hand the
 * browser after decryption) is shown as a notification with the sender and text, or, with previews off, without.
 * Not covered here: {@code pushManager.subscribe} itself (headless Chromium has no push service to subscribe with);
 * the server side of subscribing, encrypting and sending is {@code PushIT}'s.
 */
class PushBrowserIT extends ChatServerTest {

    @Test
    void theServiceWorkerShowsAPushedDirectMessageAndAPreviewlessOneWithoutSenderOrText() {
        String missing = Browser.missingBrowser();
        assumeTrue(missing == null, () -> "Browser test skipped: " + missing);
        String baseUrl = "http://localhost:" + port;
        assertThat(rest.get("/sw.js", null).contentType()).contains("javascript");

        Browser b = Browser.launch("browser-push");
        try {
            ChromeDriver driver = (ChromeDriver) b.driver();
            driver.executeCdpCommand("Browser.grantPermissions",
                    Map.of("origin", baseUrl, "permissions", List.of("notifications")));
            String bob = uniqueUser("bob");
            b.reset(baseUrl);
            b.signInWithToken(baseUrl, bob, tokenFor(bob), "USER");
            b.waitUntil(d -> b.displayed("#push-button"), "the Notify me toggle (service worker registered)");
            Object scope = ((JavascriptExecutor) driver).executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                            + "navigator.serviceWorker.ready.then(r => done(r.scope), e => done('error ' + e));");
            assertThat(scope).isEqualTo(baseUrl + "/");

            driver.executeCdpCommand("ServiceWorker.enable", Map.of());
            deliver(driver, baseUrl,
                    "{\"id\":1,\"kind\":\"DIRECT_MESSAGE\",\"roomId\":7,\"from\":\"alice\",\"excerpt\":\"lunch at noon?\"}");
            waitForNotification(b, driver, "Message from alice|lunch at noon?|7");

            deliver(driver, baseUrl, "{\"id\":2,\"kind\":\"DIRECT_MESSAGE\",\"roomId\":8}");
            waitForNotification(b, driver, "New direct message||8"); // previews off: no sender, no text

            // Clicking a notification with no window open opens /#room=ID (sw.js): the app opens that room on load.
            long lunch = rest.post("/api/rooms", tokenFor(bob), Map.of("name", "lunch plans", "type", "GROUP"))
                    .json().path("id").asLong();
            driver.get("about:blank");
            driver.get(baseUrl + "/#room=" + lunch);
            b.waitUntil(d -> "lunch plans".equals(b.text("#room-title")), "the room named by #room= to open");
            assertThat(driver.getCurrentUrl()).isEqualTo(baseUrl + "/");
        } finally {
            b.close();
        }
    }

    /**
     * Delivers a push to the page's service worker. The registration id is Chromium's own (0 for the first in a fresh
     * profile) and only reported in DevTools events, which WebDriver cannot read; delivering to an id that has no
     * registration does nothing, so the first few are all given the push and only the real one shows it.
     */
    private static void deliver(ChromeDriver driver, String origin, String data) {
        for (int id = 0; id < 5; id++) {
            driver.executeCdpCommand("ServiceWorker.deliverPushMessage",
                    Map.of("origin", origin, "registrationId", Integer.toString(id), "data", data));
        }
    }

    private static void waitForNotification(Browser b, ChromeDriver driver, String expected) {
        try {
            b.waitUntil(d -> notifications(driver).contains(expected), "the notification " + expected);
        } catch (RuntimeException e) {
            throw new AssertionError("shown: " + notifications(driver) + "; console: " + b.consoleLog(), e);
        }
    }

    /** The notifications the worker shows, as "title|body|roomId". */
    @SuppressWarnings("unchecked")
    private static List<String> notifications(ChromeDriver driver) {
        return (List<String>) ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "navigator.serviceWorker.ready.then(r => r.getNotifications())"
                        + ".then(ns => done(ns.map(n => n.title + '|' + n.body + '|' + (n.data && n.data.roomId))),"
                        + " e => done(['error ' + e]));");
    }
}
