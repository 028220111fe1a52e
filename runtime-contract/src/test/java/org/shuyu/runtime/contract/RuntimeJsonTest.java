package org.shuyu.runtime.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Round trips, the defaults of optional request fields, and each strictness rule refusing its input. */
class RuntimeJsonTest {
    private final RuntimeJson json = new RuntimeJson();

    private static final String STATUS = "{\"state\":\"REFUSED\",\"code\":\"ACCESS_DENIED\",\"message\":\"m\",\"step\":2}";
    private static final String METRICS = "{\"cpuSeconds\":1.5,\"peakMemoryBytes\":10,\"wallMillis\":42,"
            + "\"steps\":[{\"index\":1,\"millis\":5}]}";

    @Test
    void everyMessageSurvivesARoundTripCompactOrIndented() {
        for (Object message : Samples.all().values()) {
            assertThat(json.read(json.write(message), message.getClass())).isEqualTo(message);
            assertThat(json.read(json.writePretty(message), message.getClass())).isEqualTo(message);
        }
        RuntimeRequest watched = new RuntimeRequest("j", RuntimeRequest.Kind.JOB, "u", "w", "s", "db", Path.of("/w"),
                Path.of("/w/h"), Path.of("/w/f"), "https://c:8443", 200, 3000, Optional.of(5000L), true, List.of(),
                List.of("SELECT 1"), Optional.empty(), Optional.empty(), Path.of("/w/out"), Optional.empty());
        assertThat(json.read(json.write(watched), RuntimeRequest.class)).isEqualTo(watched);
        assertThat(json.write(watched)).contains("\"lineageDeliveryTimeoutMillis\":5000,\"parentWatch\":true");
    }

    @Test
    void anEmptyStepIsWrittenAsNullAndUnsetRequestFieldsAreLeftOut() {
        assertThat(json.write(Samples.succeeded())).isEqualTo(
                "{\"state\":\"SUCCEEDED\",\"code\":\"OK\",\"message\":\"2 step(s) succeeded\",\"step\":null}");
        assertThat(json.write(Samples.job())).doesNotContain("lineageDeliveryTimeoutMillis", "parentWatch", "preview",
                "snapshot");
    }

    @Test
    void aRequestWithoutItsOptionalFieldsGetsTheDefaults() {
        RuntimeRequest request = json.read("""
                {"jobId":"j","kind":"JOB","user":"u","workspaceId":"w","serviceName":"s","workspaceDatabase":"DB",
                 "workspaceDir":"/w","warehouseDir":"/w/h","filesDir":"/w/f","policyUrl":"http://c","steps":["SELECT 1"],
                 "outputDir":"/w/out"}""", RuntimeRequest.class);
        assertThat(request.policyPollMillis()).isEqualTo(RuntimeLimits.DEFAULT_POLICY_POLL_MILLIS);
        assertThat(request.policyMaxStalenessMillis()).isEqualTo(RuntimeLimits.DEFAULT_POLICY_MAX_STALENESS_MILLIS);
        assertThat(request.lineageDeliveryTimeoutMillis()).isEmpty();
        assertThat(request.parentWatch()).isFalse();
        assertThat(request.sources()).isEmpty();
        assertThat(request.preview()).isEmpty();
        assertThat(request.snapshot()).isEmpty();
        assertThat(request.workspaceDir()).isEqualTo(Path.of("/w"));
    }

    @Test
    void refusesAnUnknownField() {
        assertRefused(STATUS.replace("\"step\"", "\"stage\":1,\"step\""), RuntimeStatus.class, "Unrecognized field \"stage\"");
        assertRefused(METRICS.replace("\"millis\":5", "\"millis\":5,\"extra\":true"), RuntimeMetrics.class,
                "Unrecognized field \"extra\"");
    }

    @Test
    void refusesADuplicateKey() {
        assertRefused(STATUS.replace("\"step\":2", "\"step\":2,\"step\":3"), RuntimeStatus.class, "Duplicate field 'step'");
    }

    @Test
    void refusesAFloatForAWholeNumber() {
        assertRefused(STATUS.replace("\"step\":2", "\"step\":1.5"), RuntimeStatus.class, "Floating-point value (1.5)");
        assertRefused(METRICS.replace("\"wallMillis\":42", "\"wallMillis\":4.2"), RuntimeMetrics.class,
                "Floating-point value (4.2)");
    }

    @Test
    void refusesAStringForANumber() {
        assertRefused(STATUS.replace("\"step\":2", "\"step\":\"3\""), RuntimeStatus.class, "String value (\"3\")");
        assertRefused(METRICS.replace("\"cpuSeconds\":1.5", "\"cpuSeconds\":\"1.5\""), RuntimeMetrics.class,
                "String value (\"1.5\")");
    }

    @Test
    void refusesANumberForAStringOrAnEnumAndAStringForABoolean() {
        assertRefused(STATUS.replace("\"code\":\"ACCESS_DENIED\"", "\"code\":7"), RuntimeStatus.class, "field 'code'");
        assertRefused(STATUS.replace("\"state\":\"REFUSED\"", "\"state\":2"), RuntimeStatus.class, "field 'state'");
        assertRefused(json.write(Samples.job()).replace("\"steps\"", "\"parentWatch\":\"true\",\"steps\""),
                RuntimeRequest.class, "field 'parentWatch'");
    }

    @Test
    void refusesAScalarForAList() {
        assertRefused(json.write(Samples.job()).replaceFirst("\"steps\":\\[([^]]*)]", "\"steps\":\"SELECT 1\""),
                RuntimeRequest.class, "field 'steps'");
    }

    @Test
    void refusesANullInAList() {
        assertRefused(json.write(Samples.job()).replace("\"steps\":[", "\"steps\":[null,"), RuntimeRequest.class,
                "field 'steps[0]'");
        assertThatThrownBy(() -> new RuntimeMetrics(1, 1, 1, java.util.Arrays.asList((RuntimeMetrics.Step) null)))
                .hasMessageContaining("'steps' has a null at index 0");
    }

    @Test
    void refusesANullOrMissingPrimitive() {
        assertRefused(METRICS.replace("\"wallMillis\":42", "\"wallMillis\":null"), RuntimeMetrics.class, "field 'wallMillis'");
        assertRefused(METRICS.replace("\"wallMillis\":42,", ""), RuntimeMetrics.class, "'wallMillis'");
    }

    @Test
    void refusesTrailingTokens() {
        assertRefused(STATUS + " {}", RuntimeStatus.class, "Trailing token");
    }

    @Test
    void refusesWhatBreaksARuleOfTheRecord() {
        String job = json.write(Samples.job());
        assertRefused(job.replace("\"user\":\"engineer\",", ""), RuntimeRequest.class, "'user' is missing");
        assertRefused(job.replace("\"/var/lib/shuyu/workspaces/grant-ab12\"", "\"relative/dir\""), RuntimeRequest.class,
                "'workspaceDir' is not an absolute path");
        assertRefused(job.replace("\"csv\"", "\"parquet\""), RuntimeRequest.class, "format 'parquet' (only csv)");
        assertRefused(job.replace("registry.enterprises\"", "registry.enterprises; DROP\""), RuntimeRequest.class,
                "is not namespace.table");
        assertRefused(job.replace("\"kind\":\"JOB\"", "\"kind\":\"SNAPSHOT\""), RuntimeRequest.class,
                "a SNAPSHOT needs a snapshot");
        assertRefused(job.replace("\"outputDir\"", "\"snapshot\":{\"table\":\"t\",\"maxRows\":0},\"outputDir\""),
                RuntimeRequest.class, "snapshot maxRows 0 not in 1..100000000");
        assertRefused(job.replace("\"outputDir\"", "\"preview\":{\"table\":\"t; DROP\",\"limit\":5},\"outputDir\""),
                RuntimeRequest.class, "is not an identifier");
        assertRefused(job.replace("\"outputDir\"", "\"preview\":{\"table\":\"t\",\"limit\":1001},\"outputDir\""),
                RuntimeRequest.class, "preview limit 1001 not in 1..1000");
        assertRefused(job.replace("http://127.0.0.1:8080", "file:///etc"), RuntimeRequest.class, "policyUrl must be http(s)");
        assertRefused("[]", RuntimeStatus.class, "RuntimeStatus");
        assertRefused("{\"state\":", RuntimeStatus.class, "not valid JSON");
    }

    @Test
    void onlyContractMessagesAreReadOrWritten() {
        assertThatThrownBy(() -> json.write("text")).hasMessageContaining("not a message of the runtime contract");
        assertThatThrownBy(() -> json.read("{}", Object.class)).hasMessageContaining("not a message of the runtime contract");
    }

    @Test
    void exitCodesAndStatesAgree() {
        for (RuntimeExit exit : RuntimeExit.values()) {
            assertThat(RuntimeExit.of(exit.code())).contains(exit);
        }
        assertThat(RuntimeExit.of(137)).isEmpty();
        assertThat(RuntimeExit.OUT_OF_MEMORY.code()).isEqualTo(3);
        assertThat(RuntimeExit.ORPHANED.code()).isEqualTo(4);
        for (RuntimeStatus.State state : RuntimeStatus.State.values()) {
            assertThat(new RuntimeStatus(state, "C", "m", Optional.empty()).exit().name()).isEqualTo(state.name());
        }
    }

    @Test
    void theRuntimeJvmOptionsOpenWhatSparkNeeds() {
        assertThat(RuntimeLaunch.jvmOptions()).contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                "-Djdk.reflect.useDirectMethodHandle=false").hasSize(16);
        assertThat(RuntimeLaunch.PARENT_WATCH).isEqualTo("-Dshuyu.parentWatch=true");
    }

    private void assertRefused(String input, Class<?> type, String message) {
        assertThatThrownBy(() -> json.read(input, type)).isInstanceOf(InvalidRuntimeMessageException.class)
                .hasMessageContaining(message);
    }
}
