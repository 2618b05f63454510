package dev.ferry.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.embeddedkafka.KafkaBroker;
import dev.ferry.mockprovider.MockProviderServer;
import dev.ferry.testsupport.Http;
import dev.ferry.testsupport.HttpResult;
import dev.ferry.testsupport.KafkaBrokerExtension;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The operator page in a real headless browser (Debian's chromium, driven through chromedriver by Selenium): an
 * operator who opens {@code /ui} with Basic credentials sees the jobs submitted during the test, the plots draw,
 * the page logs no console errors, and a tenant's credentials are refused. Without chromium the test is skipped
 * with a message, except under CI, where {@code .ci/run} installs it and its absence fails the test.
 */
@ExtendWith(KafkaBrokerExtension.class)
class OperatorPageIT {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final Map<String, String> TENANT = Map.of("Authorization", "Bearer tenant-secret-1");
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(45);

    private static MockProviderServer mock;
    private static RunningFerry ferry;
    private static ChromeDriverService service;
    private static WebDriver browser;
    private static int port;

    @BeforeAll
    static void start(KafkaBroker kafka, @TempDir Path stateDir, @TempDir Path profile) throws Exception {
        requireChromium();
        mock = new MockProviderServer(new MockProviderSettings("127.0.0.1", 0, Duration.ofMillis(50), 0.0),
                Json.newMapper(), new Random(7)).start();
        Map<String, String> env = RunningFerry.environment(kafka, mock.baseUrl(), stateDir);
        env.put("FERRY_API_KEYS", "tenant=tenant-secret-1");
        env.put("FERRY_BASIC_USERS", "ops=ops-password-1,viewer=viewer-password-1");
        env.put("FERRY_ADMINS", "ops");
        env.put("FERRY_CLUSTER_TOKEN", "cluster-token-1");
        env.put("FERRY_WORKER_MAX_ATTEMPTS", "1");
        ferry = RunningFerry.start(env);
        port = Integer.parseInt(ferry.url("").replaceAll(".*:", ""));
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,1400", "--user-data-dir=" + profile.toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        browser = new ChromeDriver(service, options);
    }

    private static void requireChromium() {
        if (CHROMIUM.canExecute() && CHROMEDRIVER.canExecute()) {
            return;
        }
        String why = "skipped: the browser test needs Debian's chromium and chromium-driver (/usr/bin/chromium, "
                + "/usr/bin/chromedriver); apt-get install -y chromium chromium-driver";
        if ("true".equals(System.getenv("CI"))) {
            fail(why.replace("skipped: ", "CI must run the browser test, but ") + " (.ci/run installs them)");
        }
        Assumptions.assumeTrue(false, why);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (ferry != null) {
            ferry.close();
        }
        if (mock != null) {
            mock.close();
        }
    }

    private static String pageUrl(String user, String password) {
        return "http://" + user + ":" + password + "@127.0.0.1:" + port + "/ui";
    }

    private static long number(String cssSelectorOfRow, String name) {
        for (WebElement row : browser.findElements(By.cssSelector(cssSelectorOfRow + " tbody tr"))) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            if (cells.size() == 2 && cells.get(0).getText().equals(name)) {
                return Long.parseLong(cells.get(1).getText());
            }
        }
        return -1;
    }

    @Test
    void shouldShowTheJobsSubmittedDuringTheTestWithPlotsAndNoConsoleErrors() throws Exception {
        browser.manage().logs().get(LogType.BROWSER); // forget what earlier pages logged
        browser.get(pageUrl("ops", "ops-password-1"));
        // the page redraws every two seconds, so an element read a moment ago may be gone: read again
        await().atMost(PAGE_TIMEOUT).ignoreExceptionsInstanceOf(StaleElementReferenceException.class)
                .until(() -> browser.findElement(By.id("updated")).getText().startsWith("updated")
                        && number("#totals", "completed") >= 0);
        long before = await().ignoreExceptionsInstanceOf(StaleElementReferenceException.class)
                .until(() -> number("#totals", "completed"), count -> count >= 0);
        int jobs = 6;
        for (int i = 0; i < jobs; i++) {
            HttpResult submit = ferry.submit("{\"model\":\"mock/echo\",\"input\":\"job " + i + "\"}", TENANT);
            assertEquals(200, submit.status(), submit.body());
        }
        assertEquals(200, ferry.submit("{\"model\":\"mock/fail-400\",\"input\":\"doomed\"}", TENANT).status());

        await().atMost(PAGE_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .conditionEvaluationListener(condition -> {
                    if (!condition.isSatisfied() && condition.getRemainingTimeInMS() < 600) {
                        screenshot("operator-page-failed.png");
                    }
                })
                .ignoreExceptionsInstanceOf(StaleElementReferenceException.class).untilAsserted(() -> {
            assertTrue(number("#totals", "completed") >= before + jobs, "completed jobs on the page");
            assertTrue(number("#jobs-by-status", "completed") >= jobs, "the store's completed jobs on the page");
            assertTrue(Long.parseLong(browser.findElement(By.id("dead-letter-count")).getText()) >= 1);
            assertTrue(browser.findElement(By.id("dead-letters")).getText().contains("400"));
            WebElement throughput = browser.findElement(By.id("throughput-chart"));
            assertTrue(Integer.parseInt(throughput.getAttribute("data-points")) >= 2, "throughput points");
            assertFalse(throughput.findElements(By.cssSelector("polyline[data-series=completed]")).isEmpty(),
                    "the completed jobs' line");
            assertFalse(browser.findElements(By.cssSelector("#latency-chart polyline[data-series=p99]")).isEmpty(),
                    "the p99 line");
            assertFalse(browser.findElements(By.cssSelector("#consumer-lag tbody tr")).isEmpty(), "lag rows");
        });
        screenshot("operator-page.png");
        List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
        assertEquals(List.of(), errors, "console errors");
    }

    @Test
    void shouldShowARunningBatchWithItsProgressUntilItEnds() {
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            lines.add(BatchJsonl.line("slow-" + i, "mock/sleep-" + (2_000 + 2_000 * i), "line " + i));
        }
        String fileId = RunningFerry.json(BatchJsonl.upload(ferry.url("/openai/v1/files"), TENANT,
                BatchJsonl.file(lines))).path("id").asText();
        String batchId = RunningFerry.json(BatchJsonl.createBatch(ferry.url("/openai/v1/batches"), TENANT, fileId))
                .path("id").asText();
        browser.get(pageUrl("ops", "ops-password-1"));

        By bar = By.cssSelector("#batches [data-batch-id='" + batchId + "'] [role=progressbar]");
        await().atMost(PAGE_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsInstanceOf(StaleElementReferenceException.class).untilAsserted(() -> {
            assertTrue(browser.findElement(By.id("batches-panel")).isDisplayed(), "the batch panel");
            WebElement progress = browser.findElement(bar);
            assertEquals("4", progress.getAttribute("aria-valuemax"));
            assertTrue(Integer.parseInt(progress.getAttribute("aria-valuenow")) >= 1, "a line has finished");
        });
        await().atMost(PAGE_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsInstanceOf(StaleElementReferenceException.class)
                .until(() -> browser.findElements(bar).isEmpty());
        assertEquals("completed", RunningFerry.json(Http.get(ferry.url("/openai/v1/batches/" + batchId), TENANT))
                .path("status").asText());
    }

    /** Leaves what the browser showed in {@code target/}, to look at after a run. */
    private static void screenshot(String name) {
        try {
            Files.write(Path.of("target", name),
                    ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("No screenshot: " + e);
        }
    }

    @Test
    void shouldRefuseATenantsCredentials() {
        browser.get(pageUrl("viewer", "viewer-password-1"));
        String body = browser.findElement(By.tagName("body")).getText();
        assertTrue(body.contains("permission_error") && body.contains("admin_required"), body);
        assertTrue(browser.findElements(By.id("throughput-chart")).isEmpty());
        assertEquals(403, Http.get(ferry.url("/ui/api/overview"), TENANT).status());
        assertEquals(401, Http.get(ferry.url("/ui/api/overview")).status());
    }
}
