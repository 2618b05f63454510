package dev.ferry.faultharness;

import java.util.Optional;
import java.util.function.Function;

/**
 * The invariants of {@code reliability.md} §2.2 that the audit can judge, each as a check of one scenario's result.
 * A check returns empty when the invariant holds, else what broke it.
 */
enum Invariant {
    I1_ACCEPT_DURABLE("I1 accept ⇒ durable", (r) -> {
        AuditResult a = r.audit();
        return a.acceptedMissingFromJobsTopic() == 0 ? Optional.empty()
                : Optional.of(a.acceptedMissingFromJobsTopic() + " accepted jobs are not on the jobs topic");
    }),
    NO_404_FOR_ACCEPTED("no 404 for an accepted job (README read-your-writes)", (r) -> {
        int notFound = r.audit().notFoundAnswers() + r.result().polls().count(PollTally.NOT_FOUND);
        return notFound == 0 ? Optional.empty()
                : Optional.of(notFound + " polls of accepted, unexpired jobs answered 404");
    }),
    I2_LIVENESS("I2 liveness: every accepted job terminal", (r) -> {
        AuditResult a = r.audit();
        return a.lost() == 0 ? Optional.empty() : Optional.of(a.lost() + " accepted jobs never became terminal");
    }),
    I3_ONE_TERMINAL_STATE("I3 exactly one visible terminal state", (r) -> {
        AuditResult a = r.audit();
        return a.conflicting() == 0 ? Optional.empty()
                : Optional.of(a.servedConflicts() + " jobs served with changing outcomes, "
                        + a.servedDiffersFromFirstEvent() + " served another outcome than their first terminal event");
    }),
    I4_BOUNDED_CALLS("I4 provider calls per job ≤ attempts + crashes", (r) -> {
        AuditResult a = r.audit();
        int bound = r.attemptLimit() + r.result().crashes();
        return a.maxStartedPerJob() <= bound ? Optional.empty()
                : Optional.of("a job was run " + a.maxStartedPerJob() + " times (bound " + bound + ")");
    }),
    I5_TTL("I5 nothing served after its TTL", (r) -> {
        TtlProbe.Result t = r.audit().ttl();
        if (t.servedAfterExpiry() > 0 || t.earlyExpiry() > 0 || t.goneAtEnd() < t.expiredChecked()
                || t.expiredChecked() < t.jobs()) {
            return Optional.of(t.servedAfterExpiry() + " polls served after expiry, " + t.earlyExpiry()
                    + " early 404s, " + (t.expiredChecked() - t.goneAtEnd()) + " jobs still served at the end, "
                    + (t.jobs() - t.expiredChecked()) + " TTL jobs never seen terminal");
        }
        return Optional.empty();
    }),
    I7_NO_PHANTOMS("I7 no events for jobs never submitted", (r) -> {
        AuditResult a = r.audit();
        return a.phantomEventJobs() == 0 ? Optional.empty()
                : Optional.of(a.phantomEventJobs() + " job ids have events but are not on the jobs topic");
    }),
    I8_RECOVERY("I8 recovery: worker lag drains to 0", (r) -> {
        AuditResult a = r.audit();
        return a.workerLag().orElse(-1L) == 0 ? Optional.empty()
                : Optional.of("worker group lag at the end: " + a.workerLag().map(String::valueOf).orElse("unknown"));
    });

    /** What a check needs: the scenario's result and the attempt limit in force. */
    record Subject(ScenarioResult result, int attemptLimit) {
        AuditResult audit() {
            return result.audit();
        }
    }

    private final String title;
    private final Function<Subject, Optional<String>> check;

    Invariant(String title, Function<Subject, Optional<String>> check) {
        this.title = title;
        this.check = check;
    }

    String title() {
        return title;
    }

    /** Empty when the invariant holds for this scenario, else the violation; a scenario that was not audited fails. */
    Optional<String> violation(ScenarioResult result, int attemptLimit) {
        if (!result.audited()) {
            return Optional.of("not audited: " + result.harnessError());
        }
        return check.apply(new Subject(result, attemptLimit));
    }
}
