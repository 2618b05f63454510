package dev.ferry.core.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator's keys file ({@code FERRY_KEYS_FILE}), read once: one entry per line, fields separated by blanks,
 * blank lines and {@code #} comments skipped. Credentials ({@code virtual}, {@code api}, {@code basic}) and webhook
 * endpoints ({@code webhook}) share it, so secrets of both kinds can live in one file readable by Ferry alone.
 */
final class KeysFile {

    static final String VARIABLE = "FERRY_KEYS_FILE";

    /** One entry: its line number (from 1) and its fields; the first field says what it is. */
    record Line(int number, List<String> fields) {
        Line {
            fields = List.copyOf(fields);
        }

        String kind() {
            return fields.get(0);
        }

        String where() {
            return VARIABLE + " line " + number;
        }
    }

    private KeysFile() {
    }

    /** The file's entries, or none when {@code FERRY_KEYS_FILE} is unset or unreadable (then a problem is noted). */
    static List<Line> read(Env env) {
        return env.optional(VARIABLE).map(file -> read(env, Path.of(file))).orElse(List.of());
    }

    private static List<Line> read(Env env, Path file) {
        List<String> text;
        try {
            text = Files.readAllLines(file);
        } catch (IOException e) {
            env.problem(VARIABLE + " " + file + " cannot be read: " + e.getMessage());
            return List.of();
        }
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            String line = text.get(i).trim();
            if (!line.isEmpty() && !line.startsWith("#")) {
                lines.add(new Line(i + 1, List.of(line.split("\\s+"))));
            }
        }
        return lines;
    }
}
