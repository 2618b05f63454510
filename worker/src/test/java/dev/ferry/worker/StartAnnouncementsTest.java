package dev.ferry.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StartAnnouncementsTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<String> sent = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /** Waits until the single scheduler thread has run everything due within {@code ms} from now. */
    private void runSchedulerFor(long ms) throws Exception {
        scheduler.schedule(() -> { }, ms, TimeUnit.MILLISECONDS).get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldAnnounceAtOnceWithoutADelay() {
        StartAnnouncements starts = new StartAnnouncements(Duration.ZERO, scheduler);

        starts.started("job-1", () -> sent.add("started job-1"));

        assertEquals(List.of("started job-1"), sent);
        assertEquals(0, starts.waiting());
    }

    @Test
    void shouldDropTheAnnouncementOfAJobThatEndsFirstAndForgetIt() throws Exception {
        StartAnnouncements starts = new StartAnnouncements(Duration.ofMillis(50), scheduler);
        starts.started("job-1", () -> sent.add("started job-1"));

        starts.ending("job-1");
        runSchedulerFor(100);

        assertEquals(List.of(), sent);
        assertEquals(0, starts.waiting());
    }

    @Test
    void shouldAnnounceAJobStillRunningOnceAndOnlyOnce() throws Exception {
        StartAnnouncements starts = new StartAnnouncements(Duration.ofMillis(1), scheduler);
        starts.started("job-1", () -> sent.add("started job-1"));
        starts.started("job-2", () -> sent.add("started job-2"));
        runSchedulerFor(20);

        starts.ending("job-1");
        starts.ending("job-2");
        runSchedulerFor(20);

        assertEquals(List.of("started job-1", "started job-2"), sent);
        assertEquals(0, starts.waiting());
    }
}
