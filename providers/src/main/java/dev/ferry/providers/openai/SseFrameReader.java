package dev.ferry.providers.openai;

/**
 * Turns the lines of a server-sent-events body into frames, by the WHATWG rules: {@code event:} names the frame,
 * {@code data:} lines are joined with {@code \n}, a blank line ends the frame, lines starting with {@code :} are
 * comments, and other fields ({@code id}, {@code retry}) are ignored. One space after the colon is not part of the
 * value. Not thread-safe; one instance reads one body.
 */
final class SseFrameReader {

    /** One complete frame; {@code event} is null when the frame had no {@code event:} line. */
    record Frame(String event, String data) {
    }

    private String event;
    private StringBuilder data;

    /** Takes one line (without its line break); returns the frame a blank line completes, else null. */
    Frame accept(String line) {
        if (line.isEmpty()) {
            Frame frame = data == null ? null : new Frame(event, data.toString());
            event = null;
            data = null;
            return frame;
        }
        if (line.charAt(0) == ':') {
            return null;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : valueAfter(line, colon);
        if ("event".equals(field)) {
            event = value;
        } else if ("data".equals(field)) {
            if (data == null) {
                data = new StringBuilder(value);
            } else {
                data.append('\n').append(value);
            }
        }
        return null;
    }

    /** True when lines of a frame arrived that no blank line has ended yet. */
    boolean inFrame() {
        return event != null || data != null;
    }

    private static String valueAfter(String line, int colon) {
        int start = colon + 1;
        if (start < line.length() && line.charAt(start) == ' ') {
            start++;
        }
        return line.substring(start);
    }
}
