package io.radio4j.service.index;

import io.radio4j.service.ApiProblemException;
import io.radio4j.service.ImageInputs;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * The image index over HTTP: index uploads or a server-side folder, search by text or by image,
 * fetch, list and delete. Thin: the work is in {@link ImageIndexService}.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Image index", description = "RADIO-CLIP image search over a persistent index")
public class IndexResource {

    @Inject
    ImageIndexService index;

    @Inject
    ImageInputs inputs;

    /** Answer of {@code POST /v1/index}: what was indexed, and any files that were not. */
    public record IndexResponse(List<IndexedImage> indexed, List<ImageIndexService.Failure> failed) {}

    /** Answer of the searches, best first. */
    public record SearchResponse(List<SearchHit> results) {}

    /**
     * Answer of {@code GET /v1/index}.
     *
     * @param count every indexed image (not only this page)
     * @param offset where this page starts in the listing (by file name, then id)
     * @param items this page
     */
    public record ListResponse(int count, int offset, List<IndexedImage> items) {}

    /** Most entries in one page of {@code GET /v1/index}. */
    static final int MAX_PAGE = 1000;

    @POST
    @Path("index")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(
            summary = "Index uploaded images (part 'file', repeatable), or a server-side folder (form field 'folder')")
    public IndexResponse index(@RestForm(IndexUploads.FILE_PART) List<FileUpload> files, @RestForm String folder) {
        List<FileUpload> present = IndexUploads.present(files);
        if (IndexUploads.isFolder(folder, present)) {
            return answer(index.indexFolder(folder));
        }
        List<ImageIndexService.Upload> uploads = present.stream()
                .map(f -> new ImageIndexService.Upload(IndexUploads.fileName(f), inputs.read(f)))
                .toList();
        return answer(index.indexUploads(uploads));
    }

    @POST
    @Path("index")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary =
                    "Index the images of a server-side folder inside radio4j.index.allowed-roots: {\"folder\": \"/abs/path\"}")
    public IndexResponse indexFolder(IndexUploads.FolderRequest request) {
        return answer(index.indexFolder(request == null ? null : request.folder()));
    }

    private static IndexResponse answer(ImageIndexService.IndexResult result) {
        return new IndexResponse(result.indexed(), result.failed());
    }

    @GET
    @Path("index")
    @Operation(
            summary =
                    "List the indexed images by file name; paged with offset (default 0) and limit (default all, at most 1000)")
    public ListResponse list(@RestQuery String offset, @RestQuery String limit) {
        List<IndexedImage> all = index.list();
        Integer from = parseInt("offset", offset);
        Integer size = parseInt("limit", limit);
        int start = from == null ? 0 : from;
        if (start < 0 || (size != null && (size < 1 || size > MAX_PAGE))) {
            throw ApiProblemException.unprocessable("'offset' must be >= 0 and 'limit' between 1 and " + MAX_PAGE
                    + ", got " + offset + " and " + limit);
        }
        int end = size == null ? all.size() : (int) Math.min(all.size(), (long) start + size);
        return new ListResponse(all.size(), start, start >= all.size() ? List.of() : all.subList(start, end));
    }

    private static Integer parseInt(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw ApiProblemException.badRequest("'" + name + "' must be an integer, got '" + value + "'");
        }
    }

    @GET
    @Path("index/{id}")
    @Operation(summary = "Describe one indexed image")
    public IndexedImage describe(@RestPath String id) {
        return index.find(id);
    }

    @GET
    @Path("index/{id}/image")
    @Produces("image/*")
    @Operation(summary = "The stored bytes of an indexed image")
    public Response image(@RestPath String id) {
        IndexedImage image = index.find(id);
        return Response.ok(index.imageBytes(id), image.mimeType()).build();
    }

    @DELETE
    @Path("index/{id}")
    @Operation(summary = "Remove an image from the index")
    public Response delete(@RestPath String id) {
        index.delete(id);
        return Response.noContent().build();
    }

    @GET
    @Path("search")
    @Operation(summary = "Images best matching a text (RADIO-CLIP), best first")
    public SearchResponse search(@RestQuery String q, @RestQuery String k) {
        return new SearchResponse(index.searchText(q, parseK(k)));
    }

    @POST
    @Path("search")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Images most similar to an uploaded image (part 'file'), best first")
    public SearchResponse searchByImage(@RestForm(IndexUploads.FILE_PART) List<FileUpload> files, @RestQuery String k) {
        List<FileUpload> present = IndexUploads.present(files);
        if (present.size() != 1) {
            throw ApiProblemException.badRequest(
                    "send exactly one image in multipart part '" + IndexUploads.FILE_PART + "', got " + present.size());
        }
        return new SearchResponse(index.searchImage(inputs.read(present.getFirst()), parseK(k)));
    }

    // A String parameter: JAX-RS would answer an unparsable Integer with a bare 404.
    private static Integer parseK(String k) {
        if (k == null || k.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(k.trim());
        } catch (NumberFormatException e) {
            throw ApiProblemException.badRequest("'k' must be an integer, got '" + k + "'");
        }
    }
}
