package dev.ferry.bench.scenario;

import dev.ferry.app.FerryNode;
import dev.ferry.app.Role;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The two sides of an A/B pair in one run: ingress nodes with their job stores, alike but for one setting, each with
 * its own queued jobs to poll. Closing it stops both nodes.
 */
final class IngressPair implements AutoCloseable {

    /** One side: its node's HTTP port and the jobs queued on it. */
    record Side(int port, List<String> jobs) {
    }

    private final FerryNode nodeA;
    private final FerryNode nodeB;
    private final Side a;
    private final Side b;

    private IngressPair(FerryNode nodeA, FerryNode nodeB, Side a, Side b) {
        this.nodeA = nodeA;
        this.nodeB = nodeB;
        this.a = a;
        this.b = b;
    }

    /**
     * Starts side {@code a} with {@code setting=valueA} and side {@code b} with {@code setting=valueB}, queues
     * {@code pollJobs} jobs on each and lets the machine settle.
     */
    static IngressPair start(ScenarioContext context, String setting, String valueA, String valueB, int pollJobs)
            throws Exception {
        FerryNode nodeA = start(context, setting, valueA);
        try {
            FerryNode nodeB = start(context, setting, valueB);
            int portA = nodeA.httpPort().orElseThrow();
            int portB = nodeB.httpPort().orElseThrow();
            context.settle();
            IngressPair pair = new IngressPair(nodeA, nodeB, new Side(portA, PollScenario.submitJobs(portA, pollJobs)),
                    new Side(portB, PollScenario.submitJobs(portB, pollJobs)));
            context.settle();
            return pair;
        } catch (Exception | Error failed) {
            nodeA.close();
            throw failed;
        }
    }

    private static FerryNode start(ScenarioContext context, String setting, String value) throws Exception {
        String name = setting.toLowerCase(Locale.ROOT).replace('_', '-') + "-" + value;
        Map<String, String> env = context.env().nodes().environment(name, context.env().instantMock().baseUrl());
        env.put(setting, value);
        return context.env().nodes().start(env, EnumSet.of(Role.INGRESS));
    }

    Side a() {
        return a;
    }

    Side b() {
        return b;
    }

    @Override
    public void close() {
        try {
            nodeB.close();
        } finally {
            nodeA.close();
        }
    }
}
