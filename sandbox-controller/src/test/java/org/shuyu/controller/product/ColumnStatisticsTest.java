package org.shuyu.controller.product;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 20, R-19b: a reviewer's per-column statistics cannot leak what the checks would block. A text value counted
 * fewer than k times is not shown (its count neither), nor is a histogram bucket with fewer than k rows; a withheld
 * (masked or identifying) column shows no value at all. Asserted by value: sentinels in the hidden cells never appear
 * anywhere in the serialized statistics.
 */
@Tag("R-19b")
class ColumnStatisticsTest {
    private static final String RARE = "RARE-SENTINEL-7f3a";
    private static final String MASKED = "MASKED-SENTINEL-91c2";
    private static final long OUTLIER = 987_654_321L;

    /** A snapshot in memory: district (text), amount (numbers), pseudonym (a masked identifier). */
    private static final class Rows implements SnapshotStore {
        final List<List<Object>> rows = new ArrayList<>();

        @Override
        public SnapshotInfo describe(Path file) {
            return new SnapshotInfo(List.of(new SnapshotColumn("district", "Utf8"), new SnapshotColumn("amount", "Int64"),
                    new SnapshotColumn("pseudonym", "Utf8")), rows.size(), 0, "0");
        }

        @Override
        public void scan(Path file, List<String> columns, Consumer<List<Object>> row) {
            rows.forEach(row);
        }
    }

    private static Rows snapshot() {
        Rows s = new Rows();
        for (int i = 0; i < 12; i++) {
            s.rows.add(java.util.Arrays.asList("north", (long) (100 + i), MASKED + i));
        }
        for (int i = 0; i < 6; i++) {
            s.rows.add(java.util.Arrays.asList("south", (long) (110 + i), MASKED));
        }
        s.rows.add(java.util.Arrays.asList(RARE, OUTLIER, MASKED));
        s.rows.add(java.util.Arrays.asList(RARE, null, null));
        return s;
    }

    @Test
    void valuesCountedFewerThanKTimesAreHiddenWithTheirCounts() {
        ColumnStatistics.Table t = ColumnStatistics.of(snapshot(), Path.of("x"), 5, Set.of("pseudonym"));
        ColumnStatistics.Column district = t.columns().get(0);
        assertThat(district.count()).isEqualTo(20);
        assertThat(district.distinct()).isEqualTo(3);
        assertThat(district.top()).containsExactly(new ColumnStatistics.TopValue("north", 12),
                new ColumnStatistics.TopValue("south", 6));
        assertThat(district.hidden()).isEqualTo(1);
        // A larger k hides "south" too.
        ColumnStatistics.Table strict = ColumnStatistics.of(snapshot(), Path.of("x"), 7, Set.of("pseudonym"));
        assertThat(strict.columns().get(0).top()).containsExactly(new ColumnStatistics.TopValue("north", 12));
    }

    @Test
    void numbersHaveMinMaxMeanAndAHistogramWhoseSmallBucketsAreHidden() {
        ColumnStatistics.Column amount = ColumnStatistics.of(snapshot(), Path.of("x"), 5, Set.of("pseudonym"))
                .columns().get(1);
        assertThat(amount.nulls()).isEqualTo(1);
        assertThat(amount.min()).isEqualTo(100.0);
        assertThat(amount.histogram()).hasSize(ColumnStatistics.BUCKETS);
        // The outlier is alone in the last bucket: its count is hidden.
        assertThat(amount.histogram().get(ColumnStatistics.BUCKETS - 1).count()).isNull();
        assertThat(amount.histogram().get(0).count()).isEqualTo(18);
        assertThat(amount.hidden()).isEqualTo(1);
    }

    @Test
    void aWithheldColumnShowsNoValueAndNoSentinelAppearsAnywhere() {
        ColumnStatistics.Table t = ColumnStatistics.of(snapshot(), Path.of("x"), 5, Set.of("pseudonym"));
        ColumnStatistics.Column pseudonym = t.columns().get(2);
        assertThat(pseudonym.withheld()).isTrue();
        assertThat(pseudonym.count()).isEqualTo(20);
        assertThat(pseudonym.nulls()).isEqualTo(1);
        assertThat(pseudonym.distinct()).isNull();
        assertThat(pseudonym.top()).isEmpty();
        String json = JsonMapper.builder().build().writeValueAsString(t);
        assertThat(json).doesNotContain(RARE).doesNotContain(MASKED).doesNotContain("MASKED");
    }
}
