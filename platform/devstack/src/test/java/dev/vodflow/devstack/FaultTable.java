package dev.vodflow.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What the fault-injection suite saw per fault, as the Markdown table the README shows. */
final class FaultTable {

    /**
     * @param affected the uploads in flight when the fault was injected (submitted, not yet READY or FAILED)
     * @param recoveredAfterSeconds from the injection until the part was back and every affected upload had finished;
     *     negative when they never all did
     * @param duplicated affected uploads announced as two events (two event ids) or transcoded twice in one attempt
     * @param resent records of affected uploads' events that Kafka carried again under the same event id (a sender
     *     killed between its send and its acknowledgement sends again; consumers drop the repeat by event id)
     */
    record Row(
            String fault,
            double injectedAtSeconds,
            double recoveredAfterSeconds,
            Set<String> affected,
            int lost,
            int duplicated,
            int resent) {}

    private final List<Row> rows = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    String markdown() {
        StringBuilder table = new StringBuilder(
                "| fault | injected at (s) | recovered after (s) | uploads affected | lost | duplicated |"
                        + " re-sent records (same event id) |\n"
                        + "|---|---:|---:|---:|---:|---:|---:|\n");
        for (Row row : rows) {
            table.append(String.format(
                    "| %s | %.0f | %s | %d | %d | %d | %d |%n",
                    row.fault(),
                    row.injectedAtSeconds(),
                    row.recoveredAfterSeconds() < 0
                            ? "not recovered"
                            : String.format("%.1f", row.recoveredAfterSeconds()),
                    row.affected().size(),
                    row.lost(),
                    row.duplicated(),
                    row.resent()));
        }
        return table.toString();
    }

    void write(Path file, String heading) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, heading + "\n\n" + markdown());
    }
}
