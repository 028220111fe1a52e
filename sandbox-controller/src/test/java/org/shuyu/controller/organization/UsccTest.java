package org.shuyu.controller.organization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;

@Tag("R-24a")
class UsccTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "91350100M000100Y43", // the example of GB 32100-2015
        "914403001922038216",
        "91330100799655058B",
        "9144030071526726XG",
        "91110000802100433B",
        "91310000717866186P"})
    void acceptsPublishedCodes(String code) {
        assertThat(Uscc.isValid(code)).isTrue();
        assertThat(new Uscc(code).value()).isEqualTo(code);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "91350100M000100Y44", // wrong check character
        "91350100M000100Y4", // 17 characters
        "91350100M000100Y431", // 19 characters
        "91350100M000I00Y43", // I is not in the character set
        "9135A100M000100Y43", // division code must be digits
        ""})
    void refusesMalformedCodes(String code) {
        assertThat(Uscc.isValid(code)).isFalse();
        assertThatThrownBy(() -> new Uscc(code))
                .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_USCC));
    }

    @Test
    void detectsEverySingleCharacterChange() {
        String valid = "91330100799655058B";
        String charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        for (int i = 0; i < 18; i++) {
            for (char c : charset.toCharArray()) {
                if (c != valid.charAt(i)) {
                    String changed = valid.substring(0, i) + c + valid.substring(i + 1);
                    assertThat(Uscc.isValid(changed)).as(changed).isFalse();
                }
            }
        }
    }

    @Test
    void parseAcceptsLowerCaseAndBlanks() {
        assertThat(Uscc.parse(" 9144030071526726xg ").value()).isEqualTo("9144030071526726XG");
    }

    @Test
    void checkCharacterCompletesAValidCode() {
        String first17 = "91330200MA2GXXXX0".replace('X', '1');
        assertThat(Uscc.isValid(first17 + Uscc.checkCharacter(first17))).isTrue();
    }
}
