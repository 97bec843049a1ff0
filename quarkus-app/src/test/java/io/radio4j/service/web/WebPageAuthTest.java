package io.radio4j.service.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page when the service requires an API key: the first refused call opens the key field
 * and says why; with the key entered, indexing, search and the thumbnails (fetched with the key)
 * work.
 */
@QuarkusTest
@TestProfile(WebPageTestProfile.class)
class WebPageAuthTest {

    // A guard against a hung page, not a performance expectation.
    private static final Duration WAIT = Duration.ofSeconds(60);
    // Typed as JDK/Selenium interfaces, not HeadlessChromium: when Quarkus restarts for another test
    // profile, JUnit reads this class's fields through a class loader that no longer sees test classes.
    private static AutoCloseable chromium;
    private static WebDriver browser;

    @TestHTTPResource("/")
    URL root;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBrowser() {
        HeadlessChromium started = HeadlessChromium.start();
        chromium = started;
        browser = started.driver();
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void should_ask_for_the_api_key_and_work_once_it_is_given() throws IOException {
        WebDriver driver = browser;
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        driver.get(root.toString());
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript("sessionStorage.clear()");
        driver.navigate().refresh();
        WebElement auth = driver.findElement(By.id("auth"));
        // The page lists the index on load; the refusal opens the key field and says why.
        wait.until(d -> auth.getAttribute("open") != null);
        assertThat(driver.findElement(By.id("results-empty")).getText()).contains("Enter the API key");
        assertThat(errors(driver))
                .as("a refused listing on load is a hint, not an error")
                .isEmpty();

        Path image = dir.resolve("keyed-" + UUID.randomUUID().toString().substring(0, 8) + ".png");
        BufferedImage pixels = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = pixels.createGraphics();
        g.setColor(new Color(200, 120, 20));
        g.fillRect(10, 10, 60, 40);
        g.dispose();
        ImageIO.write(pixels, "png", image.toFile());

        WebElement files = driver.findElement(By.id("index-files"));
        files.sendKeys(image.toString());
        wait.until(d -> !errors(d).isEmpty());
        assertThat(errors(driver).getFirst().getText()).contains("This service needs an API key: enter it above.");
        assertThat(errors(driver).getFirst().findElement(By.className("detail")).getAttribute("textContent"))
                .contains("HTTP 401")
                .contains("Unauthorized");
        assertThat(auth.getAttribute("open")).as("a 401 opens the key field").isNotNull();
        assertThat(driver.findElement(By.id("index-status")).getText()).isEqualTo("Indexed 0 of 1 · 1 failed");

        driver.findElement(By.id("api-key")).sendKeys(WebPageTestProfile.API_KEY);
        files.sendKeys(image.toString());
        wait.until(d -> "1".equals(d.findElement(By.id("index-status")).getAttribute("data-done")));
        assertThat(driver.findElement(By.id("index-status")).getText()).isEqualTo("Indexed 1 of 1 · done");

        driver.findElement(By.id("query")).sendKeys("an orange rectangle");
        driver.findElement(By.id("search-button")).click();
        wait.until(d -> "“an orange rectangle”"
                .equals(d.findElement(By.id("search-status")).getAttribute("data-done")));
        List<String> names = driver.findElements(By.cssSelector("#results .card .name")).stream()
                .map(WebElement::getText)
                .toList();
        assertThat(names).contains(image.getFileName().toString());
        wait.until(
                d -> Boolean.TRUE.equals(
                        js.executeScript(
                                "return [...document.querySelectorAll('#results .thumb')].every(i => i.complete && i.naturalWidth > 0)")));
        // A search clears earlier errors, so any error now comes from a keyed call (search or thumbnail).
        assertThat(errors(driver)).isEmpty();
    }

    private static List<WebElement> errors(WebDriver driver) {
        return driver.findElements(By.cssSelector("#errors .error"));
    }
}
