package dev.ferry.faultharness;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one scenario: deploys Ferry on fresh topics, waits until the cluster has settled, submits at a fixed rate,
 * injects the scenario's fault 40 % into the load, audits, and kills the scenario's Ferry processes.
 */
final class ScenarioRunner {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(150);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(90);
    private static final String UNKNOWN_JOB = "/v1/async/responses/00000000-0000-4000-8000-000000000000";

    private final ClusterProcesses cluster;
    private final HarnessHttp http;
    private final ObjectMapper mapper;
    private final HarnessOptions options;
    private final PrintStream progress;

    ScenarioRunner(ClusterProcesses cluster, HarnessHttp http, ObjectMapper mapper, HarnessOptions options,
            PrintStream progress) {
        this.cluster = cluster;
        this.http = http;
        this.mapper = mapper;
        this.options = options;
        this.progress = progress;
    }

    ScenarioResult run(Scenario scenario) {
        long started = System.nanoTime();
        List<FaultEvent> faults = new ArrayList<>();
        FerryDeployment deployment = null;
        PollWatcher watcher = null;
        try {
            Duration latency = scenario == Scenario.WORKER_KILL ? options.workerKillLatency() : options.latency();
            say(scenario, "starting the mock provider, 2 gateways and 2 workers on fresh topics");
            deployment = cluster.deployment("scenario-" + scenario.id(), latency);
            deployment.start(READY_TIMEOUT);
            awaitSettled(deployment);
            say(scenario, String.format("load: %.0f jobs/s for %d s", options.ratePerSecond(),
                    options.load().toSeconds()));
            OpenLoopSubmitter submitter = new OpenLoopSubmitter(http, deployment.gatewayUris(),
                    options.ratePerSecond(), "fh-" + scenario.id());
            long loadStart = submitter.start(options.load());
            watcher = new PollWatcher(http, deployment.gatewayUris(), submitter.ledger(), loadStart).start();
            faults.add(inject(scenario, deployment, submitter, loadStart));
            say(scenario, "fault: " + faults.get(0));
            submitter.awaitDone(options.load().plusSeconds(60));
            long loadEnded = System.nanoTime();
            watcher.stop();
            say(scenario, "auditing " + submitter.ledger().accepted().size() + " accepted jobs");
            AuditResult audit = new Audit(http, mapper, cluster.probe(), cluster.bootstrapServers()).run(deployment,
                    submitter.ledger(), loadEnded, faults.get(0).ownedPartitions(), new Audit.Settings(options.livenessTimeout(),
                            Duration.ofSeconds(60), options.ttlJobs()));
            say(scenario, "accepted " + audit.accepted() + ", terminal " + audit.terminal() + ", lost "
                    + audit.lost() + ", conflicting " + audit.conflicting());
            FaultEvent fault = faults.get(0);
            FaultWindow duringFault = new FaultWindow(watcher.tallyBetween(fault.atSeconds(), fault.endSeconds()),
                    submitter.ledger().between(fault.atSeconds(), fault.endSeconds()));
            return new ScenarioResult(scenario, deployment.startupFailures(), faults, watcher.tally(),
                    watcher.notFoundSamples(), duringFault, audit, (System.nanoTime() - started) / 1e9, null);
        } catch (Exception | Error e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            e.printStackTrace(progress);
            return ScenarioResult.failed(scenario, deployment == null ? List.of() : deployment.startupFailures(),
                    faults, (System.nanoTime() - started) / 1e9, e);
        } finally {
            try {
                if (watcher != null) {
                    watcher.stop();
                }
                if (deployment != null) {
                    deployment.destroy();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private FaultEvent inject(Scenario scenario, FerryDeployment deployment, OpenLoopSubmitter submitter,
            long loadStart) throws Exception {
        Faults faults = new Faults(cluster, http, mapper, options.restartDelay());
        Duration at = Duration.ofMillis(options.load().toMillis() * 2 / 5);
        return switch (scenario) {
            case WORKER_KILL -> faults.killWorker(deployment, loadStart, at);
            case GATEWAY_KILL -> faults.killGatewayAfterAck(deployment, submitter, loadStart, at);
            case BROKER_KILL -> faults.killPartitionLeader(deployment, loadStart, at);
        };
    }

    /**
     * Waits until both gateways answer 404 for an unknown job (their stores run and know where every partition is) and
     * both workers own partitions, so the fault hits a cluster in its steady state.
     */
    private void awaitSettled(FerryDeployment deployment) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean gatewaysAnswer = deployment.gatewayUris().stream()
                    .allMatch(uri -> http.get(uri.resolve(URI.create(UNKNOWN_JOB))).status() == 404);
            if (gatewaysAnswer && cluster.probe().groupStable(deployment.topics().workerGroup(), 2)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the deployment did not settle within " + SETTLE_TIMEOUT.toSeconds()
                + " s (gateways answering, both workers owning partitions)");
    }

    private void say(Scenario scenario, String message) {
        progress.printf("[fault-harness %s] %s%n", scenario.id(), message);
        progress.flush();
    }
}
