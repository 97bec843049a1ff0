package io.radio4j.service.index;

import io.radio4j.service.ApiProblemException;
import java.util.List;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * The multipart form both indexing routes take ({@code POST /v1/index} and {@code POST
 * /v1/index/jobs}): files in the repeatable part {@value #FILE_PART}, or a server-side folder in
 * the form field {@code folder}, never both. Stateless.
 */
public final class IndexUploads {

    /** The multipart part carrying files. */
    public static final String FILE_PART = "file";

    private static final int MAX_FILE_NAME_CHARS = 255;

    private IndexUploads() {}

    /** Body of the JSON form of both routes: a server-side folder inside {@code radio4j.index.allowed-roots}. */
    public record FolderRequest(String folder) {}

    /** The parts that carry a file (a form may name the part with nothing attached). */
    public static List<FileUpload> present(List<FileUpload> files) {
        return files == null
                ? List.of()
                : files.stream().filter(f -> f.uploadedFile() != null).toList();
    }

    /**
     * Whether the form asks for a folder.
     *
     * @throws ApiProblemException 400 if it gives both a folder and files
     */
    public static boolean isFolder(String folder, List<FileUpload> present) {
        if (folder == null || folder.isBlank()) {
            return false;
        }
        if (!present.isEmpty()) {
            throw ApiProblemException.badRequest("send either files or 'folder', not both");
        }
        return true;
    }

    /** The image's name: browsers and clients may send a path, and only its last segment names the image. */
    public static String fileName(FileUpload f) {
        String name = f.fileName() == null ? "" : f.fileName();
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1)
                .strip();
        if (name.isEmpty()) {
            name = "upload";
        }
        return name.length() > MAX_FILE_NAME_CHARS ? name.substring(0, MAX_FILE_NAME_CHARS) : name;
    }
}
