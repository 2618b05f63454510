package dev.ferry.faultharness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObservationsTest {

    private static final int ATTEMPTS = 3;

    private static String notes(ScenarioFixture fixture) {
        return String.join("\n", Observations.of(List.of(fixture.build()), ATTEMPTS));
    }

    private static ScenarioFixture gatewayKill(PollTally pollsDuringFault) {
        ScenarioFixture fixture = new ScenarioFixture();
        fixture.scenario = Scenario.GATEWAY_KILL;
        fixture.pollsDuringFault = pollsDuringFault;
        return fixture;
    }

    @Test
    void shouldSayNoPollAnswered404OnlyWhenNoneDidWhileTheGatewayWasDown() {
        String none = notes(gatewayKill(new PollTally(Map.of("answered", 50, "503", 5), 5)));
        String some = notes(gatewayKill(new PollTally(Map.of("answered", 50, "503", 5, "404", 2), 5)));

        assertTrue(none.contains("none answered 404"), none);
        assertTrue(some.contains("2 answered 404"), some);
        assertFalse(some.contains("none answered 404"), some);
    }

    @Test
    void shouldSayHowMany503sCarriedRetryAfter() {
        String notes = notes(gatewayKill(new PollTally(Map.of("answered", 50, "503", 5), 3)));

        assertTrue(notes.contains("503 5 (3 with Retry-After)"), notes);
    }

    @Test
    void shouldSayNoSubmitFailedAroundTheLeaderChangeOnlyWhenNoneFailed() {
        ScenarioFixture failing = new ScenarioFixture();
        failing.scenario = Scenario.BROKER_KILL;
        failing.submitsDuringFault = new SubmitLedger.Window(40, Map.of("http 503", 4));

        String notes = notes(failing);

        assertTrue(notes.contains("40 submits were sent: 4 failed (http 503 4)"), notes);
        assertFalse(notes.contains("retried"), notes);
    }

    @Test
    void shouldPlaceReRunsBeyondI4sBoundWhenAJobRanMoreOftenThanItAllows() {
        ScenarioFixture fixture = new ScenarioFixture();
        fixture.rerunsOutsideKilledWorker = 2;
        fixture.maxStartedPerJob = ATTEMPTS + 2;

        String notes = notes(fixture);

        assertTrue(notes.contains("The most runs of one job: 5, BEYOND I4's bound of 4"), notes);
    }

    @Test
    void shouldSayHowManyJobsWhoseSubmitFailedReachedATerminalEvent() {
        ScenarioFixture fixture = gatewayKill(new PollTally(Map.of("answered", 50), 0));
        fixture.unacknowledgedOnJobsTopic = 4;
        fixture.unacknowledgedTerminal = 3;

        String notes = notes(fixture);

        assertTrue(notes.contains("4 submits the client saw fail are on `jobs` anyway"), notes);
        assertTrue(notes.contains("only 3 of them reached a terminal event"), notes);
    }

    @Test
    void shouldReportAProcessThatExitedWhileStartingWithoutGuessingWhy() {
        ScenarioFixture fixture = new ScenarioFixture();
        fixture.startupFailures = List.of("worker-2 exited while starting: IllegalStateException: could not create "
                + "or describe Ferry's topics");

        List<String> notes = Observations.of(List.of(fixture.build()), ATTEMPTS);

        assertEquals("(a) worker-2 exited while starting: IllegalStateException: could not create or describe "
                + "Ferry's topics. The harness started it again.", notes.get(0));
    }
}
