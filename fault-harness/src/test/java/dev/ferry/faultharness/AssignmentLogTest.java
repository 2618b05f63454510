package dev.ferry.faultharness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssignmentLogTest {

    @Test
    void shouldReadTheLastAssignmentAWorkerLogged(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("worker-1.log");
        Files.writeString(log, """
                12:00 INFO ConsumerCoordinator - Notifying assignor about the new Assignment(partitions=[jobs-a-0, jobs-a-1])
                Ferry is up in 4.0 s
                12:01 INFO ConsumerCoordinator - Notifying assignor about the new Assignment(partitions=[jobs-scenario-a-3, jobs-scenario-a-4, jobs-scenario-a-5])
                """);

        assertEquals(Set.of(3, 4, 5), AssignmentLog.lastAssignment(log));
    }

    @Test
    void shouldKnowNoPartitionsWhenNothingWasAssigned(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("worker-1.log");
        Files.writeString(log, "Notifying assignor about the new Assignment(partitions=[])\n");

        assertEquals(Set.of(), AssignmentLog.lastAssignment(log));
        assertEquals(Set.of(), AssignmentLog.lastAssignment(dir.resolve("missing.log")));
    }
}
