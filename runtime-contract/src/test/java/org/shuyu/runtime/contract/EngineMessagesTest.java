package org.shuyu.runtime.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The warm engine's messages: the rules the golden files do not show (issue 16). */
class EngineMessagesTest {
    private final RuntimeJson json = new RuntimeJson();

    @Test
    void resultRowsKeepSqlNullsButRefuseAnythingButStrings() {
        String ok = json.write(Samples.statementSucceeded());
        assertThat(json.read(ok, EngineStatementState.class).result().orElseThrow().rows().get(1).get(1)).isNull();
        assertThatThrownBy(() -> json.read(ok.replace("\"Alpha Ltd\"", "7"), EngineStatementState.class))
                .isInstanceOf(InvalidRuntimeMessageException.class).hasMessageContaining("string or null");
        assertThatThrownBy(() -> json.read(ok.replace("[\"Beta Ltd\",null]", "null"), EngineStatementState.class))
                .isInstanceOf(InvalidRuntimeMessageException.class).hasMessageContaining("each row must be an array");
    }

    @Test
    void aFinalStateNeedsAStatus() {
        String running = json.write(Samples.statementRunning());
        assertThatThrownBy(() -> json.read(running.replace("\"RUNNING\"", "\"SUCCEEDED\""), EngineStatementState.class))
                .isInstanceOf(InvalidRuntimeMessageException.class).hasMessageContaining("needs a status");
    }

    @Test
    void credentialsNeverShowInToString() {
        assertThat(Samples.engineStatement().toString()).doesNotContain("runtime-credential");
        assertThat(Samples.ticket().toString()).doesNotContain("runtime-credential");
    }

    @Test
    void engineLimitsAreChecked() {
        String request = json.write(Samples.engineRequest());
        assertThatThrownBy(() -> json.read(request.replace("\"cores\":2", "\"cores\":0"), EngineRequest.class))
                .isInstanceOf(InvalidRuntimeMessageException.class).hasMessageContaining("cores");
        assertThatThrownBy(() -> json.read(request.replace("\"controllerUrl\":\"http://", "\"controllerUrl\":\"file://"),
                EngineRequest.class)).isInstanceOf(InvalidRuntimeMessageException.class);
        assertThatThrownBy(() -> json.read(request.replace("\"maxResultRows\":1000", "\"maxResultRows\":1001"),
                EngineRequest.class)).isInstanceOf(InvalidRuntimeMessageException.class);
    }
}
