package io.chatplatform.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RestApi;
import io.chatplatform.testing.WsClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The web UI in real headless Chromium against the real server: two browsers chatting live, bodies and names
 * shown as text, no message lost or doubled across a dropped socket, a failed send retried under its clientMsgId,
 * and the phone layout with the admin extras degrading while their server side is missing.
 *
 * <p>Needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (Debian: {@code apt-get install -y chromium
 * chromium-driver}); without them every test is skipped, saying why. The two browsers are started once and
 * shared by the tests; each test starts from a clean page with fresh users.
 */
class ChatUiBrowserIT extends ChatServerTest {

    private static final String PASSWORD = "correct-horse-42";
    private static final String XSS = "<img src=x onerror=alert(1)>";
    private static final Path SCREENSHOTS = Path.of(System.getProperty("user.dir")).resolve("../docs/screenshots")
            .normalize();

    private static final Browser[] browsers = new Browser[2];

    /** Each test, not the class, is skipped without a browser, so the reports list every skipped test and why. */
    @BeforeEach
    void requireBrowser() {
        String missing = Browser.missingBrowser();
        assumeTrue(missing == null, () -> "Browser test skipped: " + missing);
    }

    @AfterAll
    static void closeBrowsers() {
        for (int i = 0; i < browsers.length; i++) {
            if (browsers[i] != null) {
                browsers[i].close();
                browsers[i] = null;
            }
        }
    }

    /** The i-th shared browser, launched on first use, showing the login form. */
    private Browser browser(int i) {
        if (browsers[i] == null) {
            browsers[i] = Browser.launch(i == 0 ? "browser-A" : "browser-B");
        }
        browsers[i].reset(baseUrl());
        return browsers[i];
    }

    private String baseUrl() {
        return "http://localhost:" + port;
    }

    @Test
    void twoUsersRegisterAndChatLiveWithUnreadCountTypingAndReadMarker() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        Browser a = browser(0);
        Browser b = browser(1);
        a.register(alice, PASSWORD);
        b.register(bob, PASSWORD);

        a.createRoom("Weekend plans");
        a.addMember(bob);
        b.awaitRoom("Weekend plans");

        String hello = "Hi! Are you coming on Saturday?";
        a.send(hello);
        a.awaitMessageStatus(hello, "sent");
        b.waitUntil(d -> "1".equals(b.unreadBadge("Weekend plans")), "an unread count of 1");

        b.openRoom("Weekend plans");
        b.awaitMessage(hello);
        b.waitUntil(d -> "".equals(b.unreadBadge("Weekend plans")), "the unread count to clear");
        a.waitUntil(d -> ("Seen by " + bob).equals(a.text("#message-list .msg-seen")), "bob's read marker");

        b.typeWithoutSending("Sure");
        a.waitUntil(d -> (bob + " is typing…").equals(a.text("#typing-indicator")), "bob's typing indicator");
        b.send(", I'll bring snacks.");
        a.awaitMessage("Sure, I'll bring snacks.");
        a.waitUntil(d -> "".equals(a.text("#typing-indicator")), "the typing indicator to go");

        String reply = "Great. Meet at the station at 10?";
        a.send(reply);
        b.awaitMessage(reply);

        List<String> conversation = List.of(hello, "Sure, I'll bring snacks.", reply);
        a.waitUntil(d -> a.bodies().equals(conversation), "the whole conversation; shown: " + a.bodies());
        b.waitUntil(d -> b.bodies().equals(conversation), "the whole conversation; shown: " + b.bodies());
        a.awaitMessageStatus(reply, "sent");

        a.openMembers();
        a.js("document.getElementById('toasts').replaceChildren(); document.activeElement.blur();");
        a.screenshot(SCREENSHOTS.resolve("chat-ui.png"));
    }

    @Test
    void theUiWorksUnderItsContentSecurityPolicyWithoutAViolation() {
        Browser a = browser(0);
        a.register(uniqueUser("carol"), PASSWORD);
        a.createRoom("Policies");
        a.send("sent under a strict policy");
        a.awaitMessageStatus("sent under a strict policy", "sent");

        // The page really ran under the policy, and the browser refused nothing it needed (scripts, styles,
        // icon, fetch, WebSocket); the log holds everything this browser saw since it started.
        assertThat((String) a.js("return fetch('/').then(r => r.headers.get('Content-Security-Policy'));"))
                .contains("script-src 'self'");
        assertThat(a.consoleLog()).doesNotContain("Content Security Policy");
    }

    @Test
    void messageBodiesAndRoomNamesAreShownAsTextNeverAsHtml() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        Browser a = browser(0);
        Browser b = browser(1);
        a.register(alice, PASSWORD);
        b.register(bob, PASSWORD);
        for (Browser browser : List.of(a, b)) {
            browser.js("window.__alerts = []; window.alert = m => window.__alerts.push(String(m));");
        }

        String roomName = "<b>Party</b><img src=x onerror=alert(2)>";
        a.createRoom(roomName, bob);
        b.openRoom(roomName);
        a.send(XSS);

        b.awaitMessage(XSS);
        a.awaitMessageStatus(XSS, "sent");
        for (Browser browser : List.of(a, b)) {
            assertThat(browser.text("#room-title")).isEqualTo(roomName);
            assertThat(browser.roomNames()).contains(roomName);
            assertThat(browser.bodies()).containsExactly(XSS);
            assertThat(browser.countElements("#message-list img")).as("img elements in %s's message list", browser)
                    .isZero();
            assertThat(browser.countElements("img")).as("img elements anywhere in %s", browser).isZero();
            assertThat(browser.countElements("b")).as("b elements in %s", browser).isZero();
            assertThat(browser.js("return window.__alerts.length")).isEqualTo(0L);
            assertThat(browser.alertOpen()).as("an alert open in %s", browser).isFalse();
        }
    }

    @Test
    void messagesSentWhileTheSocketIsDownAppearExactlyOnceAfterReconnecting() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        String carol = uniqueUser("carol");
        long roomId = createRoom(alice, bob, carol);
        String roomName = "room of " + alice;
        Browser a = browser(0);
        Browser b = browser(1);
        a.signInWithToken(baseUrl(), alice, tokenFor(alice), "USER");
        b.signInWithToken(baseUrl(), bob, tokenFor(bob), "USER");
        a.openRoom(roomName);
        b.openRoom(roomName);
        b.send("before the cut");
        a.awaitMessage("before the cut");

        a.js("window.__chatTest.setOffline(true)");
        a.waitUntil(d -> "offline".equals(a.connectionState()), "alice's connection state to be offline");
        b.send("while you were away 1");
        b.send("while you were away 2");
        WsClient carolSocket = chat(carol);
        carolSocket.send(sendFrame(roomId, "carol-1", "from carol over a plain socket"));
        carolSocket.expect(frame -> "ACK".equals(frame.path("type").asString()), "carol's ACK");
        b.awaitMessageStatus("while you were away 2", "sent");
        b.awaitMessage("from carol over a plain socket");
        assertThat(a.bodies()).containsExactly("before the cut");

        a.js("window.__chatTest.setOffline(false)");
        a.awaitConnected();
        List<String> expected = List.of("before the cut", "while you were away 1", "while you were away 2",
                "from carol over a plain socket");
        a.waitUntil(d -> a.bodies().equals(expected), "the missed messages, in order; shown: " + a.bodies());

        // An abrupt drop: the page reconnects by itself with back-off and catches up with SYNC.
        a.js("window.__chatTest.dropSocket()");
        b.send("after the drop");
        a.awaitMessage("after the drop");
        a.awaitConnected();
        assertThat(stateLog(a)).as("connection states").containsSubsequence("waiting", "connecting", "open");

        // Even a SYNC of the whole room again must not double anything.
        a.js("window.__chatTest.syncFrom(arguments[0], 0)", roomId);
        List<String> all = List.of("before the cut", "while you were away 1", "while you were away 2",
                "from carol over a plain socket", "after the drop");
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> a.bodies().equals(all));
        assertExactlyOnceInSeqOrder(a.messages());
        b.waitUntil(d -> b.bodies().equals(all), "all messages in bob's browser; shown: " + b.bodies());
        assertExactlyOnceInSeqOrder(b.messages());
    }

    @Test
    void aSendWrittenWhileOfflineWaitsInTheOutboxAndGoesOnceWithItsClientMsgIdThenLogoutAndBadTokenLeadToLogin() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);
        String roomName = "room of " + alice;
        Browser a = browser(0);
        Browser b = browser(1);
        a.signInWithToken(baseUrl(), alice, tokenFor(alice), "USER");
        b.signInWithToken(baseUrl(), bob, tokenFor(bob), "USER");
        a.openRoom(roomName);
        b.openRoom(roomName);

        a.js("window.__chatTest.setOffline(true)");
        a.waitUntil(d -> "offline".equals(a.connectionState()), "alice's connection state to be offline");
        String body = "written in a tunnel";
        a.send(body);
        // The JavaScript client keeps it in its outbox: shown as pending, never failed, while the connection is down.
        a.awaitMessageStatus(body, "pending");
        String clientMsgId = (String) a.messages().get(0).get("clientMsgId");
        assertThat(clientMsgId).isNotBlank();
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> a.messages().stream().allMatch(m -> "pending".equals(m.get("status"))));

        a.js("window.__chatTest.setOffline(false)");
        a.awaitConnected();
        a.awaitMessageStatus(body, "sent");
        assertThat(a.messages()).singleElement().satisfies(m -> {
            assertThat(m.get("clientMsgId")).isEqualTo(clientMsgId);
            assertThat(m.get("seq")).isEqualTo(1L);
        });

        b.awaitMessage(body);
        assertThat(b.count(body)).isEqualTo(1);
        RestApi.Response history = rest.get("/api/rooms/" + roomId + "/messages", tokenFor(bob));
        assertThat(history.status()).isEqualTo(200);
        List<JsonNode> stored = history.json().path("messages").valueStream().toList();
        assertThat(stored).singleElement().satisfies(m -> {
            assertThat(m.path("body").asString()).isEqualTo(body);
            assertThat(m.path("clientMsgId").asString()).isEqualTo(clientMsgId);
        });

        a.click("#logout-button");
        a.waitUntil(d -> a.displayed("#login-form"), "the login form after logging out");
        assertThat(a.js("return sessionStorage.getItem('chat.session')")).isNull();

        // A token the server refuses (REST 401, socket close 4401) leads back to the login form with a reason.
        a.signInWithTokenNoWait(baseUrl(), alice, "not-a-valid-token", "USER");
        a.waitUntil(d -> a.displayed("#login-form") && a.displayed("#login-error"), "the login form after a bad token");
        assertThat(a.text("#login-error")).contains("sign in again");
    }

    @Test
    void onAPhoneAnAdminScrollsBackThroughHistoryChatsAndOpensDirectAndCrowdViews() {
        String admin = uniqueUser("admin");
        String bob = uniqueUser("bob");
        long roomId = createRoom(admin, bob);
        String roomName = "room of " + admin;
        WsClient bobSocket = chat(bob);
        int backlog = 60;
        for (int i = 1; i <= backlog; i++) {
            bobSocket.send(sendFrame(roomId, "backlog-" + i, "Update " + i + " of " + backlog));
        }
        for (int i = 1; i <= backlog; i++) {
            bobSocket.expect("ACK");
        }
        Browser a = browser(0);
        a.resize(390, 844);
        a.signInWithToken(baseUrl(), admin, adminTokenFor(admin), "ADMIN");

        assertThat(a.displayed(".sidebar")).isTrue();
        assertThat(a.displayed("#conversation")).isFalse();
        a.openRoom(roomName);
        assertThat(a.displayed(".sidebar")).isFalse();
        a.waitUntil(d -> a.messages().size() == 50, "the newest page of history");
        assertThat(a.bodies().get(49)).isEqualTo("Update 60 of 60");

        // Scrolling to the top reads the page before; the newest message stays where it was.
        a.js("document.getElementById('message-scroller').scrollTop = 0;");
        a.waitUntil(d -> a.messages().size() == backlog, "the older messages; shown " + a.messages().size());
        List<Map<String, Object>> history = a.messages();
        assertExactlyOnceInSeqOrder(history);
        assertThat(history.get(0).get("body")).isEqualTo("Update 1 of 60");
        assertThat(a.displayed("#load-older")).isFalse();

        a.send("Hello from a phone");
        a.awaitMessageStatus("Hello from a phone", "sent");
        a.screenshot(SCREENSHOTS.resolve("chat-ui-phone.png"));
        a.click("#back-button");
        a.waitUntil(d -> a.displayed(".sidebar") && !a.displayed("#conversation"), "the room list again");

        // A direct conversation: POST /api/rooms/direct, or a DIRECT room the old way while that is missing.
        a.type("#direct-user", bob);
        a.click("#direct-form button");
        a.waitUntil(d -> bob.equals(a.text("#room-title")), "the direct conversation with bob");
        a.send("A private word");
        a.awaitMessageStatus("A private word", "sent");
        bobSocket.expect(frame -> "MESSAGE".equals(frame.path("type").asString())
                && "A private word".equals(frame.path("body").asString()), "the direct message at bob");
        a.click("#back-button");

        // The crowd view opens whether or not /api/crowd/zones and /ws/crowd/location exist yet; chat stays up.
        a.click("#crowd-button");
        a.waitUntil(d -> a.displayed("#crowd-view") && !a.text("#crowd-status").isBlank(), "the crowd view");
        assertThat(a.displayed(".sidebar")).isFalse();
        a.click("#crowd-button");
        a.waitUntil(d -> a.displayed(".sidebar"), "the room list after the crowd view");
        assertThat(a.roomNames()).contains(roomName, bob);
        assertThat(a.connectionState()).isEqualTo("connected");
        assertThat(a.displayed("#bell-button")).isTrue();
    }

    @Test
    void editsDeletionsMembersAndARenameMadeWhileOfflineAppearAfterReconnectingWithoutAReload() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        String carol = uniqueUser("carol");
        String dave = uniqueUser("dave");
        long roomId = createRoom(alice, bob, carol);
        Browser a = browser(0);
        a.signInWithToken(baseUrl(), alice, tokenFor(alice), "USER");
        a.openRoom("room of " + alice);
        a.openMembers();
        WsClient bobSocket = chat(bob);
        long kept = post(bobSocket, roomId, "b-1", "see you at noon");
        long gone = post(bobSocket, roomId, "b-2", "a line full of typos");
        a.waitUntil(d -> a.bodies().equals(List.of("see you at noon", "a line full of typos")), "bob's messages");
        a.js("window.__samePage = true;");

        a.js("window.__chatTest.setOffline(true)");
        a.waitUntil(d -> "offline".equals(a.connectionState()), "alice's connection state to be offline");
        bobSocket.send(frame("type", "EDIT", "roomId", roomId, "messageId", kept, "body", "see you at one"));
        bobSocket.expect("MESSAGE_UPDATED");
        bobSocket.send(frame("type", "DELETE", "roomId", roomId, "messageId", gone));
        bobSocket.expect("MESSAGE_DELETED");
        post(bobSocket, roomId, "b-3", "posted while you were away");
        String token = tokenFor(alice);
        assertThat(rest.patch("/api/rooms/" + roomId, token, Map.of("name", "Lunch")).status()).isEqualTo(200);
        assertThat(rest.post("/api/rooms/" + roomId + "/members", token, Map.of("userId", dave)).status())
                .isEqualTo(201);
        assertThat(rest.delete("/api/rooms/" + roomId + "/members/" + carol, token).status()).isEqualTo(204);
        assertThat(a.bodies()).containsExactly("see you at noon", "a line full of typos");

        a.js("window.__chatTest.setOffline(false)");
        a.awaitConnected();
        List<String> caughtUp = List.of("see you at one", "Message deleted", "posted while you were away");
        a.waitUntil(d -> a.bodies().equals(caughtUp), "the edit, the deletion and the new message; shown: " + a.bodies());
        assertThat(a.shown("message-list", "see you at one")).containsEntry("edited", true);
        a.waitUntil(d -> "Lunch".equals(a.text("#room-title")), "the new room name");
        a.waitUntil(d -> a.countElements("#member-list li.member[data-user-id='" + dave + "']") == 1
                && a.countElements("#member-list li.member[data-user-id='" + carol + "']") == 0, "dave in, carol out");
        a.waitUntil(d -> a.rev(roomId) == lastRevOf(roomId, alice), "the page at the room's last rev");

        // A change lost on the way leaves a gap the next one reveals: the page catches up by rev.
        a.js("window.__chatTest.loseChanges(1)");
        bobSocket.send(frame("type", "EDIT", "roomId", roomId, "messageId", kept, "body", "see you at two"));
        bobSocket.expect(f -> "MESSAGE_UPDATED".equals(f.path("type").asString())
                && "see you at two".equals(f.path("body").asString()), "bob's second edit");
        post(bobSocket, roomId, "b-4", "the frame after the lost one");
        List<String> afterGap = List.of("see you at two", "Message deleted", "posted while you were away",
                "the frame after the lost one");
        a.waitUntil(d -> a.bodies().equals(afterGap), "the lost edit caught up; shown: " + a.bodies());
        a.waitUntil(d -> a.rev(roomId) == lastRevOf(roomId, alice), "the page at the room's last rev");
        assertThat(a.js("return window.__samePage === true")).as("the page was never reloaded").isEqualTo(true);
        assertExactlyOnceInSeqOrder(a.messages());
    }

    @Test
    void aRootShowsItsReplyCountAndOpensItsThreadBesideTheRoomWhereItsOwnComposerReplies() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);
        String roomName = "room of " + alice;
        Browser a = browser(0);
        Browser b = browser(1);
        a.signInWithToken(baseUrl(), alice, tokenFor(alice), "USER");
        b.signInWithToken(baseUrl(), bob, tokenFor(bob), "USER");
        a.openRoom(roomName);
        b.openRoom(roomName);
        String root = "Where shall we eat tonight?";
        a.send(root);
        a.awaitMessageStatus(root, "sent");
        long rootId = Long.parseLong((String) a.messages().get(0).get("messageId"));

        WsClient bobSocket = chat(bob);
        post(bobSocket, reply(roomId, "r-1", "The noodle bar?", rootId));
        post(bobSocket, reply(roomId, "r-2", "Or pizza", rootId));
        for (Browser browser : List.of(a, b)) {
            browser.waitUntil(d -> replies(browser, root) == 2, "2 replies on the root in " + browser);
            assertThat(browser.shown("message-list", root)).containsEntry("replyText", "2 replies");
            assertThat(browser.bodies()).as("the timeline of %s holds no reply", browser).containsExactly(root);
        }

        a.clickInMessage("message-list", root, ".msg-thread");
        List<String> thread = List.of(root, "The noodle bar?", "Or pizza");
        a.waitUntil(d -> a.displayed("#thread-panel") && a.threadBodies().equals(thread),
                "the thread beside the room; shown: " + a.threadBodies());
        assertThat(a.displayed("#message-list")).as("the room stays in view").isTrue();
        a.replyInThread("Pizza it is");
        a.waitUntil(d -> a.threadMessages().stream().anyMatch(m -> "Pizza it is".equals(m.get("body"))
                && "sent".equals(m.get("status"))), "alice's reply sent; shown: " + a.threadMessages());
        JsonNode sent = bobSocket.expect(f -> "MESSAGE".equals(f.path("type").asString())
                && "Pizza it is".equals(f.path("body").asString()), "alice's reply at bob");
        assertThat(sent.path("threadId").asLong()).isEqualTo(rootId);
        for (Browser browser : List.of(a, b)) {
            browser.waitUntil(d -> replies(browser, root) == 3, "3 replies on the root in " + browser);
            assertThat(browser.bodies()).as("the timeline of %s holds no reply", browser).containsExactly(root);
        }
        a.waitUntil(d -> "3 replies".equals(a.text("#thread-subtitle")), "the thread's reply count");

        // Bob opens the thread in his browser: every reply, his and alice's, and alice's next one live.
        b.clickInMessage("message-list", root, ".msg-thread");
        b.waitUntil(d -> b.threadBodies().equals(List.of(root, "The noodle bar?", "Or pizza", "Pizza it is")),
                "the thread in bob's browser; shown: " + b.threadBodies());
        a.replyInThread("Booked for eight");
        b.waitUntil(d -> b.threadBodies().contains("Booked for eight"), "alice's second reply live at bob");
        a.screenshot(SCREENSHOTS.resolve("chat-ui-thread.png"));
        a.click("#thread-close");
        a.waitUntil(d -> !a.displayed("#thread-panel"), "the thread panel to close");
        assertThat(a.bodies()).containsExactly(root);
    }

    @Test
    void aReactionIsCountedLiveInAnotherBrowserShownAsMineAndTakenBackWithAClick() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        String carol = uniqueUser("carol");
        long roomId = createRoom(alice, bob, carol);
        String roomName = "room of " + alice;
        Browser a = browser(0);
        Browser b = browser(1);
        a.signInWithToken(baseUrl(), alice, tokenFor(alice), "USER");
        b.signInWithToken(baseUrl(), bob, tokenFor(bob), "USER");
        a.openRoom(roomName);
        b.openRoom(roomName);
        String cake = "Cake on Friday?";
        b.send(cake);
        a.awaitMessage(cake);
        b.awaitMessageStatus(cake, "sent");
        long cakeId = Long.parseLong((String) b.messages().get(0).get("messageId"));

        a.clickInMessage("message-list", cake, ".reaction-add");
        a.clickInMessage("message-list", cake, ".palette-emoji[data-emoji='👍']");
        awaitReactions(a, cake, "👍 1+me");
        awaitReactions(b, cake, "👍 1");

        b.clickInMessage("message-list", cake, ".reaction[data-emoji='👍']");
        awaitReactions(a, cake, "👍 2+me");
        awaitReactions(b, cake, "👍 2+me");

        WsClient carolSocket = chat(carol);
        carolSocket.send(frame("type", "REACT", "roomId", roomId, "messageId", cakeId, "emoji", "🎉"));
        awaitReactions(a, cake, "👍 2+me", "🎉 1");
        awaitReactions(b, cake, "👍 2+me", "🎉 1");

        // A click on a reaction of mine takes it back.
        a.clickInMessage("message-list", cake, ".reaction.me[data-emoji='👍']");
        awaitReactions(a, cake, "👍 1", "🎉 1");
        awaitReactions(b, cake, "👍 1+me", "🎉 1");
        JsonNode taken = carolSocket.expect(f -> "REACTION".equals(f.path("type").asString())
                && !f.path("added").asBoolean(), "alice's reaction taken back, at carol");
        assertThat(taken.path("userId").asString()).isEqualTo(alice);
        assertThat(taken.path("count").asInt()).isEqualTo(1);
    }

    @Test
    void reactionsRepliesEditsAndDeletionsMadeWhileOfflineAppearAfterReconnectingWithoutAReload() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);
        Browser a = browser(0);
        a.signInWithToken(baseUrl(), alice, tokenFor(alice), "USER");
        a.openRoom("room of " + alice);
        WsClient bobSocket = chat(bob);
        String root = "Plans for Saturday?";
        long rootId = post(bobSocket, roomId, "b-1", root);
        long jacket = post(bobSocket, roomId, "b-2", "Bring a jacket");
        long hiking = post(bobSocket, reply(roomId, "b-3", "Hiking?", rootId));
        a.waitUntil(d -> a.bodies().equals(List.of(root, "Bring a jacket")) && replies(a, root) == 1,
                "bob's messages and one reply; shown: " + a.bodies());
        a.clickInMessage("message-list", root, ".msg-thread");
        a.waitUntil(d -> a.threadBodies().equals(List.of(root, "Hiking?")), "the thread; shown: " + a.threadBodies());
        a.js("window.__samePage = true;");

        a.js("window.__chatTest.setOffline(true)");
        a.waitUntil(d -> "offline".equals(a.connectionState()), "alice's connection state to be offline");
        bobSocket.send(frame("type", "REACT", "roomId", roomId, "messageId", rootId, "emoji", "🎉"));
        bobSocket.expect("REACTION");
        bobSocket.send(frame("type", "REACT", "roomId", roomId, "messageId", hiking, "emoji", "👍"));
        bobSocket.expect("REACTION");
        post(bobSocket, reply(roomId, "b-4", "Or the lake", rootId));
        bobSocket.send(frame("type", "EDIT", "roomId", roomId, "messageId", hiking, "body", "Hiking at nine?"));
        bobSocket.expect("MESSAGE_UPDATED");
        bobSocket.send(frame("type", "DELETE", "roomId", roomId, "messageId", jacket));
        bobSocket.expect("MESSAGE_DELETED");
        assertThat(a.bodies()).containsExactly(root, "Bring a jacket");
        assertThat(replies(a, root)).isEqualTo(1);

        a.js("window.__chatTest.setOffline(false)");
        a.awaitConnected();
        a.waitUntil(d -> a.bodies().equals(List.of(root, "Message deleted")), "the deletion; shown: " + a.bodies());
        a.waitUntil(d -> replies(a, root) == 2, "2 replies on the root");
        awaitReactions(a, root, "🎉 1");
        a.waitUntil(d -> a.threadBodies().equals(List.of(root, "Hiking at nine?", "Or the lake")),
                "the edited and the new reply in the open thread; shown: " + a.threadBodies());
        a.waitUntil(d -> reactionsIn(a, "thread-list", "Hiking at nine?").equals(List.of("👍 1")),
                "bob's reaction on his reply in the thread");
        a.waitUntil(d -> a.rev(roomId) == lastRevOf(roomId, alice), "the page at the room's last rev");
        assertThat(a.js("return window.__samePage === true")).as("the page was never reloaded").isEqualTo(true);
        assertExactlyOnceInSeqOrder(a.messages());
    }

    private static Map<String, Object> reply(long roomId, String clientMsgId, String body, long threadId) {
        return frame("type", "SEND", "roomId", roomId, "clientMsgId", clientMsgId, "body", body, "threadId", threadId);
    }

    /** The reply count a root shows in the room's timeline (0 without the link, -1 without the message). */
    private static long replies(Browser browser, String body) {
        Map<String, Object> shown = browser.shown("message-list", body);
        return shown == null ? -1 : ((Number) shown.get("replies")).longValue();
    }

    @SuppressWarnings("unchecked")
    private static List<String> reactionsIn(Browser browser, String list, String body) {
        Map<String, Object> shown = browser.shown(list, body);
        return shown == null ? List.of() : (List<String>) shown.get("reactions");
    }

    /**
     * A rename of the open room only changes its title: the draft in the composer, an edit being typed and the
     * scroll position stay. An edit saved offline keeps its editor and text; one of a message deleted elsewhere
     * closes. (Found by a review in Chromium: the rename emptied the composer and threw the edit away.)
     */
    @Test
    void aRenameKeepsTheDraftAndTheEditInProgressAndAnEditIsNeverThrownAway() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);
        Browser a = browser(0);
        a.signInWithToken(baseUrl(), alice, tokenFor(alice), "USER");
        a.openRoom("room of " + alice);
        WsClient aliceElsewhere = chat(alice);
        post(aliceElsewhere, roomId, "a-1", "first draft of the plan");
        post(aliceElsewhere, roomId, "a-2", "a message about to go");
        a.waitUntil(d -> a.bodies().size() == 2, "both messages; shown: " + a.bodies());
        a.typeWithoutSending("half a thought");
        a.clickInMessage("message-list", "first draft of the plan", "[data-action='edit']");
        a.js("document.querySelector('#message-list .edit-input').value = 'second draft of the plan';");

        String token = tokenFor(alice);
        assertThat(rest.patch("/api/rooms/" + roomId, token, Map.of("name", "Plans")).status()).isEqualTo(200);
        a.waitUntil(d -> "Plans".equals(a.text("#room-title")), "the new name");
        assertThat(a.js("return document.getElementById('message-input').value")).isEqualTo("half a thought");
        assertThat(a.js("const e = document.querySelector('#message-list .edit-input'); return e && e.value"))
                .as("the edit in progress").isEqualTo("second draft of the plan");

        a.js("window.__chatTest.setOffline(true)");
        a.waitUntil(d -> "offline".equals(a.connectionState()), "offline");
        a.click("#message-list [data-action='save-edit']");
        assertThat(a.js("const e = document.querySelector('#message-list .edit-input'); return e && e.value"))
                .as("saved offline: nothing sent, the text kept").isEqualTo("second draft of the plan");
        a.js("window.__chatTest.setOffline(false)");
        a.awaitConnected();
        a.click("#message-list [data-action='save-edit']");
        a.waitUntil(d -> a.countElements("#message-list .edit-input") == 0
                && a.bodies().contains("second draft of the plan"), "the edit saved; shown: " + a.bodies());

        long going = Long.parseLong((String) a.js("return [...document.querySelectorAll('#message-list li.msg')]"
                + ".find(li => li.querySelector('.msg-body').textContent === arguments[0]).dataset.messageId",
                "a message about to go"));
        a.clickInMessage("message-list", "a message about to go", "[data-action='edit']");
        aliceElsewhere.send(frame("type", "DELETE", "roomId", roomId, "messageId", going));
        a.waitUntil(d -> a.countElements("#message-list .edit-input") == 0
                && a.bodies().equals(List.of("second draft of the plan", "Message deleted")),
                "the editor of the deleted message closed; shown: " + a.bodies());
        assertThat(a.js("return document.getElementById('message-input').value")).isEqualTo("half a thought");
    }

    /**
     * The bell says who mentioned you where and what they wrote, newest first, the stored and the live ones alike.
     * (It said "bob in room 6", without the text; stored ones came oldest first, below the live one.)
     */
    @Test
    void theBellShowsWhatAMentionSaidAndWhereNewestFirst() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(bob, alice);
        WsClient bobSocket = chat(bob);
        post(bobSocket, roomId, "m-1", "@" + alice + " first: the agenda");
        post(bobSocket, roomId, "m-2", "@" + alice + " second: the budget");
        Browser a = browser(0);
        a.signInWithToken(baseUrl(), alice, tokenFor(alice), "USER");
        a.awaitRoom("room of " + bob);
        a.waitUntil(d -> "3".equals(a.text("#bell-count")), "three unread: the room added, two mentions");
        post(bobSocket, roomId, "m-3", "@" + alice + " third: the venue");
        a.waitUntil(d -> "4".equals(a.text("#bell-count")), "the third mention, live");

        a.click("#bell-button");
        @SuppressWarnings("unchecked")
        List<String> shown = (List<String>) a.js("return [...document.querySelectorAll("
                + "'#notification-list .notification-text')].map(e => e.textContent)");
        String where = bob + " in room of " + bob + ": @" + alice;
        assertThat(shown).containsExactly(where + " third: the venue", where + " second: the budget",
                where + " first: the agenda", bob + " added you to room of " + bob);
    }

    /**
     * The account dialog: a password changed in one browser signs the other out (its socket closed 4401) while the
     * changing one carries on with the new token; signing out everywhere then ends that one too.
     */
    @Test
    void aPasswordChangedInOneBrowserSignsTheOtherOutAndSigningOutEverywhereEndsTheFirst() {
        String carol = uniqueUser("carol");
        String newPassword = "a-brand-new-passphrase";
        Browser a = browser(0);
        Browser b = browser(1);
        a.register(carol, PASSWORD);
        RestApi.Response login = rest.post("/api/auth/login", null, Map.of("username", carol, "password", PASSWORD));
        b.signInWithToken(baseUrl(), carol, login.json().path("accessToken").asString(), "USER");

        a.click("#account-button");
        a.type("#current-password", PASSWORD);
        a.type("#new-password", newPassword);
        a.type("#repeat-password", newPassword + "!");
        a.click("#password-save");
        a.waitUntil(d -> a.displayed("#password-error"), "the passwords that differ");
        assertThat(a.text("#password-error")).contains("differ");
        a.type("#current-password", "not-my-password");
        a.type("#repeat-password", newPassword);
        a.click("#password-save");
        a.waitUntil(d -> a.text("#password-error").contains("current password is wrong"), "a wrong current one");
        a.type("#current-password", PASSWORD);
        a.click("#password-save");

        a.waitUntil(d -> a.text("#toasts").contains("Password changed"), "the change confirmed after the reload");
        a.awaitConnected();
        b.waitUntil(d -> b.displayed("#login-form") && b.displayed("#login-error"), "the other browser signed out");
        assertThat(b.text("#login-error")).contains("sign in again");
        a.createRoom("After the change");
        a.send("still signed in here");
        a.awaitMessageStatus("still signed in here", "sent");
        assertThat(rest.post("/api/auth/login", null, Map.of("username", carol, "password", newPassword)).status())
                .isEqualTo(200);

        String token = (String) a.js("return JSON.parse(sessionStorage.getItem('chat.session')).accessToken");
        a.click("#account-button");
        a.click("#sign-out-everywhere");
        a.waitUntil(d -> a.displayed("#login-form") && a.displayed("#login-error"), "signed out everywhere");
        assertThat(a.text("#login-error")).contains("signed out on every device");
        assertThat(rest.get("/api/rooms", token).status()).as("the token it had").isEqualTo(401);
    }

    private static void awaitReactions(Browser browser, String body, String... expected) {
        browser.waitUntil(d -> reactionsIn(browser, "message-list", body).equals(List.of(expected)),
                "reactions " + List.of(expected) + " on '" + body + "' in " + browser);
    }

    private static long post(WsClient socket, long roomId, String clientMsgId, String body) {
        return post(socket, frame("type", "SEND", "roomId", roomId, "clientMsgId", clientMsgId, "body", body));
    }

    private static long post(WsClient socket, Map<String, Object> send) {
        socket.send(send);
        String clientMsgId = (String) send.get("clientMsgId");
        return socket.expect(f -> "ACK".equals(f.path("type").asString())
                && clientMsgId.equals(f.path("clientMsgId").asString()), "the ACK of " + clientMsgId)
                .path("messageId").asLong();
    }

    private long lastRevOf(long roomId, String userId) {
        return rest.get("/api/rooms", tokenFor(userId)).json().valueStream()
                .filter(room -> room.path("id").asLong() == roomId).findFirst().orElseThrow()
                .path("lastRev").asLong();
    }

    @SuppressWarnings("unchecked")
    private static List<String> stateLog(Browser browser) {
        return (List<String>) browser.js("return window.__chatTest.states()");
    }

    private static void assertExactlyOnceInSeqOrder(List<Map<String, Object>> messages) {
        List<Long> seqs = messages.stream().map(m -> (Long) m.get("seq")).toList();
        assertThat(seqs).doesNotContainNull().isSorted().doesNotHaveDuplicates();
        List<Object> ids = messages.stream().map(m -> m.get("messageId")).filter(Objects::nonNull).toList();
        assertThat(ids).hasSize(messages.size());
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
        assertThat(messages).allSatisfy(m -> assertThat(m.get("status")).isEqualTo("sent"));
    }
}
