package dev.ferry.ingress.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.config.Secret;
import dev.ferry.core.error.FerryException;
import dev.ferry.core.job.JobId;
import dev.ferry.core.job.JobRecord;
import dev.ferry.core.lookup.JobLookup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * {@code GET /internal/v1/jobs/{id}?owner=…}: another Ferry instance asks for a job whose store partition is active
 * here, on behalf of the principal {@code owner}; {@code GET /internal/v1/standby-jobs/{id}?owner=…} asks this
 * instance's standby copy when the active host did not answer. Both answer from this instance only (never forwarding
 * again) with the job record if {@code owner} may see it, else as for an unknown id (the standby route with a 503,
 * since a copy cannot tell). With a cluster token configured the caller must present it; with credentials on and no
 * token, the routes are closed.
 */
final class InternalRoutes {

    static final String PREFIX = "/internal/";
    private static final String TOKEN_HEADER = "x-ferry-cluster-token";

    private final JobLookup local;
    private final JobLookup standby;
    private final Optional<Secret> clusterToken;
    private final boolean authenticationOn;
    private final ObjectMapper mapper;

    InternalRoutes(
            JobLookup local,
            JobLookup standby,
            Optional<Secret> clusterToken,
            boolean authenticationOn,
            ObjectMapper mapper) {
        this.local = local;
        this.standby = standby;
        this.clusterToken = clusterToken;
        this.authenticationOn = authenticationOn;
        this.mapper = mapper;
    }

    void register(RoutesConfig routes) {
        routes.get(PREFIX + "v1/jobs/{job_id}", ctx -> answer(ctx, local));
        routes.get(PREFIX + "v1/standby-jobs/{job_id}", ctx -> answer(ctx, standby));
    }

    private void answer(Context ctx, JobLookup lookup) {
        requireClusterToken(ctx.header(TOKEN_HEADER));
        String jobId = ctx.pathParam("job_id");
        String owner = ctx.queryParam("owner");
        if (!JobId.isValid(jobId) || owner == null || owner.isEmpty()) {
            throw new FerryException.JobNotFound();
        }
        Lookups.answer(ctx, () -> lookup.find(jobId, owner).thenAccept(found -> ctx.contentType("application/json")
                .result(job(found.orElseThrow(FerryException.JobNotFound::new)))));
    }

    private byte[] job(JobRecord job) {
        try {
            return mapper.writeValueAsBytes(job);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For other internal routes: refuses a caller without the cluster token. */
    void requireClusterToken(Context ctx) {
        requireClusterToken(ctx.header(TOKEN_HEADER));
    }

    private void requireClusterToken(String presented) {
        if (clusterToken.isEmpty()) {
            if (authenticationOn) {
                throw new FerryException.AuthenticationFailed("forwarded lookups need FERRY_CLUSTER_TOKEN");
            }
            return;
        }
        byte[] expected = clusterToken.get().value().getBytes(StandardCharsets.UTF_8);
        byte[] actual = presented == null ? new byte[0] : presented.getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new FerryException.AuthenticationFailed("invalid cluster token");
        }
    }
}
