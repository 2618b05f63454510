package dev.ferry.faultharness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One harness's part of {@code RELIABILITY.md}, between {@code <!-- name:begin -->} and {@code <!-- name:end -->}
 * markers: each harness rewrites its own section and leaves the others' alone, so that running one harness never
 * drops what another measured.
 */
record ReportSection(String name) {

    String begin() {
        return "<!-- " + name + ":begin -->";
    }

    String end() {
        return "<!-- " + name + ":end -->";
    }

    /** {@code markdown} between this section's markers. */
    String wrap(String markdown) {
        return begin() + "\n" + markdown.strip() + "\n" + end() + "\n";
    }

    /** {@code document} with this section replaced by {@code markdown}, or with it appended. */
    String replaceIn(String document, String markdown) {
        String section = wrap(markdown);
        int begin = document.indexOf(begin());
        int end = document.indexOf(end());
        if (begin >= 0 && end > begin) {
            return document.substring(0, begin) + section
                    + document.substring(end + end().length()).replaceFirst("^\n", "");
        }
        if (document.isEmpty()) {
            return section;
        }
        return document + (document.endsWith("\n") ? "\n" : "\n\n") + section;
    }

    /** Rewrites this section of {@code file} (creating the file if it is missing). */
    void writeInto(Path file, String markdown) throws IOException {
        String existing = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        Files.writeString(file, replaceIn(existing, markdown), StandardCharsets.UTF_8);
    }
}
