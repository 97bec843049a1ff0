package io.radio4j.service.index.jobs;

import io.radio4j.service.ApiProblemException;
import io.radio4j.service.ImageInputs;
import io.radio4j.service.index.IndexUploads;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Indexing jobs over HTTP: start one for uploads or a folder ({@code POST /v1/index/jobs}, 202 with
 * the job), read it ({@code GET /v1/index/jobs/{id}}), or follow it as Server-Sent Events
 * ({@code GET /v1/index/jobs/{id}/events}): a {@code job} event with the job as it is (and, for a
 * folder job, another when its folder is listed: the total and every file, queued), an
 * {@code item} event per change of a file, and a {@code done} event with the finished job, after
 * which the stream ends. Thin: the work is in {@link IndexJobs}.
 */
@Path("/v1/index/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Image index", description = "RADIO-CLIP image search over a persistent index")
public class IndexJobResource {

    @Inject
    IndexJobs jobs;

    @Inject
    ImageInputs inputs;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(
            summary =
                    "Start indexing uploaded images (part 'file', repeatable) or a server-side folder (form field 'folder'); "
                            + "answers 202 with the job, followed at /v1/index/jobs/{id}/events")
    public Response start(@RestForm(IndexUploads.FILE_PART) List<FileUpload> files, @RestForm String folder) {
        List<FileUpload> present = IndexUploads.present(files);
        if (IndexUploads.isFolder(folder, present)) {
            return accepted(jobs.submitFolder(folder));
        }
        List<IndexJobs.Upload> uploads = new ArrayList<>();
        for (FileUpload file : present) {
            String name = IndexUploads.fileName(file);
            try {
                uploads.add(new IndexJobs.Upload(name, inputs.read(file), null));
            } catch (ApiProblemException e) {
                // One file over the byte limit fails alone; the others are still indexed.
                uploads.add(new IndexJobs.Upload(name, null, JobFailure.of(e.status(), e.detail())));
            }
        }
        return accepted(jobs.submitUploads(uploads));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary =
                    "Start indexing a server-side folder inside radio4j.index.allowed-roots: {\"folder\": \"/abs/path\"}")
    public Response startFolder(IndexUploads.FolderRequest request) {
        return accepted(jobs.submitFolder(request == null ? null : request.folder()));
    }

    @GET
    @Path("{id}")
    @Operation(
            summary =
                    "An indexing job: its state and every file's (queued, embedding, indexed or failed with a reason)")
    public JobView job(@RestPath String id) {
        return jobs.find(id);
    }

    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(
            summary =
                    "An indexing job as Server-Sent Events: 'job' (as it is; again when a folder is listed), 'item' per change, 'done' (finished), then the end")
    public void events(@RestPath String id, @Context SseEventSink sink, @Context Sse sse) {
        AtomicReference<Runnable> stop = new AtomicReference<>();
        JobListener listener = new JobListener() {
            @Override
            public void listed(JobView job) {
                send(sink, event(sse, "job", JobView.class, job), stop);
            }

            @Override
            public void item(JobItem item) {
                send(sink, event(sse, "item", JobItem.class, item), stop);
            }

            @Override
            public void finished(JobView job) {
                send(sink, event(sse, "done", JobView.class, job), stop).whenComplete((r, e) -> sink.close());
            }
        };
        // Unknown ids throw here, before anything is written: a 404 problem, not an empty stream.
        Runnable unsubscribe = jobs.follow(id, listener, view -> {
            send(sink, event(sse, "job", JobView.class, view), stop);
            if (view.state() == JobState.DONE) {
                send(sink, event(sse, "done", JobView.class, view), stop).whenComplete((r, e) -> sink.close());
            }
        });
        stop.set(unsubscribe);
    }

    private static <T> OutboundSseEvent event(Sse sse, String name, Class<T> type, T data) {
        return sse.newEventBuilder()
                .name(name)
                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(type, data)
                .build();
    }

    private static java.util.concurrent.CompletionStage<?> send(
            SseEventSink sink, OutboundSseEvent event, AtomicReference<Runnable> stop) {
        if (sink.isClosed()) {
            Runnable s = stop.get();
            if (s != null) {
                s.run(); // the client went away: stop telling it
            }
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        return sink.send(event);
    }

    private static Response accepted(JobView job) {
        return Response.accepted(job)
                .location(URI.create("/v1/index/jobs/" + job.id()))
                .build();
    }
}
