package dev.ferry.faultharness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the scenario's topics hold, read to their end once the system is quiet: the job ids on {@code jobs}, per job
 * the {@code started} events and the terminal events in log order on {@code job-events} (one job's events share a
 * partition, so this is the order the store folds them in), and the dead letters.
 */
final class TopicFacts {

    private static final Set<String> TERMINAL = Set.of("completed", "failed", "cancelled");

    private final Map<String, Integer> jobPartitions;
    private final Map<String, Integer> started;
    private final Map<String, List<JobView>> terminals;
    private final Set<String> eventJobIds;
    private final Set<String> startedAfterTerminal;
    private final int deadLetters;

    private TopicFacts(Map<String, Integer> jobPartitions, Map<String, Integer> started, Map<String, List<JobView>> terminals,
            Set<String> eventJobIds, Set<String> startedAfterTerminal, int deadLetters) {
        this.jobPartitions = jobPartitions;
        this.started = started;
        this.terminals = terminals;
        this.eventJobIds = eventJobIds;
        this.startedAfterTerminal = startedAfterTerminal;
        this.deadLetters = deadLetters;
    }

    static TopicFacts read(String bootstrapServers, ScenarioTopics topics, KafkaProbe probe, ObjectMapper mapper)
            throws Exception {
        Duration timeout = Duration.ofSeconds(60);
        Map<String, Integer> jobPartitions = new HashMap<>();
        for (TopicSnapshot.Entry entry : TopicSnapshot.read(bootstrapServers, topics.jobs(), probe, mapper, timeout)) {
            jobPartitions.put(entry.key(), entry.partition());
        }
        Map<String, Integer> started = new HashMap<>();
        Map<String, List<JobView>> terminals = new HashMap<>();
        Set<String> eventJobIds = new HashSet<>();
        Set<String> startedAfterTerminal = new HashSet<>();
        for (TopicSnapshot.Entry entry : TopicSnapshot.read(bootstrapServers, topics.jobEvents(), probe, mapper,
                timeout)) {
            eventJobIds.add(entry.key());
            String type = entry.value().path("type").asText("");
            if ("started".equals(type)) {
                started.merge(entry.key(), 1, Integer::sum);
                if (terminals.containsKey(entry.key())) {
                    startedAfterTerminal.add(entry.key());
                }
            } else if (TERMINAL.contains(type)) {
                terminals.computeIfAbsent(entry.key(), k -> new ArrayList<>()).add(view(type, entry.value()));
            }
        }
        int deadLetters = TopicSnapshot.read(bootstrapServers, topics.deadLetters(), probe, mapper, timeout).size();
        return new TopicFacts(jobPartitions, started, terminals, eventJobIds, startedAfterTerminal, deadLetters);
    }

    /** A terminal event as the store would serve it. */
    private static JobView view(String type, JsonNode event) {
        String outcome = "completed".equals(type)
                ? event.path("response").path("id").asText("")
                : event.path("error").path("code").asText("");
        return new JobView(200, type, outcome);
    }

    Set<String> jobIds() {
        return jobPartitions.keySet();
    }

    int started(String jobId) {
        return started.getOrDefault(jobId, 0);
    }

    int maxStarted() {
        return started.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    long jobsStartedMoreThanOnce() {
        return started.values().stream().filter(count -> count > 1).count();
    }

    /** Jobs run more than once whose {@code jobs} partition is not in {@code partitions}. */
    long jobsStartedMoreThanOnceOutside(Set<Integer> partitions) {
        return started.entrySet().stream()
                .filter(entry -> entry.getValue() > 1)
                .filter(entry -> !partitions.contains(jobPartitions.getOrDefault(entry.getKey(), -1)))
                .count();
    }

    /** Jobs started again after a terminal event was already on the log: re-runs of work that had finished. */
    int rerunsOfFinishedJobs() {
        return startedAfterTerminal.size();
    }

    Optional<JobView> firstTerminal(String jobId) {
        return Optional.ofNullable(terminals.get(jobId)).map(list -> list.get(0));
    }

    int terminalEvents(String jobId) {
        return terminals.getOrDefault(jobId, List.of()).size();
    }

    long jobsWithSeveralTerminalEvents() {
        return terminals.values().stream().filter(list -> list.size() > 1).count();
    }

    /** Jobs whose terminal events disagree on the status itself (say completed, then failed). */
    long jobsWithDifferingTerminalStatuses() {
        return terminals.values().stream()
                .filter(list -> list.stream().map(JobView::status).distinct().count() > 1)
                .count();
    }

    /** Invariant I7: events about a job that was never on {@code jobs}. */
    long phantomEventJobs() {
        return eventJobIds.stream().filter(id -> !jobPartitions.containsKey(id)).count();
    }

    int deadLetters() {
        return deadLetters;
    }
}
