package dev.ferry.faultharness;

/** The report's last section: how each figure is obtained, so that a reader can tell what was measured. */
final class FigureMethods {

    private FigureMethods() {
    }

    static void append(StringBuilder md) {
        md.append("## How each figure is obtained\n\n");
        md.append("- *accepted*: submits answered 2xx with `x-bf-async-id`. Failed submits (connection refused or ")
                .append("reset by a killed gateway, 503 while Kafka fails over) are not accepted jobs; Kafka may still ")
                .append("hold them (\"present though the submit failed\"), which is allowed.\n");
        md.append("- *polls during the load*: every 300 ms the three newest accepted jobs and three older ones are ")
                .append("polled through each gateway, from the start of the load until it ended; each answer is kept ")
                .append("with its time and whether a 503 carried `Retry-After`. *From the kill until the killed ")
                .append("process served again* counts the answers, and the submits sent, in that stretch: for a ")
                .append("gateway until its /health answered 200, for a worker until it was up, for a broker until it ")
                .append("was back in the cluster with every replica in sync.\n");
        md.append("- *terminal / lost*: every accepted id is polled with `GET /v1/async/responses/{id}`, alternating ")
                .append("gateways, until it answers 200 (terminal) or the deadline passes.\n");
        md.append("- Once the mock has no call in flight and the worker group's lag is 0 (or after 60 s, whichever ")
                .append("comes first: the lag is then reported as it is), `jobs`, `job-events` and the dead-letter ")
                .append("topic are read to their end with a plain consumer. A job on `jobs` whose submit ")
                .append("failed counts as terminal there when it has a terminal event on `job-events`.\n");
        md.append("- *conflicting*: each terminal job is polled again through both gateways; it conflicts if the ")
                .append("answers differ (status or provider response id / error code) or differ from the job's first ")
                .append("terminal event on `job-events` (the store keeps the first). Several terminal events for one ")
                .append("job (a re-run after a crash) are allowed as long as the served state is that one.\n");
        md.append("- *provider calls per job*: the mock never fails here, so each run of a job is one `started` event ")
                .append("and one provider call; the mock's `GET /mock/stats` gives the total.\n");
        md.append("- *TTL*: a few jobs with `x-bf-async-job-result-ttl: 2` are polled through both gateways until 3 s ")
                .append("past their `expires_at`; by the harness clock, a 200 more than 1 s after expiry is a result ")
                .append("served after its TTL, a 404 more than 1 s before it an early expiry.\n");
    }
}
