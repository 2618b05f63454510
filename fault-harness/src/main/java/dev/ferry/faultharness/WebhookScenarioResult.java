package dev.ferry.faultharness;

import java.util.List;

/**
 * What one webhook scenario measured, per endpoint.
 *
 * @param accepted jobs a 2xx was answered for
 * @param facts lines of {@code label: value} for the report, in order
 * @param missing accepted jobs an endpoint never heard of, summed over endpoints
 */
record WebhookScenarioResult(WebhookScenario scenario, int accepted, int missing, int badSignatures,
        List<String> facts, String error) {

    boolean holds() {
        return error == null && accepted > 0 && missing == 0 && badSignatures == 0;
    }
}
