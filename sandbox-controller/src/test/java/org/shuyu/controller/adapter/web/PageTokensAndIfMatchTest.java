package org.shuyu.controller.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.version.IfMatch;

/** Page tokens round-trip only for their own list and key; If-Match headers parse as RFC 9110 says. */
class PageTokensAndIfMatchTest {
    private final PageTokens tokens = new PageTokens(new byte[32]);

    @Test
    void aTokenNamesItsOffsetForItsListOnly() {
        String token = tokens.token(300, "/api/v1/grants");
        assertThat(tokens.offset(token, "/api/v1/grants")).isEqualTo(300);
        assertThatThrownBy(() -> tokens.offset(token, "/api/v1/labs")).isInstanceOf(SandboxException.class)
                .hasMessageContaining("pageToken");
        assertThatThrownBy(() -> new PageTokens(new byte[] {1}).offset(token, "/api/v1/grants")).isInstanceOf(SandboxException.class);
        String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(("301" + text.substring(text.indexOf('.')))
                .getBytes(StandardCharsets.US_ASCII));
        for (String bad : List.of(forged, "", "x", "AAAA", "-1", token + "A", "0" + token)) {
            assertThatThrownBy(() -> tokens.offset(bad, "/api/v1/grants")).as(bad).isInstanceOf(SandboxException.class);
        }
    }

    @Test
    void ifMatchParses() {
        assertThat(IfMatchHeader.parse(List.of())).isEmpty();
        assertThat(IfMatchHeader.parse(List.of("*")).orElseThrow().matches(42)).isTrue();
        IfMatch list = IfMatchHeader.parse(List.of("\"3\", \"5\"")).orElseThrow();
        assertThat(list.matches(5)).isTrue();
        assertThat(list.matches(4)).isFalse();
        assertThat(IfMatchHeader.parse(List.of("W/\"5\"")).orElseThrow().matches(5)).isFalse();
        assertThat(IfMatchHeader.parse(List.of("\"opaque\"")).orElseThrow().matches(5)).isFalse();
        for (String bad : List.of("5", "\"5", ",", "\"a\"b\"", "W/5")) {
            assertThatThrownBy(() -> IfMatchHeader.parse(List.of(bad))).as(bad).isInstanceOf(SandboxException.class);
        }
        assertThat(IfMatch.etag(7)).isEqualTo("\"7\"");
    }
}
