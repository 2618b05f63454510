package dev.ferry.faultharness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * A job as one poll of {@code GET /v1/async/responses/{id}} showed it: the HTTP status (200 terminal, 202 pending,
 * 404 not found, 503 store unavailable, -1 no answer), the job status and what identifies its outcome: the provider's
 * response id for a completed job, the error code for a failed one.
 */
record JobView(int httpStatus, String status, String outcome) {

    static final String PATH = "/v1/async/responses/";

    boolean terminal() {
        return httpStatus == 200;
    }

    /** The same visible outcome: status and result. */
    boolean sameOutcome(JobView other) {
        return status.equals(other.status) && outcome.equals(other.outcome);
    }

    static JobView parse(HarnessHttp.Answer answer, ObjectMapper mapper) {
        if (answer.status() != 200 && answer.status() != 202) {
            return new JobView(answer.status(), "", "");
        }
        try {
            JsonNode body = mapper.readTree(answer.body());
            String status = body.path("status").asText("");
            String outcome = "completed".equals(status)
                    ? body.path("result").path("id").asText("")
                    : body.path("error").path("code").asText("");
            return new JobView(answer.status(), status, outcome);
        } catch (IOException e) {
            return new JobView(answer.status(), "unparsable", "");
        }
    }

    @Override
    public String toString() {
        return httpStatus + (status.isEmpty() ? "" : " " + status) + (outcome.isEmpty() ? "" : " " + outcome);
    }
}
