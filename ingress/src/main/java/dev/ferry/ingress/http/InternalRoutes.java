package dev.ferry.ingress.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.config.Secret;
import dev.ferry.core.error.FerryException;
import dev.ferry.core.job.JobId;
import dev.ferry.core.lookup.JobLookup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * {@code GET /internal/v1/jobs/{id}}: another Ferry instance asks for a job whose store partition lives here. It
 * answers from this instance's own partitions only (never forwarding again) with the full job record; the asking
 * instance checks ownership. With a cluster token configured the caller must present it; with credentials on and no
 * token, the route is closed.
 */
final class InternalRoutes {

    static final String PREFIX = "/internal/";
    private static final String TOKEN_HEADER = "x-ferry-cluster-token";

    private final JobLookup local;
    private final Optional<Secret> clusterToken;
    private final boolean authenticationOn;
    private final ObjectMapper mapper;

    InternalRoutes(JobLookup local, Optional<Secret> clusterToken, boolean authenticationOn, ObjectMapper mapper) {
        this.local = local;
        this.clusterToken = clusterToken;
        this.authenticationOn = authenticationOn;
        this.mapper = mapper;
    }

    void register(RoutesConfig routes) {
        routes.get(PREFIX + "v1/jobs/{job_id}", this::job);
    }

    private void job(Context ctx) throws Exception {
        requireClusterToken(ctx.header(TOKEN_HEADER));
        String jobId = ctx.pathParam("job_id");
        if (!JobId.isValid(jobId)) {
            throw new FerryException.JobNotFound();
        }
        var job = local.find(jobId).orElseThrow(FerryException.JobNotFound::new);
        ctx.contentType("application/json").result(mapper.writeValueAsBytes(job));
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
