package io.radio4j.service.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Starts Debian's Chromium, headless, through Debian's chromedriver, for tests of the web page.
 *
 * <p>Both executables are given to Selenium explicitly, so Selenium Manager (which would try to
 * download a browser and a driver) never runs: the test works offline. Their paths default to
 * Debian's ({@value #DEFAULT_CHROMIUM}, {@value #DEFAULT_CHROMEDRIVER}) and can be changed with the
 * system properties {@value #CHROMIUM_PROPERTY} and {@value #CHROMEDRIVER_PROPERTY}.
 *
 * <p>A missing executable is a test failure with a message saying what to install, never a skip:
 * CI installs both packages ({@code scripts/install-system-packages.sh}), so a skipped browser test
 * would hide a broken CI image. One instance per test class; not thread-safe.
 */
final class HeadlessChromium implements AutoCloseable {

    static final String CHROMIUM_PROPERTY = "radio4j.test.chromium";
    static final String CHROMEDRIVER_PROPERTY = "radio4j.test.chromedriver";
    static final String DEFAULT_CHROMIUM = "/usr/bin/chromium";
    static final String DEFAULT_CHROMEDRIVER = "/usr/bin/chromedriver";

    private final Path profile;
    private final ChromeDriver driver;

    private HeadlessChromium(Path profile, ChromeDriver driver) {
        this.profile = profile;
        this.driver = driver;
    }

    /**
     * Starts a browser with a fresh profile.
     *
     * @throws IllegalStateException naming the Debian packages when Chromium or chromedriver is missing
     */
    static HeadlessChromium start() {
        Path chromium = executable(CHROMIUM_PROPERTY, DEFAULT_CHROMIUM, "chromium");
        Path chromedriver = executable(CHROMEDRIVER_PROPERTY, DEFAULT_CHROMEDRIVER, "chromium-driver");
        Path profile;
        try {
            profile = Files.createTempDirectory("radio4j-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a Chromium profile directory", e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        // Chromium refuses to run as root without --no-sandbox; containers have a tiny /dev/shm;
        // the rest keeps an offline machine from waiting on Google's update and sync services.
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--window-size=1280,1024",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            // A guard against a hung page, not a performance expectation.
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
            return new HeadlessChromium(profile, driver);
        } catch (RuntimeException e) {
            deleteQuietly(profile);
            throw e;
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile);
        }
    }

    private static Path executable(String property, String defaultPath, String debianPackage) {
        Path path = Path.of(System.getProperty(property, defaultPath));
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException("The web page test needs " + path + " (Debian package '"
                    + debianPackage + "'; run scripts/install-system-packages.sh as root, or point -D"
                    + property + "= at another executable)");
        }
        return path;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // A leftover temp profile is harmless; failing the test over it would not be.
        }
    }
}
