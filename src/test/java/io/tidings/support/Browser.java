package io.tidings.support;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * A real headless Chromium driven through its ChromeDriver: Debian's {@code chromium} and {@code chromium-driver}
 * (or {@code CHROME_BIN} and {@code CHROMEDRIVER}). Without them the browser tests say so loudly and are skipped;
 * under {@code CI=true} that is a failure.
 */
public final class Browser implements AutoCloseable {

    private final WebDriver driver;

    private Browser(WebDriver driver) {
        this.driver = driver;
    }

    public static Browser start() {
        return start(1280, 800);
    }

    /** A browser whose window is that large, its console kept (see {@link #consoleErrors()}). */
    public static Browser start(int width, int height) {
        File chrome = new File(System.getenv().getOrDefault("CHROME_BIN", "/usr/bin/chromium"));
        File chromedriver = new File(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
        if (!chrome.canExecute() || !chromedriver.canExecute()) {
            String missing = "NO BROWSER: the browser tests need Chromium at " + chrome + " and ChromeDriver at "
                    + chromedriver + " (apt-get install chromium chromium-driver, or set CHROME_BIN and CHROMEDRIVER)";
            System.err.println("\n" + "!".repeat(100) + "\n" + missing + "\n" + "!".repeat(100) + "\n");
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(missing);
            }
            Assumptions.abort(missing);
        }
        ChromeOptions options = new ChromeOptions()
                .setBinary(chrome)
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-dev-shm-usage",
                        "--disable-gpu",
                        "--window-size=" + width + "," + height);
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver)
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        // the page's viewport that large: --window-size sizes the window, its chrome included
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
        return new Browser(driver);
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    /** Evaluates a JavaScript expression in the page and returns its value (numbers as Long or Double). */
    public Object eval(String expression) {
        return ((JavascriptExecutor) driver).executeScript("return " + expression + ";");
    }

    /** Waits until the expression is true in the page, failing after the usual timeout with what it shows. */
    public void await(String expression, Supplier<String> describe) {
        await(expression, Duration.ofSeconds(20), describe);
    }

    /** Waits until the expression is true in the page, failing after {@code timeout} with what it shows. */
    public void await(String expression, Duration timeout, Supplier<String> describe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            // false while the page's module has not run yet
            if (Boolean.TRUE.equals(
                    eval("(() => { try { return Boolean(" + expression + "); } catch (e) { return false; } })()"))) {
                return;
            }
            Thread.onSpinWait();
        }
        String shown;
        try {
            shown = describe.get();
        } catch (RuntimeException e) {
            shown = e.getMessage();
        }
        Assertions.fail("not within " + timeout.toMillis() + " ms in the page: " + expression + "; " + shown);
    }

    /**
     * What the page logged as errors since the last call: uncaught exceptions, {@code console.error}, and resources
     * that failed to load (a 404 favicon included).
     */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    /** The window as a PNG. */
    public byte[] screenshot() {
        return ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
