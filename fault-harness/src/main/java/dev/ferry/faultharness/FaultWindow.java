package dev.ferry.faultharness;

import java.util.Map;

/**
 * What the clients saw from the kill until the killed process served again ({@link FaultEvent#atSeconds()} to
 * {@link FaultEvent#endSeconds()}): the answers of {@link PollWatcher}'s polls, and the submits sent meanwhile.
 */
record FaultWindow(PollTally polls, SubmitLedger.Window submits) {

    static final FaultWindow NONE = new FaultWindow(new PollTally(Map.of(), 0), new SubmitLedger.Window(0, Map.of()));
}
