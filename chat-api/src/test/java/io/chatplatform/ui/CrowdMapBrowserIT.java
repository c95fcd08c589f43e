package io.chatplatform.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RestApi;
import io.chatplatform.testing.WsClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The admin crowd map in real headless Chromium: zones drawn to scale on a plain SVG, coloured by count against
 * threshold as real walkers on {@code /ws/crowd/location} move (amber from the polled count, red and back from the
 * alert frames), with the alert and the clear listed in the history without a reload; the stored alert is still
 * listed after a reload; a USER sees no crowd view. Needs Chromium like {@link ChatUiBrowserIT}.
 *
 * <p>The server context is its own (the property below is otherwise the default): {@code GET /api/crowd/zones}
 * lists every zone, and zones left behind by other tests, anywhere on Earth, would stretch the map to the globe.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "chat.crowd.hysteresis-ratio=0.2")
class CrowdMapBrowserIT extends ChatServerTest {

    private static final Path SCREENSHOTS = Path.of(System.getProperty("user.dir")).resolve("../docs/screenshots")
            .normalize();
    private static final double LAT = 48.8414;
    private static final double LNG = 2.2530;
    /** 400 m east of (LAT, LNG): 400 m over the metres of one degree of longitude at LAT. */
    private static final double LNG_400M_EAST = LNG + 400 / (111_194.93 * Math.cos(Math.toRadians(LAT)));

    @Test
    void anAdminWatchesAZoneTurnRedAndBackWithTheAlertAndTheClearInTheHistoryAndAUserSeesNoMap() {
        String missing = Browser.missingBrowser();
        assumeTrue(missing == null, () -> "Browser test skipped: " + missing);
        String baseUrl = "http://localhost:" + port;
        String admin = uniqueUser("admin");
        String adminToken = adminTokenFor(admin);
        long gateA = createZone(adminToken, "Gate A", LAT, LNG, 120, 3);
        long gateB = createZone(adminToken, "Gate B", LAT, LNG_400M_EAST, 200, 4);

        Browser b = Browser.launch("browser-crowd");
        try {
            // A USER: no crowd button, no crowd view, and the server refuses the zones anyway.
            String user = uniqueUser("user");
            b.reset(baseUrl);
            b.signInWithToken(baseUrl, user, tokenFor(user), "USER");
            assertThat(b.displayed("#crowd-button")).isFalse();
            assertThat(b.displayed("#crowd-view")).isFalse();
            assertThat(b.countElements("#crowd-map svg")).isZero();
            assertThat(rest.get("/api/crowd/zones", tokenFor(user)).status()).isEqualTo(403);

            b.reset(baseUrl);
            b.signInWithToken(baseUrl, admin, adminToken, "ADMIN");
            b.click("#crowd-button");
            b.waitUntil(d -> "ok".equals(level(b, gateA)) && "ok".equals(level(b, gateB))
                    && b.text("#crowd-status").contains("Live alerts on"), "both zones drawn green, alerts live");
            assertThat(b.text("#crowd-history")).contains("No alerts yet");

            // To scale: Gate B's radius over Gate A's is 200/120, and their centres are 400 m apart east-west.
            Map<String, Double> a = geometry(b, gateA);
            Map<String, Double> g = geometry(b, gateB);
            assertThat(g.get("ry") / a.get("ry")).isCloseTo(200.0 / 120, within(0.01));
            assertThat(a.get("rx") / a.get("ry")).isCloseTo(1.0, within(0.01));
            assertThat((g.get("cx") - a.get("cx")) / a.get("ry")).isCloseTo(400.0 / 120, within(0.02));
            assertThat(g.get("cy") - a.get("cy")).isCloseTo(0.0, within(a.get("ry") * 0.01));
            assertThat(label(b, gateA)).isEqualTo("Gate A 0 / 3");
            assertThat(levels(b, 10, 0, 6, 7, 9, 10, 11)).containsExactly("ok", "ok", "warn", "warn", "over", "over");
            b.js("window.__sameDocument = true;");

            // Three walkers stop in Gate B (threshold 4): 75 %, amber, from the polled count alone (no frame).
            List<WsClient> walkers = IntStream.rangeClosed(1, 3).mapToObj(i -> walker(uniqueUser("walker" + i)))
                    .toList();
            walkers.forEach(w -> w.send(frame("type", "LOCATION", "lat", LAT, "lng", LNG_400M_EAST)));
            b.waitUntil(d -> "warn".equals(level(b, gateB)), "Gate B amber; shown " + label(b, gateB));
            assertThat(label(b, gateB)).isEqualTo("Gate B 3 / 4");
            assertThat(level(b, gateA)).isEqualTo("ok");
            assertThat(kinds(b)).isEmpty();

            // They walk on into Gate A (threshold 3): red, and the alert is listed, no reload; Gate B empties.
            walkers.forEach(w -> w.send(frame("type", "LOCATION", "lat", LAT, "lng", LNG)));
            b.waitUntil(d -> "over".equals(level(b, gateA)) && b.countElements(
                    "#crowd-history .crowd-event[data-kind='CROWD_ALERT'][data-zone-id='" + gateA + "']") == 1,
                    "Gate A red with its alert in the history");
            assertThat(label(b, gateA)).isEqualTo("Gate A 3 / 3");
            assertThat(b.text("#crowd-history .crowd-event")).contains("Gate A: 3 people (threshold 3)");
            b.waitUntil(d -> "ok".equals(level(b, gateB)), "Gate B green again; shown " + label(b, gateB));
            // The alert toasts (crowd socket and bell) say it in words too, not as raw JSON.
            b.waitUntil(d -> (Boolean) b.js("return [...document.querySelectorAll('#toasts .toast')].filter(t =>"
                    + " t.textContent.includes('Gate A: 3 people (threshold 3)')).length === 2;"),
                    "both alert toasts in words; shown " + b.text("#toasts"));
            b.js("document.getElementById('toasts').replaceChildren();");
            b.screenshot(SCREENSHOTS.resolve("crowd-map.png"));

            // They walk 1 km north: green again, the clear listed above the alert.
            walkers.forEach(w -> w.send(frame("type", "LOCATION", "lat", LAT + 0.009, "lng", LNG)));
            b.waitUntil(d -> "ok".equals(level(b, gateA)) && b.countElements(
                    "#crowd-history .crowd-event[data-kind='CROWD_CLEARED'][data-zone-id='" + gateA + "']") == 1,
                    "Gate A green with its clear in the history");
            assertThat(kinds(b)).containsExactly("CROWD_CLEARED", "CROWD_ALERT");
            // The clear comes when the count falls to 2 (hysteresis), the poll brings the rest of the way down.
            assertThat(b.text("#crowd-history .crowd-event")).contains("Gate A: back to");
            b.waitUntil(d -> "Gate A 0 / 3".equals(label(b, gateA)), "Gate A at 0; shown " + label(b, gateA));
            assertThat(b.js("return window.__sameDocument === true;")).isEqualTo(true);

            // After a reload the stored alert is listed again (clears are not stored).
            b.driver().navigate().refresh();
            b.awaitConnected();
            b.click("#crowd-button");
            b.waitUntil(d -> "ok".equals(level(b, gateA)) && kinds(b).equals(List.of("CROWD_ALERT")),
                    "the stored alert in the history after a reload; history: " + kinds(b));
            assertThat(b.text("#crowd-history .crowd-event")).contains("Gate A: 3 people (threshold 3)");
            // The SVG is built with setAttribute and classes: nothing for the strict policy to refuse.
            assertThat(b.consoleLog()).doesNotContain("Content Security Policy");
        } finally {
            b.close();
        }
    }

    private long createZone(String token, String name, double lat, double lng, int radius, int threshold) {
        RestApi.Response created = rest.post("/api/crowd/zones", token,
                Map.of("name", name, "lat", lat, "lng", lng, "radiusMeters", radius, "threshold", threshold));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asLong();
    }

    private WsClient walker(String userId) {
        WsClient client = track(WsClient.connect(wsUri("/ws/crowd/location"),
                Map.of("Authorization", "Bearer " + tokenFor(userId))));
        client.expect("READY");
        return client;
    }

    private static String level(Browser b, long zoneId) {
        return (String) b.js("const g = document.querySelector(\"#crowd-map .zone-shape[data-zone-id='\" + arguments[0]"
                + " + \"']\"); return g ? g.dataset.level : null;", zoneId);
    }

    private static String label(Browser b, long zoneId) {
        return (String) b.js("const g = document.querySelector(\"#crowd-map .zone-shape[data-zone-id='\" + arguments[0]"
                + " + \"']\"); return g ? [...g.querySelectorAll('text')].map(t => t.textContent).join(' ') : null;",
                zoneId);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Double> geometry(Browser b, long zoneId) {
        Map<String, Object> raw = (Map<String, Object>) b.js("const e = document.querySelector(\"#crowd-map"
                + " .zone-shape[data-zone-id='\" + arguments[0] + \"'] ellipse\"); return { cx: e.cx.baseVal.value,"
                + " cy: e.cy.baseVal.value, rx: e.rx.baseVal.value, ry: e.ry.baseVal.value };", zoneId);
        return Map.of("cx", ((Number) raw.get("cx")).doubleValue(), "cy", ((Number) raw.get("cy")).doubleValue(),
                "rx", ((Number) raw.get("rx")).doubleValue(), "ry", ((Number) raw.get("ry")).doubleValue());
    }

    /** The page's own colour rule (crowd.js levelOf) for these counts against one threshold. */
    @SuppressWarnings("unchecked")
    private static List<String> levels(Browser b, int threshold, int... counts) {
        return (List<String>) ((JavascriptExecutor) b.driver()).executeAsyncScript("const done = arguments[2];"
                + " import('/js/crowd.js').then(m => done(arguments[1].map(c => m.levelOf(c, arguments[0]))));",
                threshold, IntStream.of(counts).boxed().toList());
    }

    @SuppressWarnings("unchecked")
    private static List<String> kinds(Browser b) {
        return (List<String>) b.js("return [...document.querySelectorAll('#crowd-history .crowd-event')]"
                + ".map(e => e.dataset.kind);");
    }
}
