package dev.ferry.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RetryTiersTest {

    private final RetryTiers tiers = new RetryTiers("webhook-retry");

    @Test
    void shouldNameOneTopicPerTierFromThePrefix() {
        assertEquals(List.of("webhook-retry-1s", "webhook-retry-10s", "webhook-retry-1m", "webhook-retry-10m",
                "webhook-retry-1h"), tiers.topics());
    }

    @Test
    void shouldSendARecordToTheLongestTierNotLongerThanItsRemainingWait() {
        assertEquals("webhook-retry-1s", tiers.forRemaining(200).topic());
        assertEquals("webhook-retry-1s", tiers.forRemaining(9_999).topic());
        assertEquals("webhook-retry-10s", tiers.forRemaining(10_000).topic());
        assertEquals("webhook-retry-10m", tiers.forRemaining(3_599_999).topic());
        assertEquals("webhook-retry-1h", tiers.forRemaining(72 * 3_600_000L).topic());
    }
}
