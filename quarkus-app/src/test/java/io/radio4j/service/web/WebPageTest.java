package io.radio4j.service.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page at {@code /}, driven in a real headless Chromium against the running service
 * (embedded backend, tiny models, API key required and entered): index images, search by text and
 * by a dropped image, see results with scores and thumbnails, the feature visualisation, and
 * problem+json errors.
 *
 * <p>The index is shared by the tests of this class, so assertions are about each test's own
 * images (unique file names), never about the total number of entries.
 */
@QuarkusTest
@TestProfile(WebPageTestProfile.class)
class WebPageTest {

    // Waits guard against a hung page; they are not performance expectations.
    private static final Duration WAIT = Duration.ofSeconds(60);
    // Typed as JDK/Selenium interfaces, not HeadlessChromium: when Quarkus restarts for another test
    // profile, JUnit reads this class's fields through a class loader that no longer sees test classes.
    private static AutoCloseable chromium;
    private static WebDriver browser;

    @TestHTTPResource("/")
    URL root;

    @TempDir
    Path dir;

    private WebDriver driver;
    private WebDriverWait wait;

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

    @BeforeEach
    void openPage() {
        driver = browser;
        wait = new WebDriverWait(driver, WAIT);
        driver.get(root.toString());
        // The page keeps the key for the tab; the refused-key flow is WebPageAuthTest's.
        js("sessionStorage.setItem('radio4j.apiKey', arguments[0])", WebPageTestProfile.API_KEY);
        driver.navigate().refresh();
        wait.until(d -> "complete".equals(js("return document.readyState")));
        assertThat(driver.findElement(By.id("api-key")).getAttribute("value")).isEqualTo(WebPageTestProfile.API_KEY);
    }

    @Test
    void should_index_three_images_and_find_them_by_text_and_by_a_dropped_image() throws IOException {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Path red = png("red-disc-" + tag + ".png", redDisc());
        Path blue = png("blue-gradient-" + tag + ".png", blueGradient());
        Path green = png("green-checks-" + tag + ".png", greenChecks());

        // The chooser path of the drop zone; the drop path is exercised by the image search below.
        driver.findElement(By.id("index-files")).sendKeys(red + "\n" + blue + "\n" + green);
        wait.until(d -> "3".equals(statusDone()) || !errors().isEmpty());
        assertThat(errors()).as("errors shown while indexing").isEmpty();
        assertThat(text("index-status")).isEqualTo("Indexed 3 of 3 · done");
        assertThat(js("return document.getElementById('index-progress').value")).isEqualTo(1L);

        WebElement k = driver.findElement(By.id("k"));
        k.clear();
        k.sendKeys("100");
        driver.findElement(By.id("query")).sendKeys("a red circle");
        driver.findElement(By.id("search-button")).click();
        awaitSearch("“a red circle”");
        assertThat(errors()).as("errors shown while searching by text").isEmpty();

        List<WebElement> cards = cards();
        assertThat(cards).hasSizeGreaterThanOrEqualTo(3);
        assertThat(cardNames())
                .contains(
                        red.getFileName().toString(),
                        blue.getFileName().toString(),
                        green.getFileName().toString());
        List<Double> scores = scores();
        assertThat(scores).allSatisfy(s -> assertThat(s).isFinite());
        assertThat(scores).as("results are ranked by score").isSortedAccordingTo((a, b) -> Double.compare(b, a));
        waitForThumbnails();

        dropOnSearch(blue);
        awaitSearch("like " + blue.getFileName());
        assertThat(errors()).as("errors shown while searching by image").isEmpty();
        assertThat(cardNames().getFirst())
                .as("an indexed image is its own nearest neighbour")
                .isEqualTo(blue.getFileName().toString());
        assertThat(scores().getFirst()).isGreaterThanOrEqualTo(scores().getLast());
        waitForThumbnails();
    }

    @Test
    void should_show_the_feature_visualisation_of_a_chosen_result() throws IOException {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Path image = png("features-" + tag + ".png", redDisc());
        driver.findElement(By.id("index-files")).sendKeys(image.toString());
        wait.until(d -> "1".equals(statusDone()) || !errors().isEmpty());
        assertThat(errors()).isEmpty();

        dropOnSearch(image);
        awaitSearch("like " + image.getFileName());
        WebElement first = cards().getFirst();
        assertThat(first.findElement(By.className("name")).getText())
                .isEqualTo(image.getFileName().toString());
        first.findElement(By.className("show-features")).click();

        wait.until(d -> naturalWidth("features-image") > 0 || !errors().isEmpty());
        assertThat(errors()).as("errors shown while computing features").isEmpty();
        assertThat(driver.findElement(By.id("features")).isDisplayed()).isTrue();
        assertThat(first.getAttribute("class")).contains("chosen");
        assertThat(naturalWidth("features-source")).isEqualTo(IMAGE_WIDTH);
        // The service upsamples the PCA picture to the image's own size.
        assertThat(naturalWidth("features-image")).isEqualTo(IMAGE_WIDTH);
        assertThat(naturalHeight("features-image")).isEqualTo(IMAGE_HEIGHT);
        assertThat(text("features-caption"))
                .startsWith("PCA of the dense features (")
                .contains("patches");
    }

    @Test
    void should_mark_a_failed_file_and_explain_it_in_plain_words() throws IOException {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Path notAnImage = dir.resolve("not-an-image-" + tag + ".png");
        Files.writeString(notAnImage, "this is text, not a PNG", StandardCharsets.UTF_8);
        Path good = png("good-" + tag + ".png", greenChecks());

        driver.findElement(By.id("index-files")).sendKeys(good + "\n" + notAnImage);
        wait.until(d -> statusDone() != null);

        assertThat(text("index-status")).isEqualTo("Indexed 1 of 2 · 1 failed");
        WebElement progress = driver.findElement(By.id("index-progress"));
        assertThat(progress.getAttribute("class")).contains("failed");
        assertThat(js("return document.getElementById('index-progress').value")).isEqualTo(1L);
        assertThat(errors()).hasSize(1);
        WebElement error = errors().getFirst();
        assertThat(error.findElement(By.className("title")).getText())
                .isEqualTo("Indexing " + notAnImage.getFileName());
        // Plain words on screen; the server's code and bytes only under "Technical details".
        String shown = error.getText();
        assertThat(shown)
                .contains("This file is not an image radio4j can read (JPEG, PNG, GIF, BMP or WebP).")
                .doesNotContain("UNSUPPORTED_FORMAT")
                .doesNotContain("{\"")
                .doesNotContain("415");
        String technical = error.findElement(By.className("detail")).getAttribute("textContent");
        assertThat(technical).startsWith("HTTP 415 · ");

        // The file's own row under the bar is red and says why, in the same plain words.
        WebElement failedRow = itemRow(notAnImage.getFileName().toString());
        assertThat(failedRow.getAttribute("data-state")).isEqualTo("failed");
        assertThat(failedRow.getAttribute("class")).contains("failed");
        assertThat(failedRow.findElement(By.className("state")).getText())
                .isEqualTo("This file is not an image radio4j can read (JPEG, PNG, GIF, BMP or WebP).");
        assertThat(js("return getComputedStyle(arguments[0]).color", failedRow)).isEqualTo(cssColorOf("--error"));
        assertThat(itemRow(good.getFileName().toString()).getAttribute("data-state"))
                .isEqualTo("indexed");

        error.findElement(By.cssSelector("button")).click();
        assertThat(errors()).isEmpty();
    }

    @Test
    void should_fill_the_bar_with_files_the_server_embedded_not_with_bytes_uploaded() throws IOException {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        List<Path> files = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            BufferedImage image = i % 2 == 0 ? redDisc() : greenChecks();
            files.add(png("embedded-" + tag + "-" + i + ".png", image));
        }
        Path broken = dir.resolve("broken-" + tag + ".png");
        Files.write(broken, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
        files.add(3, broken);

        // Every time the bar or a row changes, note the bar's value and what the rows say the server did.
        js("""
                window.progressSamples = [];
                const bar = document.getElementById('index-progress');
                const rows = document.getElementById('index-items');
                const sample = () => window.progressSamples.push({
                  value: bar.value,
                  finished: rows.querySelectorAll('li[data-state="indexed"], li[data-state="failed"]').length,
                  rows: rows.children.length,
                  failedClass: bar.classList.contains('failed'),
                  failedRows: rows.querySelectorAll('li[data-state="failed"]').length });
                new MutationObserver(sample).observe(bar, { attributes: true });
                new MutationObserver(sample).observe(rows, { subtree: true, childList: true, attributes: true });
                """);
        driver.findElement(By.id("index-files"))
                .sendKeys(String.join("\n", files.stream().map(Path::toString).toList()));
        wait.until(d -> statusDone() != null);

        assertThat(text("index-status")).isEqualTo("Indexed 7 of 8 · 1 failed");
        @SuppressWarnings("unchecked")
        List<java.util.Map<String, Object>> samples =
                (List<java.util.Map<String, Object>>) js("return window.progressSamples");
        assertThat(samples).isNotEmpty();
        for (var sample : samples) {
            double value = ((Number) sample.get("value")).doubleValue();
            long finished = ((Number) sample.get("finished")).longValue();
            long rows = ((Number) sample.get("rows")).longValue();
            // Before the job answers there are no rows and nothing may be counted (upload progress is not shown in the
            // bar).
            assertThat(value)
                    .as("bar at %s", sample)
                    .isCloseTo(rows == 0 ? 0.0 : (double) finished / 8, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(sample.get("failedClass"))
                    .as("bar red exactly when a file failed, at %s", sample)
                    .isEqualTo(((Number) sample.get("failedRows")).longValue() > 0);
        }
        assertThat(samples.stream()
                        .mapToDouble(m -> ((Number) m.get("value")).doubleValue())
                        .toArray())
                .as("the bar never goes back")
                .isSorted();
        assertThat(js("return document.getElementById('index-progress').value")).isEqualTo(1L);

        // The rows agree with the job as the server holds it.
        String job = driver.findElement(By.id("index-progress")).getAttribute("data-job");
        io.restassured.path.json.JsonPath server = io.restassured.RestAssured.given()
                .header("Authorization", "Bearer " + WebPageTestProfile.API_KEY)
                .get("/v1/index/jobs/" + job)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(server.getString("state")).isEqualTo("done");
        assertThat(server.getInt("indexed")).isEqualTo(7);
        List<String> rowStates = driver.findElements(By.cssSelector("#index-items li")).stream()
                .map(li -> li.getAttribute("data-state"))
                .toList();
        assertThat(rowStates).isEqualTo(server.getList("items.state"));
        assertThat(rowStates.get(3)).isEqualTo("failed");
        assertThat(itemRow(broken.getFileName().toString()).getAttribute("class"))
                .contains("failed");
        assertThat(errors()).hasSize(1);
        assertThat(errors().getFirst().findElement(By.className("title")).getText())
                .isEqualTo("Indexing " + broken.getFileName());
    }

    private WebElement itemRow(String fileName) {
        return driver.findElements(By.cssSelector("#index-items li")).stream()
                .filter(li ->
                        fileName.equals(li.findElement(By.className("name")).getText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + fileName));
    }

    /** A colour variable of the page's stylesheet as the browser reports colours, e.g. rgb(164, 22, 26). */
    private String cssColorOf(String variable) {
        return (String) js("""
                const probe = document.createElement('span');
                probe.style.color = getComputedStyle(document.documentElement).getPropertyValue(arguments[0]);
                document.body.append(probe);
                const color = getComputedStyle(probe).color;
                probe.remove();
                return color;
                """, variable);
    }

    @Test
    void should_list_the_index_on_load_in_pages_and_say_the_models_are_stand_ins() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        var request =
                io.restassured.RestAssured.given().header("Authorization", "Bearer " + WebPageTestProfile.API_KEY);
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < 26; i++) {
            String name = "listed-" + tag + "-" + (char) ('a' + i) + ".png";
            names.add(name);
            request = request.multiPart("file", name, tinyPng(i), "image/png");
        }
        request.post("/v1/index").then().statusCode(200);

        driver.navigate().refresh();
        wait.until(d -> driver.findElement(By.id("results")).getAttribute("data-listed") != null);
        int total = Integer.parseInt(driver.findElement(By.id("results")).getAttribute("data-total"));
        assertThat(total).isGreaterThanOrEqualTo(26);
        assertThat(cards()).hasSize(24);
        assertThat(text("results-title")).isEqualTo("Your index");
        WebElement more = driver.findElement(By.id("index-more"));
        assertThat(more.getText()).isEqualTo("Show more (" + (total - 24) + " more of " + total + ")");
        while (more.isDisplayed()) {
            int before = cards().size();
            more.click();
            wait.until(d -> cards().size() > before);
        }
        assertThat(cards()).hasSize(total);
        assertThat(cardNames()).containsAll(names);
        assertThat(errors()).isEmpty();

        WebElement note = driver.findElement(By.id("stand-in-note"));
        assertThat(note.isDisplayed()).isTrue();
        assertThat(note.getText()).contains("tiny stand-in models").contains("mean nothing");
    }

    private static byte[] tinyPng(int seed) {
        BufferedImage image = new BufferedImage(24, 24, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 24; x++) {
                image.setRGB(x, y, (seed * 9973 + x * 131 + y * 7) & 0xFFFFFF);
            }
        }
        try (var out = new java.io.ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ page helpers

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    private void awaitSearch(String describe) {
        wait.until(
                d -> describe.equals(driver.findElement(By.id("search-status")).getAttribute("data-done")));
    }

    private String statusDone() {
        return driver.findElement(By.id("index-status")).getAttribute("data-done");
    }

    private List<WebElement> errors() {
        return driver.findElements(By.cssSelector("#errors .error"));
    }

    private List<WebElement> cards() {
        return driver.findElements(By.cssSelector("#results .card"));
    }

    private List<String> cardNames() {
        return cards().stream()
                .map(c -> c.findElement(By.className("name")).getText())
                .toList();
    }

    private List<Double> scores() {
        return cards().stream()
                .map(c ->
                        Double.parseDouble(c.findElement(By.className("score")).getText()))
                .toList();
    }

    private long naturalWidth(String id) {
        return ((Number) js("return document.getElementById(arguments[0]).naturalWidth", id)).longValue();
    }

    private long naturalHeight(String id) {
        return ((Number) js("return document.getElementById(arguments[0]).naturalHeight", id)).longValue();
    }

    private void waitForThumbnails() {
        wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#results .card"), 0));
        wait.until(d -> Boolean.TRUE.equals(
                        js(
                                "return [...document.querySelectorAll('#results .thumb')].every(i => i.complete && i.naturalWidth > 0)"))
                || !errors().isEmpty());
        assertThat(errors()).as("errors shown while loading thumbnails").isEmpty();
    }

    /** Fires the same drag-and-drop events a user's drop does, carrying the file's bytes. */
    private void dropOnSearch(Path file) throws IOException {
        js(
                """
                const [base64, name, zone] = arguments;
                const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
                const transfer = new DataTransfer();
                transfer.items.add(new File([bytes], name, { type: 'image/png' }));
                for (const type of ['dragenter', 'dragover', 'drop']) {
                  zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
                }
                """,
                Base64.getEncoder().encodeToString(Files.readAllBytes(file)),
                file.getFileName().toString(),
                driver.findElement(By.id("search-drop")));
    }

    // ------------------------------------------------------------------ images

    private static final int IMAGE_WIDTH = 160;
    private static final int IMAGE_HEIGHT = 120;

    private Path png(String name, BufferedImage image) throws IOException {
        // One pixel from the name: each test's picture is its own, since the index answers a
        // picture it already holds with the entry (and file name) it has.
        image.setRGB(0, 0, name.hashCode() & 0xFFFFFF);
        Path path = dir.resolve(name);
        ImageIO.write(image, "png", path.toFile());
        return path;
    }

    private static BufferedImage redDisc() {
        BufferedImage image = canvas();
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, IMAGE_WIDTH, IMAGE_HEIGHT);
        g.setColor(new Color(220, 30, 30));
        g.fillOval(30, 10, 100, 100);
        g.dispose();
        return image;
    }

    private static BufferedImage blueGradient() {
        BufferedImage image = canvas();
        Graphics2D g = image.createGraphics();
        g.setPaint(
                new GradientPaint(0, 0, new Color(10, 20, 120), IMAGE_WIDTH, IMAGE_HEIGHT, new Color(120, 200, 255)));
        g.fillRect(0, 0, IMAGE_WIDTH, IMAGE_HEIGHT);
        g.dispose();
        return image;
    }

    private static BufferedImage greenChecks() {
        BufferedImage image = canvas();
        for (int y = 0; y < IMAGE_HEIGHT; y++) {
            for (int x = 0; x < IMAGE_WIDTH; x++) {
                boolean dark = ((x / 20) + (y / 20)) % 2 == 0;
                image.setRGB(x, y, dark ? 0x1E6B1E : 0xD8F0C8);
            }
        }
        return image;
    }

    private static BufferedImage canvas() {
        return new BufferedImage(IMAGE_WIDTH, IMAGE_HEIGHT, BufferedImage.TYPE_INT_RGB);
    }
}
