package dev.ferry.faultharness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which {@code jobs} partitions a worker owns, read from its consumer coordinator's log line
 * {@code Notifying assignor about the new Assignment(partitions=[jobs-x-3, jobs-x-4])} (the harness turns that logger
 * on). Only used to tell re-runs on a killed worker's partitions from re-runs a rebalance caused elsewhere.
 */
final class AssignmentLog {

    private static final Pattern ASSIGNMENT = Pattern.compile("new Assignment\\(partitions=\\[([^\\]]*)\\]");

    private AssignmentLog() {
    }

    /**
     * Whether the last assignment in the log that names {@code topic} (a worker runs one consumer per lane, and logs
     * each one's assignments) includes its partition {@code partition}.
     */
    static boolean lastAssignmentOf(Path log, String topic, int partition) {
        String content;
        try {
            content = Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return false;
        }
        Matcher matcher = ASSIGNMENT.matcher(content);
        String last = null;
        while (matcher.find()) {
            if (matcher.group(1).contains(topic + "-")) {
                last = matcher.group(1);
            }
        }
        if (last == null) {
            return false;
        }
        for (String topicPartition : last.split(",")) {
            if (topicPartition.trim().equals(topic + "-" + partition)) {
                return true;
            }
        }
        return false;
    }

    /** The partitions of the last assignment in the log; empty if there is none. */
    static Set<Integer> lastAssignment(Path log) {
        String content;
        try {
            content = Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Set.of();
        }
        Matcher matcher = ASSIGNMENT.matcher(content);
        String last = null;
        while (matcher.find()) {
            last = matcher.group(1);
        }
        Set<Integer> partitions = new TreeSet<>();
        if (last != null) {
            for (String topicPartition : last.split(",")) {
                String trimmed = topicPartition.trim();
                if (!trimmed.isEmpty()) {
                    partitions.add(Integer.parseInt(trimmed.substring(trimmed.lastIndexOf('-') + 1)));
                }
            }
        }
        return partitions;
    }
}
