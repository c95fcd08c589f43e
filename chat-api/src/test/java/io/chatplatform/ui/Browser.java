package io.chatplatform.ui;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.util.FileSystemUtils;

/**
 * One headless Chromium driven through the Debian chromedriver, with the few page actions the UI tests need. It
 * never lets Selenium Manager look for (or download) a driver or browser: both paths are given explicitly.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("chat.ui.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("chat.ui.chromedriver", "/usr/bin/chromedriver"));
    static final Duration WAIT = Duration.ofSeconds(20);
    static final Dimension DESKTOP = new Dimension(1280, 800);

    private final ChromeDriver driver;
    private final Path profile;
    private final String name;

    private Browser(String name, ChromeDriver driver, Path profile) {
        this.name = name;
        this.driver = driver;
        this.profile = profile;
    }

    /** Why the browser tests cannot run here, or null when chromium and chromedriver are installed. */
    static String missingBrowser() {
        if (!Files.isExecutable(CHROMIUM)) {
            return "no Chromium at " + CHROMIUM + " (apt-get install -y chromium chromium-driver, or -Dchat.ui.chromium=...)";
        }
        if (!Files.isExecutable(CHROMEDRIVER)) {
            return "no chromedriver at " + CHROMEDRIVER
                    + " (apt-get install -y chromium-driver, or -Dchat.ui.chromedriver=...)";
        }
        return null;
    }

    static Browser launch(String name) {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        Path profile;
        try {
            profile = Files.createTempDirectory("chat-ui-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows", "--lang=en-US",
                "--window-size=" + DESKTOP.getWidth() + "," + DESKTOP.getHeight(),
                "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(WAIT);
        return new Browser(name, driver, profile);
    }

    WebDriver driver() {
        return driver;
    }

    /** Loads the app with nothing signed in, at desktop size. */
    void reset(String baseUrl) {
        dismissAlert();
        driver.manage().window().setSize(DESKTOP);
        driver.get(baseUrl + "/");
        js("sessionStorage.clear(); localStorage.clear();");
        driver.get(baseUrl + "/");
        waitUntil(d -> displayed("#login-view"), "the login form");
    }

    /** Registers through the login form and waits until the chat socket is connected. */
    void register(String username, String password) {
        type("#login-username", username);
        type("#login-password", password);
        click("#register-button");
        awaitConnected();
    }

    /** Signs in by putting a session in sessionStorage (as the login form does) and reloading. */
    void signInWithToken(String baseUrl, String userId, String token, String role) {
        signInWithTokenNoWait(baseUrl, userId, token, role);
        awaitConnected();
    }

    void signInWithTokenNoWait(String baseUrl, String userId, String token, String role) {
        js("sessionStorage.setItem('chat.session', JSON.stringify({accessToken: arguments[0], userId: arguments[1],"
                + " role: arguments[2], expiresAt: new Date(Date.now() + 3600e3).toISOString()}));",
                token, userId, role);
        driver.get(baseUrl + "/");
    }

    void awaitConnected() {
        waitUntil(d -> "connected".equals(connectionState()), "the connection state to be connected");
    }

    String connectionState() {
        return (String) js("var e = document.getElementById('connection-state'); return e && !e.closest('[hidden]')"
                + " ? e.dataset.state : null;");
    }

    void createRoom(String roomName, String... members) {
        click("#new-room-button");
        type("#new-room-name", roomName);
        if (members.length > 0) {
            type("#new-room-members", String.join(", ", members));
        }
        click("#new-room-create");
        waitUntil(d -> roomName.equals(text("#room-title")), "the new room to open");
    }

    void openMembers() {
        if (!displayed("#members-panel")) {
            click("#members-button");
        }
        waitUntil(d -> displayed("#member-list .member"), "the member list");
    }

    void addMember(String userId) {
        openMembers();
        type("#add-member-user", userId);
        driver.findElement(By.cssSelector("#add-member-form button")).click();
        waitUntil(d -> !d.findElements(By.cssSelector("#member-list [data-user-id='" + userId + "']")).isEmpty(),
                userId + " in the member list");
    }

    /** The names in the room list, in order. */
    @SuppressWarnings("unchecked")
    List<String> roomNames() {
        return (List<String>) js("return [...document.querySelectorAll('#room-list .room-name')].map(e => e.textContent);");
    }

    void awaitRoom(String roomName) {
        waitUntil(d -> roomNames().contains(roomName), "room '" + roomName + "' in the list; rooms: " + roomNames());
    }

    String unreadBadge(String roomName) {
        return (String) js("for (const b of document.querySelectorAll('#room-list .room')) {"
                + " if (b.querySelector('.room-name').textContent === arguments[0]) {"
                + "  const u = b.querySelector('.unread-count'); return u ? u.textContent : ''; } } return null;",
                roomName);
    }

    void openRoom(String roomName) {
        awaitRoom(roomName);
        js("for (const b of document.querySelectorAll('#room-list .room')) {"
                + " if (b.querySelector('.room-name').textContent === arguments[0]) { b.click(); return; } }", roomName);
        waitUntil(d -> roomName.equals(text("#room-title")) && "true".equals(
                d.findElement(By.id("message-list")).getDomAttribute("data-loaded")), "room '" + roomName + "' to open");
    }

    /** Types a message and presses Enter. */
    void send(String body) {
        WebElement input = driver.findElement(By.id("message-input"));
        input.sendKeys(body);
        input.sendKeys(Keys.ENTER);
    }

    /** Types a reply in the open thread's composer and presses Enter. */
    void replyInThread(String body) {
        WebElement input = driver.findElement(By.id("thread-input"));
        input.sendKeys(body);
        input.sendKeys(Keys.ENTER);
    }

    void typeWithoutSending(String text) {
        driver.findElement(By.id("message-input")).sendKeys(text);
    }

    /** Every message shown, top to bottom: body, status, seq, messageId, clientMsgId, sender. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> messages() {
        return (List<Map<String, Object>>) js("return [...document.querySelectorAll('#message-list li.msg')].map(li => ({"
                + " body: (li.querySelector('.msg-body') || {}).textContent, status: li.dataset.status || null,"
                + " seq: li.dataset.seq ? Number(li.dataset.seq) : null, messageId: li.dataset.messageId || null,"
                + " clientMsgId: li.dataset.clientMsgId || null, sender: li.dataset.sender || null }));");
    }

    List<String> bodies() {
        return messages().stream().map(m -> (String) m.get("body")).toList();
    }

    /** The thread open beside the room, top to bottom (its root first), as {@link #messages()} gives the room. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> threadMessages() {
        return (List<Map<String, Object>>) js("return [...document.querySelectorAll('#thread-list li.msg')].map(li => ({"
                + " body: (li.querySelector('.msg-body') || {}).textContent, status: li.dataset.status || null,"
                + " seq: li.dataset.seq ? Number(li.dataset.seq) : null, messageId: li.dataset.messageId || null,"
                + " threadId: li.dataset.threadId || null, sender: li.dataset.sender || null }));");
    }

    List<String> threadBodies() {
        return threadMessages().stream().map(m -> (String) m.get("body")).toList();
    }

    /**
     * What the room's timeline shows about the message with this body: its body text, "edited", its reply count
     * (0 without the link) and its reactions as "emoji count" with "+me" when mine; null when no such message.
     */
    @SuppressWarnings("unchecked")
    Map<String, Object> shown(String list, String body) {
        return (Map<String, Object>) js("for (const li of document.querySelectorAll(arguments[0] + ' li.msg')) {"
                + " const b = li.querySelector('.msg-body'); if (!b || b.textContent !== arguments[1]) continue;"
                + " const t = li.querySelector('.msg-thread');"
                + " return { edited: !!li.querySelector('.msg-edited'), deleted: li.classList.contains('deleted'),"
                + "  replies: t ? Number(t.dataset.replyCount) : 0, replyText: t ? t.textContent : null,"
                + "  reactions: [...li.querySelectorAll('.reaction')].map(r => r.dataset.emoji + ' ' + r.dataset.count"
                + "   + (r.dataset.me === 'true' ? '+me' : '')) }; } return null;", "#" + list, body);
    }

    /** Clicks, in the list's message with this body, the element matched by css (through the DOM, hover or not). */
    void clickInMessage(String list, String body, String css) {
        waitUntil(d -> (Boolean) js("for (const li of document.querySelectorAll(arguments[0] + ' li.msg')) {"
                + " const b = li.querySelector('.msg-body'); if (!b || b.textContent !== arguments[1]) continue;"
                + " const e = li.querySelector(arguments[2]); if (!e) return false; e.click(); return true; }"
                + " return false;", "#" + list, body, css), "to click " + css + " in message '" + body + "'");
    }

    /** The room's last applied rev in the page. */
    long rev(long roomId) {
        return ((Number) js("return window.__chatTest.rev(arguments[0])", roomId)).longValue();
    }

    long count(String body) {
        return bodies().stream().filter(body::equals).count();
    }

    void awaitMessage(String body) {
        waitUntil(d -> bodies().contains(body), "message '" + body + "'; shown: " + bodies());
    }

    void awaitMessageStatus(String body, String status) {
        waitUntil(d -> messages().stream().anyMatch(m -> body.equals(m.get("body")) && status.equals(m.get("status"))),
                "message '" + body + "' to be " + status + "; shown: " + messages());
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    void click(String css) {
        waitUntil(d -> {
            WebElement element = d.findElement(By.cssSelector(css));
            if (!element.isDisplayed() || !element.isEnabled()) {
                return false;
            }
            element.click();
            return true;
        }, "to click " + css);
    }

    void type(String css, String text) {
        WebElement element = driver.findElement(By.cssSelector(css));
        element.clear();
        element.sendKeys(text);
    }

    String text(String css) {
        List<WebElement> found = driver.findElements(By.cssSelector(css));
        return found.isEmpty() ? null : found.get(0).getText();
    }

    boolean displayed(String css) {
        List<WebElement> found = driver.findElements(By.cssSelector(css));
        return !found.isEmpty() && found.get(0).isDisplayed();
    }

    int countElements(String css) {
        return driver.findElements(By.cssSelector(css)).size();
    }

    /** Whether a JavaScript alert/confirm/prompt is open. */
    boolean alertOpen() {
        try {
            driver.switchTo().alert();
            return true;
        } catch (NoAlertPresentException e) {
            return false;
        }
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    void screenshot(Path target) {
        File shot = driver.getScreenshotAs(OutputType.FILE);
        try {
            Files.createDirectories(target.getParent());
            Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    <T> T waitUntil(Function<WebDriver, T> condition, String what) {
        return new WebDriverWait(driver, WAIT, Duration.ofMillis(50))
                .ignoring(StaleElementReferenceException.class)
                .ignoring(ElementClickInterceptedException.class)
                .ignoring(ElementNotInteractableException.class)
                .withMessage(() -> name + ": waiting for " + what + consoleLog())
                .until(condition::apply);
    }

    /** What the page logged to its console since the last call, for failure messages. */
    String consoleLog() {
        try {
            List<String> lines = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .map(entry -> entry.getLevel() + " " + entry.getMessage()).toList();
            return lines.isEmpty() ? "" : "\n  browser console:\n    " + String.join("\n    ", lines);
        } catch (RuntimeException e) {
            return "";
        }
    }

    private void dismissAlert() {
        try {
            driver.switchTo().alert().dismiss();
        } catch (NoAlertPresentException e) {
            // none open
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            FileSystemUtils.deleteRecursively(profile.toFile()); // false for a leftover temp profile: harmless
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
