package io.radio4j.service.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radio4j.service.index.internal.ImageFileStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFileStoreTest {

    @TempDir
    Path dir;

    private static IndexedImage image(String id, String name) {
        return new IndexedImage(id, name, "image/png", 3, 2, 4, IndexedImage.imageUrlOf(id));
    }

    @Test
    void should_list_an_image_only_once_it_is_described_and_forget_it_on_delete() throws IOException {
        ImageFileStore store = new ImageFileStore(dir);
        String id = UUID.randomUUID().toString();
        store.putBytes(id, new byte[] {1, 2, 3, 4});
        assertThat(store.find(id)).isEmpty();
        assertThat(store.bytes(id)).isEmpty();
        assertThat(store.list()).isEmpty();

        store.describe(image(id, "b.png"));
        String other = UUID.randomUUID().toString();
        store.putBytes(other, new byte[] {9});
        store.describe(image(other, "a.png"));

        assertThat(store.find(id)).contains(image(id, "b.png"));
        assertThat(store.bytes(id)).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3, 4));
        assertThat(store.list()).extracting(IndexedImage::fileName).containsExactly("a.png", "b.png");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp-"));
        }

        assertThat(store.delete(id)).isTrue();
        assertThat(store.delete(id)).isFalse();
        assertThat(store.find(id)).isEmpty();
        assertThat(new ImageFileStore(dir).list()).extracting(IndexedImage::id).containsExactly(other);
    }

    @Test
    void should_refuse_ids_that_are_not_canonical_uuids() {
        ImageFileStore store = new ImageFileStore(dir);
        for (String bad : new String[] {
            "../x", "..", "a/b", "", "0-0-0-0-0", UUID.randomUUID().toString().toUpperCase()
        }) {
            assertThat(ImageFileStore.isValidId(bad)).as(bad).isFalse();
            assertThat(store.find(bad)).isEmpty();
            assertThat(store.delete(bad)).isFalse();
            assertThatThrownBy(() -> store.putBytes(bad, new byte[1])).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(ImageFileStore.isValidId(null)).isFalse();
    }

    @Test
    void should_sweep_what_a_crash_left_and_keep_complete_entries() throws IOException {
        ImageFileStore store = new ImageFileStore(dir);
        String complete = UUID.randomUUID().toString();
        store.putBytes(complete, new byte[] {1});
        store.describe(image(complete, "kept.png"));
        String undescribed = UUID.randomUUID().toString();
        store.putBytes(undescribed, new byte[] {2}); // killed after the bytes, before the vector was acknowledged
        String bytesGone = UUID.randomUUID().toString();
        Files.writeString(dir.resolve(bytesGone + ".json"), "{}"); // killed between the two deletes
        Path temp = dir.resolve(complete + ".img.tmp-" + UUID.randomUUID()); // killed mid-write
        Files.write(temp, new byte[] {3});

        assertThat(store.sweep()).containsExactlyInAnyOrder(undescribed, bytesGone);

        assertThat(temp).doesNotExist();
        assertThat(dir.resolve(undescribed + ".img")).doesNotExist();
        assertThat(dir.resolve(bytesGone + ".json")).doesNotExist();
        assertThat(store.list()).extracting(IndexedImage::id).containsExactly(complete);
        assertThat(store.sweep()).isEmpty();
    }
}
