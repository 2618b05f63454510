package dev.ferry.faultharness;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One Ferry process in its own JVM: {@code dev.ferry.app.Launcher ingress|worker|mock-provider}, configured only by
 * environment variables (and the mock provider's flags). Readiness: a gateway answers {@code GET /health} with 200
 * once its job store runs, the mock answers {@code GET /mock/stats}, a worker prints "Ferry is up".
 */
final class FerryProcess {

    enum Kind { GATEWAY, WORKER, MOCK_PROVIDER }

    private static final String UP_LINE = "Ferry is up";

    private final Kind kind;
    private final int port;
    private final ChildJvm jvm;
    private final HarnessHttp http;
    private int upLinesBeforeStart;

    private FerryProcess(Kind kind, int port, ChildJvm jvm, HarnessHttp http) {
        this.kind = kind;
        this.port = port;
        this.jvm = jvm;
        this.http = http;
    }

    static FerryProcess gateway(String name, int port, Map<String, String> env, JvmSpec spec, Path log,
            ProcessRegistry registry, HarnessHttp http) {
        return new FerryProcess(Kind.GATEWAY, port,
                new ChildJvm(name, spec, List.of("dev.ferry.app.Launcher", "ingress"), env, log, registry), http);
    }

    static FerryProcess worker(String name, Map<String, String> env, JvmSpec spec, Path log,
            ProcessRegistry registry, HarnessHttp http) {
        return new FerryProcess(Kind.WORKER, -1,
                new ChildJvm(name, spec, List.of("dev.ferry.app.Launcher", "worker"), anyManagementPort(env), log,
                        registry), http);
    }

    /** The webhooks role; ready once it prints that Ferry is up, like a worker. */
    static FerryProcess webhooks(String name, Map<String, String> env, JvmSpec spec, Path log,
            ProcessRegistry registry, HarnessHttp http) {
        return new FerryProcess(Kind.WORKER, -1,
                new ChildJvm(name, spec, List.of("dev.ferry.app.Launcher", "webhooks"), anyManagementPort(env), log,
                        registry), http);
    }

    /** Several processes without ingress share this host: each takes a free port for its management listener. */
    private static Map<String, String> anyManagementPort(Map<String, String> env) {
        Map<String, String> withPort = new java.util.HashMap<>(env);
        withPort.putIfAbsent("FERRY_MANAGEMENT_PORT", "0");
        return withPort;
    }

    static FerryProcess mockProvider(String name, int port, Duration latency, JvmSpec spec, Path log,
            ProcessRegistry registry, HarnessHttp http) {
        List<String> args = new ArrayList<>(List.of("dev.ferry.app.Launcher", "mock-provider",
                "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--latency-ms", Long.toString(latency.toMillis())));
        return new FerryProcess(Kind.MOCK_PROVIDER, port, new ChildJvm(name, spec, args, Map.of(), log, registry),
                http);
    }

    String name() {
        return jvm.name();
    }

    ChildJvm jvm() {
        return jvm;
    }

    /** {@code http://127.0.0.1:port}, for gateways and the mock provider. */
    URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    FerryProcess start() throws IOException {
        upLinesBeforeStart = jvm.logCount(UP_LINE);
        jvm.start();
        return this;
    }

    /** Waits until this process serves; fails if it exits first or the timeout passes. */
    void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            jvm.requireAlive();
            if (isReady()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name() + " was not ready within " + timeout.toSeconds() + " s; log "
                + jvm.log() + ":\n" + jvm.logTail());
    }

    private boolean isReady() {
        return switch (kind) {
            case GATEWAY -> http.get(baseUri().resolve("/health")).status() == 200;
            case MOCK_PROVIDER -> http.get(baseUri().resolve("/mock/stats")).status() == 200;
            case WORKER -> jvm.logCount(UP_LINE) > upLinesBeforeStart;
        };
    }

    void kill() throws InterruptedException {
        jvm.kill();
    }

}
