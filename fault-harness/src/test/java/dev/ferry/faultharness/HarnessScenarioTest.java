package dev.ferry.faultharness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HarnessScenarioTest {

    @Test
    void shouldNameAScenarioByItsIdOrEitherSpellingOfItsName() {
        assertEquals(Scenario.GATEWAY_KILL, Scenario.parse(" b "));
        assertEquals(BatchFault.BROKER_KILL, BatchFault.parse("broker-kill"));
        assertEquals(WebhookScenario.ENDPOINT_DOWN, WebhookScenario.parse("ENDPOINT_DOWN"));
        assertEquals(WebhookScenario.DELIVERY_KILL, WebhookScenario.parse("W1"));
    }

    @Test
    void shouldListTheChoicesWhenNoScenarioMatches() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> BatchFault.parse("bz"));

        assertEquals("unknown batch scenario 'bz'; use ba (worker-kill), bb (gateway-kill) or bc (broker-kill)",
                error.getMessage());
    }
}
