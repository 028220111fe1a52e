package org.shuyu.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnforcementCorpusTest {
    private final LeakDetector detector = LeakDetector.corpus();

    @Test
    void theDetectorFindsTheSentinelsInTheRawSourcesAndInEveryEncoding() throws Exception {
        for (SentinelData.Dataset dataset : SentinelData.DATASETS) {
            assertThat(detector.find(dataset.csv())).as(dataset.id()).isPresent();
        }
        String id = "SENTINELZ33020Z19900Z10112Z34";
        assertThat(detector.find("x" + id.substring(7, 13) + "y")).isPresent();
        assertThat(detector.find(new StringBuilder(id).reverse().toString())).isPresent();
        assertThat(detector.find(HexFormat.of().withUpperCase().formatHex(id.getBytes(StandardCharsets.UTF_8))))
                .isPresent();
        assertThat(detector.find(Base64.getEncoder().encodeToString("哨兵张三SENTINELNQMXQ01"
                .getBytes(StandardCharsets.UTF_8)))).isPresent();
        assertThat(detector.find("total 91735246.81")).isPresent();
        // and not in what the masks make of them
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(("salt" + id).getBytes(StandardCharsets.UTF_8)));
        assertThat(detector.find(hash + " xxxxxxxxxxxxxxxxxxxxx9999 U001 Alpha Ltd 12000.00")).isEmpty();
    }

    @Test
    void theCsvFilesMatchTheDeclaredColumns() {
        for (SentinelData.Dataset dataset : SentinelData.DATASETS) {
            String header = dataset.csv().lines().findFirst().orElseThrow();
            assertThat(List.of(header.split(","))).as(dataset.id()).isEqualTo(dataset.columnNames());
            dataset.csv().lines().forEach(line -> assertThat(line.split(",", -1)).hasSize(dataset.columns().size()));
        }
        assertThat(SentinelData.ENTERPRISES.schemaDdl()).startsWith("uscc STRING, name STRING");
    }

    @Test
    void everyCaseHasAUniqueIdARequirementAndBindablePlaceholders() {
        List<Case> cases = EnforcementCorpus.cases();
        assertThat(cases).hasSizeGreaterThan(100);
        Map<String, String> bindings = Map.of(Case.OUTSIDE, "/tmp/outside-x", Case.DATABASE, "ws_x");
        for (Case c : cases) {
            assertThat(c.tags()).as(c.id()).isNotEmpty().allMatch(t -> t.matches("R-\\d+[a-z]?"));
            assertThat(c.sql(bindings)).as(c.id()).doesNotContain("${");
        }
        assertThat(cases).anyMatch(c -> c.expect().allows()).anyMatch(c -> !c.expect().allows());
        assertThatThrownBy(() -> cases.stream().filter(c -> c.sql().contains("${outside}")).findFirst().orElseThrow()
                .sql(Map.of())).hasMessageContaining("${outside}");
    }

    @Test
    void expectationsFailOnTheWrongOutcome() {
        Expect refused = Expect.refused("ACCESS_DENIED");
        assertThat(refused.mismatch(Outcome.refused("ACCESS_DENIED", "m"), detector)).isEmpty();
        assertThat(refused.mismatch(Outcome.refused("SETTING_LOCKED", "m"), detector)).isPresent();
        assertThat(refused.mismatch(Outcome.rows(List.of("a"), List.of(List.of("1"))), detector)).isPresent();
        assertThat(refused.mismatch(Outcome.failed("boom"), detector)).isPresent();
        Expect masked = Expect.allowed().masked("r").firstValue("x");
        assertThat(masked.mismatch(Outcome.rows(List.of("r"), List.of(List.of("x"))), detector)).isEmpty();
        assertThat(masked.mismatch(Outcome.rows(List.of("r"), List.of(List.of("SENTINELPHQNXZ13800Z09999"))),
                detector)).get().asString().contains("sentinel");
        assertThat(masked.mismatch(Outcome.rows(List.of("q"), List.of(List.of("x"))), detector)).isPresent();
        assertThat(masked.mismatch(Outcome.rows(List.of("r"), List.of()), detector)).isPresent();
        assertThat(masked.mismatch(Outcome.refused("ACCESS_DENIED", ""), detector)).isPresent();
        assertThatThrownBy(() -> Expect.refused("NOT_A_CODE")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRefusalCodeIsFoundInATransportsErrorMessage() {
        assertThat(Outcome.fromMessage("INTERNAL: [ACCESS_DENIED] user 'engineer' may not select census.people"))
                .extracting(Outcome::kind, Outcome::code).containsExactly(Outcome.Kind.REFUSED, "ACCESS_DENIED");
        assertThat(Outcome.fromMessage("CONNECT_ARTIFACTS_REFUSED: no artifacts").code())
                .isEqualTo("CONNECT_ARTIFACTS_REFUSED");
        assertThat(Outcome.fromMessage("[DIVIDE_BY_ZERO] Division by zero").kind()).isEqualTo(Outcome.Kind.FAILED);
    }

    @Test
    void theGrammarIsDeterministic() {
        assertThat(StatementGrammar.statements(50)).isEqualTo(StatementGrammar.statements(50))
                .hasSize(StatementGrammar.fixedStatements().size() + 50);
    }

    @Test
    void platformTimeStampsAreNotMistakenForSentinels() {
        LeakDetector detector = LeakDetector.corpus();
        assertThat(detector.find("eventTime=2026-12-03T14:13:05.909419900Z, step=1")).isEmpty();
        assertThat(detector.find("at 2026-12-03T14:13:05.909419900Z the value was 33020Z19900Z1")).isPresent();
    }
}
