package io.radio4j.service.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radio4j.service.ApiProblemException;
import io.radio4j.service.index.internal.FolderPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which server-side folders the index may read, decided before anything is listed. */
class FolderPolicyTest {

    @TempDir
    Path base;

    private static int refusal(FolderPolicy policy, String folder) {
        try {
            policy.check(folder);
        } catch (ApiProblemException e) {
            return e.status();
        }
        throw new AssertionError(folder + " was allowed");
    }

    @Test
    void should_allow_a_folder_inside_a_root_and_give_the_way_down_from_it() throws IOException {
        Path root = Files.createDirectories(base.resolve("root"));
        Files.createDirectories(root.resolve("a/b"));
        FolderPolicy.AllowedFolder allowed =
                new FolderPolicy(List.of(root)).check(root.resolve("a/./b").toString());
        assertThat(allowed.segments()).containsExactly("a", "b");
        assertThat(allowed.realRoot()).isEqualTo(root.toRealPath());
        assertThat(new FolderPolicy(List.of(root)).check(root.toString()).segments())
                .isEmpty();
    }

    @Test
    void should_refuse_without_roots_blank_relative_missing_and_non_folders() throws IOException {
        Path root = Files.createDirectories(base.resolve("root"));
        Files.writeString(root.resolve("file.png"), "x");
        FolderPolicy policy = new FolderPolicy(List.of(root));
        assertThat(refusal(new FolderPolicy(List.of()), root.toString())).isEqualTo(403);
        assertThat(refusal(policy, " ")).isEqualTo(400);
        assertThat(refusal(policy, "root/a")).isEqualTo(422);
        assertThat(refusal(policy, root.resolve("missing").toString())).isEqualTo(422);
        assertThat(refusal(policy, root.resolve("file.png").toString())).isEqualTo(422);
    }

    @Test
    void should_refuse_escapes_by_dot_dot_and_by_symbolic_link() throws IOException {
        Path root = Files.createDirectories(base.resolve("root"));
        Path outside = Files.createDirectories(base.resolve("outside"));
        Files.createSymbolicLink(root.resolve("link"), outside);
        FolderPolicy policy = new FolderPolicy(List.of(root));
        assertThat(refusal(policy, root + "/../outside")).isEqualTo(403);
        assertThat(refusal(policy, outside.toString())).isEqualTo(403);
        assertThatThrownBy(() -> policy.check(root.resolve("link").toString()))
                .isInstanceOfSatisfying(
                        ApiProblemException.class,
                        e -> assertThat(e.detail()).contains("outside radio4j.index.allowed-roots"));
    }
}
