package dev.ferry.batch.files;

import java.util.Locale;

/** Reads one parameter of a {@code Content-Disposition} header: {@code form-data; name="file"; filename="a.jsonl"}. */
final class ContentDisposition {

    private ContentDisposition() {
    }

    /** The parameter's value (unquoted, with {@code \"} unescaped), or null if absent. */
    static String parameter(String header, String wanted) {
        int i = header.indexOf(';');
        while (i >= 0 && i < header.length()) {
            i++;
            while (i < header.length() && header.charAt(i) == ' ') {
                i++;
            }
            int equals = header.indexOf('=', i);
            if (equals < 0) {
                return null;
            }
            String name = header.substring(i, equals).trim().toLowerCase(Locale.ROOT);
            int start = equals + 1;
            StringBuilder value = new StringBuilder();
            int end;
            if (start < header.length() && header.charAt(start) == '"') {
                end = start + 1;
                while (end < header.length() && header.charAt(end) != '"') {
                    if (header.charAt(end) == '\\' && end + 1 < header.length()) {
                        end++;
                    }
                    value.append(header.charAt(end));
                    end++;
                }
                end = header.indexOf(';', end);
            } else {
                end = header.indexOf(';', start);
                value.append(header, start, end < 0 ? header.length() : end);
            }
            if (name.equals(wanted)) {
                return value.toString().trim();
            }
            i = end;
        }
        return null;
    }
}
