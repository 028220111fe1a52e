package org.shuyu.cli.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.shuyu.cli.support.Output.Column;

/** {@link Output}: tables aligned by display width (CJK counts double), long cells cut in tables only. */
class OutputTest {
    record Row(String id, String name, String state) {}

    private static String table(Output.Format format, List<Row> rows) {
        StringWriter out = new StringWriter();
        new Output(format, new PrintWriter(out), new PrintWriter(new StringWriter())).list(rows, List.of(
                Column.of("ID", Row::id), Column.of("NAME", Row::name), Column.of("STATE", Row::state)));
        return out.toString();
    }

    @Test
    void columnsAlignByDisplayWidthWithChineseText() {
        String text = table(Output.Format.TABLE, List.of(new Row("g-1", "上海市数据局", "ACTIVE"),
                new Row("g-22", "ab", "SUSPENDED"), new Row("g-333", "交通ＡＢ数据e", "ACTIVE")));
        List<String> lines = text.lines().toList();
        // the STATE column starts at the same terminal column on every line
        int column = Output.width(lines.get(0).substring(0, lines.get(0).indexOf("STATE")));
        for (String line : lines.subList(1, lines.size())) {
            int at = Math.max(line.indexOf("ACTIVE"), line.indexOf("SUSPENDED"));
            assertThat(Output.width(line.substring(0, at))).as(line).isEqualTo(column);
        }
        assertThat(Output.width("上海")).isEqualTo(4);
        assertThat(Output.width("é")).isEqualTo(1);
        assertThat(Output.width("e\u0301")).isEqualTo(1);
    }

    @Test
    void longCellsAreCutInTablesButNotInJsonAndNeverTheId() {
        String longName = "数据".repeat(50);
        String longId = "id-" + "x".repeat(100);
        String text = table(Output.Format.TABLE, List.of(new Row(longId, longName, "ACTIVE")));
        String row = text.lines().toList().get(1);
        assertThat(row).startsWith(longId + "  ").contains("\u2026").doesNotContain(longName);
        String cut = row.substring(longId.length() + 2, row.indexOf('\u2026') + 1);
        assertThat(Output.width(cut)).isLessThanOrEqualTo(Output.MAX_CELL_WIDTH);
        for (int max = 1; max <= 70; max++) {
            assertThat(Output.width(Output.truncate(longName, max))).isLessThanOrEqualTo(max);
        }
        assertThat(table(Output.Format.JSON, List.of(new Row(longId, longName, "ACTIVE")))).contains(longName);
    }

    @Test
    void quietCreationPrintsOnlyTheId() {
        StringWriter out = new StringWriter();
        Output output = new Output(Output.Format.TABLE, new PrintWriter(out), new PrintWriter(new StringWriter()));
        output.created(new Row("g-9", "n", "s"), "g-9", true, List.of(Column.of("ID", Row::id)));
        assertThat(out.toString()).isEqualTo("g-9" + System.lineSeparator());
    }
}
