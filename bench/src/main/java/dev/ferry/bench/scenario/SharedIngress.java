package dev.ferry.bench.scenario;

import dev.ferry.app.FerryNode;
import dev.ferry.app.Role;
import dev.ferry.bench.system.BenchEnvironment;
import java.util.EnumSet;

/**
 * The Ferry node the submit, poll and sync scenarios load: ingress and its job store, no worker (the worker is
 * measured on its own), calling the zero-latency mock for synchronous requests. Started on first use.
 */
public final class SharedIngress implements AutoCloseable {

    private final BenchEnvironment env;
    private FerryNode node;

    SharedIngress(BenchEnvironment env) {
        this.env = env;
    }

    public int port() throws Exception {
        if (node == null) {
            node = env.nodes().start(env.nodes().environment("ingress", env.instantMock().baseUrl()),
                    EnumSet.of(Role.INGRESS));
        }
        return node.httpPort().orElseThrow();
    }

    @Override
    public void close() {
        if (node != null) {
            node.close();
        }
    }
}
