package io.radio4j.service.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radio4j.service.index.internal.ConfinedFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files under an allowed root are listed and read without following links, even when a link is swapped in meanwhile. */
class ConfinedFolderTest {

    private static final byte[] INSIDE = "inside".getBytes();
    private static final byte[] SECRET = "secret".getBytes();

    @TempDir
    Path base;

    private Path root;
    private Path outside;

    private void tree() throws IOException {
        root = Files.createDirectories(base.resolve("root"));
        outside = Files.createDirectories(base.resolve("outside"));
        Files.createDirectories(root.resolve("sub"));
        Files.write(root.resolve("sub/a.png"), INSIDE);
        Files.write(outside.resolve("a.png"), SECRET);
        Files.write(outside.resolve("b.png"), SECRET);
    }

    @Test
    void lists_regular_files_and_skips_links_to_folders_and_files() throws IOException {
        tree();
        Files.createSymbolicLink(root.resolve("escape"), outside);
        Files.createSymbolicLink(root.resolve("b.png"), outside.resolve("b.png"));
        ConfinedFolder folder = new ConfinedFolder(root);
        List<ConfinedFolder.Entry> found = folder.list(List.of(), n -> n.endsWith(".png"), 10);
        assertThat(found).extracting(e -> String.join("/", e.segments())).containsExactly("sub/a.png");
        assertThat(folder.read(found.getFirst(), 100)).isEqualTo(INSIDE);
        assertThatThrownBy(() -> folder.list(List.of("escape"), n -> true, 10)).isInstanceOf(IOException.class);
    }

    @Test
    void a_folder_swapped_for_a_link_after_listing_is_refused_at_read_time() throws IOException {
        tree();
        ConfinedFolder folder = new ConfinedFolder(root);
        ConfinedFolder.Entry a = folder.list(List.of(), n -> true, 10).getFirst();
        Files.move(root.resolve("sub"), base.resolve("sub-aside"));
        Files.createSymbolicLink(root.resolve("sub"), outside);
        assertThatThrownBy(() -> folder.read(a, 100)).isInstanceOf(IOException.class);
    }

    @Test
    void a_file_swapped_for_a_link_after_listing_is_refused_at_read_time() throws IOException {
        tree();
        ConfinedFolder folder = new ConfinedFolder(root);
        ConfinedFolder.Entry a = folder.list(List.of(), n -> true, 10).getFirst();
        Files.delete(root.resolve("sub/a.png"));
        Files.createSymbolicLink(root.resolve("sub/a.png"), outside.resolve("a.png"));
        assertThatThrownBy(() -> folder.read(a, 100)).isInstanceOf(IOException.class);
    }

    @Test
    void refuses_a_file_over_the_limit() throws IOException {
        tree();
        ConfinedFolder folder = new ConfinedFolder(root);
        ConfinedFolder.Entry a = folder.list(List.of(), n -> true, 10).getFirst();
        assertThatThrownBy(() -> folder.read(a, 3)).isInstanceOf(ConfinedFolder.TooLargeException.class);
    }

    /** A link swapped back and forth while listing and reading: nothing from outside is ever read. */
    @Test
    void never_reads_outside_while_a_link_is_swapped_back_and_forth() throws Exception {
        tree();
        Path link = Files.createSymbolicLink(base.resolve("link-sub"), outside);
        AtomicBoolean stop = new AtomicBoolean();
        List<Throwable> swapFailures = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread swapper = Thread.ofPlatform().start(() -> {
            Path sub = root.resolve("sub");
            Path aside = base.resolve("aside");
            while (!stop.get()) {
                try {
                    Files.move(sub, aside, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(link, sub, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(sub, link, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(aside, sub, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    swapFailures.add(e);
                    return;
                }
            }
        });
        ConfinedFolder folder = new ConfinedFolder(root);
        try {
            for (int i = 0; i < 2000; i++) {
                List<ConfinedFolder.Entry> found;
                try {
                    found = folder.list(List.of(), n -> true, 10);
                } catch (IOException e) {
                    continue;
                }
                for (ConfinedFolder.Entry e : found) {
                    try {
                        assertThat(folder.read(e, 100)).isEqualTo(INSIDE);
                    } catch (IOException refused) {
                        // a link stood in the way: refused, never followed
                    }
                }
            }
        } finally {
            stop.set(true);
            swapper.join();
        }
        assertThat(swapFailures).isEmpty();
        // Each swap cycle ends with the real folder back in place: reading works again.
        assertThat(folder.read(folder.list(List.of(), n -> true, 10).getFirst(), 100))
                .isEqualTo(INSIDE);
    }
}
