package org.shuyu.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.cli.support.CliException;
import org.shuyu.cli.support.ExitCode;

/** Reading a consent import file: line numbers through quoted line breaks, bad rows kept with a reason, bad headers refused. */
@Tag("R-21b")
class ConsentRowsTest {
    @Test
    void csvRowsKeepTheLineTheyStartOn() {
        List<ConsentRows.Row> rows = ConsentRows.parse("Subject_ID,Status,Evidence\r\n"
                + "P1,granted,\"form\r\nsigned, twice\"\r\n"
                + "\r\n"
                + "P2,no,\"said \"\"no\"\"\"\r\n"
                + "P3,perhaps,x\r\n"
                + ",yes,x\r\n"
                + "P5,yes\r\n"
                + "P6,1,", "c.csv");
        assertThat(rows).extracting(ConsentRows.Row::line).containsExactly(2, 5, 6, 7, 8, 9);
        assertThat(rows.get(0)).isEqualTo(new ConsentRows.Row(2, "P1", true, "form\r\nsigned, twice", null));
        assertThat(rows.get(1)).isEqualTo(new ConsentRows.Row(5, "P2", false, "said \"no\"", null));
        assertThat(rows.get(2).error()).contains("perhaps");
        assertThat(rows.get(3).error()).isEqualTo("no subject id");
        assertThat(rows.get(4).error()).isEqualTo("has 2 field(s), the header 3");
        assertThat(rows.get(5)).isEqualTo(new ConsentRows.Row(9, "P6", true, null, null));
    }

    @Test
    void aBadHeaderOrAnUnclosedQuoteIsAUsageError() {
        assertThatThrownBy(() -> ConsentRows.parse("subject,granted,colour\nP1,yes,red\n", "c.csv"))
                .isInstanceOf(CliException.class).hasMessageContaining("unknown column 'colour'")
                .extracting(e -> ((CliException) e).exitCode()).isEqualTo(ExitCode.USAGE);
        assertThatThrownBy(() -> ConsentRows.parse("subject,evidence\nP1,x\n", "c.csv"))
                .hasMessageContaining("no granted column");
        assertThatThrownBy(() -> ConsentRows.parse("subject,granted,evidence\nP1,yes,\"open\n", "c.csv"))
                .hasMessageContaining("line 2: a quoted field is not closed");
        assertThatThrownBy(() -> ConsentRows.parse("  \n", "c.csv")).hasMessageContaining("is empty");
    }

    @Test
    void yamlAndJsonListsKeepTheirLines() {
        List<ConsentRows.Row> yaml = ConsentRows.parse("""
                - subjectId: P1
                  granted: true
                  evidence: form
                - subjectId: P2
                  granted: withdrawn
                - subject: P3
                  colour: red
                """, "c.yaml");
        assertThat(yaml).extracting(ConsentRows.Row::line).containsExactly(1, 4, 6);
        assertThat(yaml.get(0)).isEqualTo(new ConsentRows.Row(1, "P1", true, "form", null));
        assertThat(yaml.get(1)).isEqualTo(new ConsentRows.Row(4, "P2", false, null, null));
        assertThat(yaml.get(2).error()).contains("colour");

        List<ConsentRows.Row> json = ConsentRows.parse("[{\"subjectId\":\"P1\",\"granted\":false,\"evidence\":\"e\"},\n"
                + " 42]", "-");
        assertThat(json.get(0)).isEqualTo(new ConsentRows.Row(1, "P1", false, "e", null));
        assertThat(json.get(1)).isEqualTo(new ConsentRows.Row(2, null, null, null, "is not an object"));
        assertThatThrownBy(() -> ConsentRows.parse("{\"subjectId\": \"P1\"}", "c.json"))
                .hasMessageContaining("expected a list");
    }
}
