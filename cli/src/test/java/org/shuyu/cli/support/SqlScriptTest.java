package org.shuyu.cli.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Statement splitting for {@code shuyu sql}: semicolons in quotes and comments do not end a statement. */
class SqlScriptTest {
    @Test
    void splitsAtSemicolonsOutsideQuotesAndComments() {
        assertThat(SqlScript.split("SELECT 1; SELECT 'a;b' AS s ;\n-- c; d\nSELECT \"x;y\", `z;w` FROM t /* ; */"))
                .containsExactly("SELECT 1", "SELECT 'a;b' AS s", "-- c; d\nSELECT \"x;y\", `z;w` FROM t /* ; */");
    }

    @Test
    void dropsBlankAndCommentOnlyStatements() {
        assertThat(SqlScript.split(" ;; -- only a comment\n; /* and this */ ;")).isEmpty();
        assertThat(SqlScript.split("SELECT 1")).containsExactly("SELECT 1");
    }

    @Test
    void doubledQuotesAndEscapesStayInsideTheLiteral() {
        assertThat(SqlScript.split("SELECT 'it''s; fine'; SELECT 'back\\'slash;'"))
                .containsExactly("SELECT 'it''s; fine'", "SELECT 'back\\'slash;'");
    }

    @Test
    void aStatementIsCompleteWhenItsLastCodeCharacterIsASemicolon() {
        assertThat(SqlScript.complete("SELECT 1;")).isTrue();
        assertThat(SqlScript.complete("SELECT 1;  \n")).isTrue();
        assertThat(SqlScript.complete("SELECT 1; -- done\n")).isTrue();
        assertThat(SqlScript.complete("SELECT\n  1")).isFalse();
        assertThat(SqlScript.complete("SELECT 'open;")).isFalse();
        assertThat(SqlScript.complete("SELECT 1; SELECT 2")).isFalse();
        assertThat(SqlScript.complete("")).isFalse();
    }
}
