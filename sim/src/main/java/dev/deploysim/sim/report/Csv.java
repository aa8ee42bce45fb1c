package dev.deploysim.sim.report;

import java.util.List;

/** RFC 4180 CSV: comma-separated, CRLF-free ({@code \n} line ends), fields quoted only when they must be. */
final class Csv {
    private Csv() {
    }

    /** One line of {@code fields}, newline-terminated. */
    static String line(List<?> fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(field(String.valueOf(fields.get(i))));
        }
        return sb.append('\n').toString();
    }

    static String field(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
