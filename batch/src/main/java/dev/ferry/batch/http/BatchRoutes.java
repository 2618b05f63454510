package dev.ferry.batch.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.batch.BatchWriter;
import dev.ferry.batch.Pause;
import dev.ferry.core.batch.BatchLookup;
import dev.ferry.core.config.BatchSettings;
import dev.ferry.core.kafka.KafkaClientProperties;
import dev.ferry.ingress.http.RouteTools;
import dev.ferry.ingress.jobs.JobControls;
import io.javalin.config.RoutesConfig;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/** Every batch route: the Files API, the Batch API and the internal reads other instances forward. */
public final class BatchRoutes {

    private final FilesRoutes files;
    private final BatchesRoutes batches;
    private final InternalBatchRoutes internal;
    private Consumer<RouteTools> onRegistered = tools -> { };

    public BatchRoutes(BatchSettings settings, KafkaClientProperties kafka, int filesPartitions, BatchWriter writer,
            BatchLookup lookup, BatchLookup localLookup, JobControls controls, ObjectMapper mapper,
            ObjectMapper payloads, int partitions, ExecutorService transfers, Clock clock, long minUploadRate) {
        BatchViews views = new BatchViews(payloads);
        this.files = new FilesRoutes(settings, kafka, filesPartitions, writer, lookup,
                new OutputFiles(lookup, payloads, partitions, Pause.sleeping()), views, new Transfers(transfers),
                clock, minUploadRate);
        this.batches = new BatchesRoutes(settings, writer, lookup, controls, views, payloads, clock);
        this.internal = new InternalBatchRoutes(localLookup, mapper);
    }

    /** Called with ingress's tools when the routes are registered. */
    public void onRegistered(Consumer<RouteTools> listener) {
        this.onRegistered = listener;
    }

    public void register(RoutesConfig routes, RouteTools tools) {
        files.register(routes, tools);
        batches.register(routes, tools);
        internal.register(routes, tools);
        onRegistered.accept(tools);
    }
}
