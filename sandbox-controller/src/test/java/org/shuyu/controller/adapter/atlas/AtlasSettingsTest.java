package org.shuyu.controller.adapter.atlas;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.config.AtlasProperties;
import org.shuyu.controller.config.SandboxProperties.Mode;
import org.springframework.mock.env.MockEnvironment;

/** The settings the mirror refuses to start with (docs/atlas.md, "Configuration"). */
@Tag("R-24c")
class AtlasSettingsTest {
    private static AtlasProperties atlas(boolean enabled, String url, String user, boolean allowInsecureHttp) {
        return new AtlasProperties(enabled, url, "shuyu", user, "SHUYU_ATLAS_PASSWORD", "SHUYU_ATLAS_TOKEN", Duration.ofSeconds(10), 100,
                Duration.ofSeconds(30), 500, Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofDays(7), allowInsecureHttp);
    }

    @Test
    void disabledNeedsNothing() {
        assertThat(atlas(false, null, null, false).problems(Mode.PRODUCTION)).isEmpty();
    }

    @Test
    void enabledNeedsAnHttpUrl() {
        assertThat(atlas(true, null, null, false).problems(Mode.PRODUCTION))
                .containsExactly("sandbox.lineage.atlas.enabled=true needs sandbox.lineage.atlas.url");
        assertThat(atlas(true, "ftp://atlas.example", null, false).problems(Mode.PRODUCTION)).hasSize(1);
        assertThat(atlas(true, "https://atlas.example:21443", null, false).problems(Mode.PRODUCTION)).isEmpty();
    }

    @Test
    void plainHttpIsRefusedOutsideEmbeddedModeUnlessAllowed() {
        assertThat(atlas(true, "http://atlas.example:21000", null, false).problems(Mode.PRODUCTION)).singleElement().asString()
                .contains("allow-insecure-http");
        assertThat(atlas(true, "http://atlas.example:21000", null, true).problems(Mode.PRODUCTION)).isEmpty();
        assertThat(atlas(true, "http://127.0.0.1:21000", null, false).problems(Mode.EMBEDDED)).isEmpty();
    }

    @Test
    void aUserNeedsItsPasswordFromTheEnvironment() {
        List<String> problems = new ArrayList<>();
        assertThat(AtlasMirrorConfiguration.authorization(atlas(true, "https://a", "mirror", false), new MockEnvironment(), problems)).isEmpty();
        assertThat(problems).singleElement().asString().contains("SHUYU_ATLAS_PASSWORD").doesNotContain("null");

        problems.clear();
        MockEnvironment environment = new MockEnvironment().withProperty("SHUYU_ATLAS_PASSWORD", "pw");
        assertThat(AtlasMirrorConfiguration.authorization(atlas(true, "https://a", "mirror", false), environment, problems))
                .isEqualTo(Optional.of(AtlasClient.basic("mirror", "pw")));
        assertThat(problems).isEmpty();
    }

    @Test
    void withoutAUserATokenFromTheEnvironmentIsABearer() {
        MockEnvironment environment = new MockEnvironment().withProperty("SHUYU_ATLAS_TOKEN", "tok\n");
        assertThat(AtlasMirrorConfiguration.authorization(atlas(true, "https://a", null, false), environment, new ArrayList<>()))
                .contains("Bearer tok");
        assertThat(AtlasMirrorConfiguration.authorization(atlas(true, "https://a", null, false), new MockEnvironment(), new ArrayList<>()))
                .isEmpty();
    }
}
