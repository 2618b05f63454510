package dev.ferry.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The provisioned Grafana dashboard of {@code compose/}, and the metric names its panels query. */
final class GrafanaDashboard {

    static final Path FILE = Path.of("..", "compose", "grafana", "dashboards", "ferry.json");
    private static final Pattern METRIC = Pattern.compile("\\b((?:ferry|kafka|jvm|process)_[a-z0-9_]+)\\b");

    private GrafanaDashboard() {
    }

    static JsonNode read() {
        try {
            return new ObjectMapper().readTree(FILE.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every metric name in every panel's PromQL. */
    static Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        for (JsonNode panel : read().path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher m = METRIC.matcher(target.path("expr").asText());
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }
}
