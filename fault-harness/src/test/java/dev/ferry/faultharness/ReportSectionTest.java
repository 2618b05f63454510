package dev.ferry.faultharness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportSectionTest {

    private final ReportSection batch = new ReportSection("batch-scenarios");
    private final ReportSection webhooks = new ReportSection("webhook-scenarios");

    @Test
    void rewritingOneSectionKeepsTheOthersAndTheirOrder() {
        String document = new ReportSection("process-kill-scenarios").wrap("# Kill\nold kill figures") + "\n"
                + batch.wrap("## Batches\nold batch figures") + "\n"
                + webhooks.wrap("## Webhooks\nold webhook figures");

        String rewritten = batch.replaceIn(document, "## Batches\nnew batch figures\n");

        assertFalse(rewritten.contains("old batch figures"));
        int kill = rewritten.indexOf("old kill figures");
        int batches = rewritten.indexOf("new batch figures");
        int hooks = rewritten.indexOf("old webhook figures");
        assertTrue(kill >= 0 && kill < batches && batches < hooks, rewritten);
        assertEquals(rewritten, batch.replaceIn(rewritten, "## Batches\nnew batch figures\n"));
    }

    @Test
    void aMissingSectionIsAppendedAndAMissingFileCreated(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("RELIABILITY.md");

        webhooks.writeInto(report, "## Webhooks\nfigures");
        batch.writeInto(report, "## Batches\nfigures");

        String text = Files.readString(report);
        assertTrue(text.startsWith(webhooks.begin()), text);
        assertTrue(text.endsWith(batch.end() + "\n"), text);
        assertEquals(2, text.split(batch.begin(), -1).length);
    }
}
