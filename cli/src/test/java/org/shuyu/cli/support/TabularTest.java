package org.shuyu.cli.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Result rows as a text table, whichever JSON shape the columns and rows have. */
class TabularTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String print(String json) throws Exception {
        StringWriter out = new StringWriter();
        Tabular.print(JSON.readTree(json), new PrintWriter(out));
        return out.toString();
    }

    @Test
    void typedColumnsAndArrayRowsAlignWithNullsShown() throws Exception {
        assertThat(print("{\"columns\":[{\"name\":\"uscc\",\"type\":\"string\"},{\"name\":\"amount\",\"type\":\"decimal\"}],"
                + "\"rows\":[[\"U001\",\"1520.00\"],[\"U0002\",null]],\"truncated\":true}"))
                .isEqualTo("uscc   amount\nU001   1520.00\nU0002  NULL\n(2 rows, more not shown)\n");
    }

    @Test
    void nameColumnsAndObjectRows() throws Exception {
        assertThat(print("{\"columns\":[\"a\",\"b\"],\"rows\":[{\"b\":2,\"a\":\"x\\ny\"}]}"))
                .isEqualTo("a    b\nx y  2\n(1 row)\n");
        assertThat(print("{\"columns\":[],\"rows\":[]}")).isEqualTo("(0 rows)\n");
    }
}
