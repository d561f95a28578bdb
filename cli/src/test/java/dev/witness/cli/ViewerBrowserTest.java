package dev.witness.cli;

import dev.witness.cli.viewer.ViewerServer;
import dev.witness.recorder.config.WitnessConfig;
import dev.witness.recorder.event.Statement;
import dev.witness.recorder.format.RecordedEvent;
import dev.witness.recorder.reader.RecordingReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The viewer end to end in headless Chromium (Debian's chromium and chromium-driver, driven by
 * Selenium; nothing downloads a browser): load the list, filter, open a session, see its events
 * and the verified badge; a tampered session shows as failed. Screenshots are kept in
 * cli/target/ as the test's artefacts. Skipped where Chromium is not installed.
 */
class ViewerBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path dir;
    WebDriver browser;
    ChromeDriverService service;

    @BeforeEach
    void browser() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "SKIPPED: the viewer's browser test needs Debian's chromium and chromium-driver (/usr/bin/chromium, "
                        + "/usr/bin/chromedriver): apt-get install chromium chromium-driver (.ci/run does)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1000", "--user-data-dir=" + dir.resolve("chromium-profile"));
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withLogOutput(java.io.OutputStream.nullOutputStream()).build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
    }

    @Test
    void listFilterOpenSessionSeeEventsAndTheBadge() throws Exception {
        ShopRecording shop = ShopRecording.record(dir);
        try (RecordingReader reader = open(shop.store);
             ViewerServer server = ViewerServer.start(reader, "file:" + shop.store, InetAddress.getLoopbackAddress(), 0, ViewerServer.newToken())) {
            browser.get(server.url().toString());
            assertFalse(browser.getCurrentUrl().contains("token="), "the token leaves the address bar: " + browser.getCurrentUrl());
            List<WebElement> rows = browser.findElements(By.cssSelector("#sessions tr.session"));
            assertEquals(2, rows.size(), browser.getPageSource());

            browser.findElement(By.id("f-identity")).sendKeys("alice");
            browser.findElement(By.id("apply")).click();
            // the click submits the form: wait for the filtered page, not the one still showing
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("identity=alice"));
            rows = browser.findElements(By.cssSelector("#sessions tr.session"));
            assertEquals(1, rows.size(), browser.getPageSource());
            assertEquals("alice", rows.get(0).findElement(By.cssSelector("td.identity")).getText());
            screenshot("viewer-list.png");

            rows.get(0).findElement(By.cssSelector("a.session-link")).click();
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/session/"));
            assertTrue(browser.getCurrentUrl().endsWith("/session/" + shop.aliceSession), browser.getCurrentUrl());
            WebElement badge = browser.findElement(By.id("verification"));
            assertTrue(badge.getAttribute("class").contains("ok"), badge.getAttribute("class"));
            assertTrue(badge.getText().startsWith("Verified: hash chain intact"), badge.getText());
            String timeline = browser.findElement(By.id("timeline")).getText();
            assertTrue(timeline.contains("select id, name, email from customers where id = ?"), timeline);
            assertTrue(timeline.contains("Ada Lovelace"), timeline);
            assertTrue(timeline.contains("rollback"), timeline);
            // one row per event a stored line stands for (a statement's line may carry its parameters and result)
            assertEquals(reader.events(shop.aliceSession).stream().mapToInt(r -> r.event().parts().size()).sum(),
                    browser.findElements(By.cssSelector("#timeline tr.event")).size());
            assertEquals(reader.events(shop.aliceSession).size(),
                    browser.findElements(By.cssSelector("#timeline tr.event td.seq")).stream()
                            .filter(td -> !td.getText().endsWith("+")).count());
            screenshot("viewer-session.png");

            browser.navigate().to("http://127.0.0.1:" + server.port() + "/session/" + shop.bobSession);
            WebElement error = browser.findElement(By.cssSelector("tr.event.error.alarm"));
            assertTrue(error.getText().contains("42S02"), error.getText());
        }
    }

    @Test
    void aTamperedSessionShowsAsFailed() throws Exception {
        ShopRecording shop = ShopRecording.record(dir);
        long seq;
        try (RecordingReader reader = open(shop.store)) {
            seq = reader.events(shop.aliceSession).stream().filter(e -> e.event() instanceof Statement).mapToLong(RecordedEvent::sequence)
                    .findFirst().orElseThrow();
        }
        Tamper.changeEvent(shop.store, shop.aliceSession, seq, "where id = ?", "where id > ?", true);
        try (RecordingReader reader = open(shop.store);
             ViewerServer server = ViewerServer.start(reader, "file:" + shop.store, InetAddress.getLoopbackAddress(), 0, ViewerServer.newToken())) {
            browser.get(server.url().toString());
            browser.findElement(By.cssSelector("a.session-link[href='/session/" + shop.aliceSession + "']")).click();
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/session/"));
            WebElement badge = browser.findElement(By.id("verification"));
            assertTrue(badge.getAttribute("class").contains("failed"), badge.getAttribute("class"));
            assertTrue(badge.getText().startsWith("FAILED verification: CHANGED, first bad event #" + seq), badge.getText());
            assertTrue(browser.findElement(By.id("e" + seq)).getAttribute("class").contains("bad"));
            screenshot("viewer-tampered.png");
        }
    }

    private static RecordingReader open(Path store) {
        return RecordingReader.open(WitnessConfig.builder().put("witness.store", "file:" + store).build());
    }

    private void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
