package org.shuyu.controller.catalog;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;

/**
 * Whether an uploaded file is the registered schema: the header names the columns in order, every row has as
 * many fields, and every non-empty field parses as its column's type the way the runtime's CSV reader reads it. An
 * empty field is null (every column is nullable). A field holding a line break, a double quote or a backslash is
 * refused: the runtime's reader (Spark's CSV source, one record per line, backslash escapes) would not read it back as
 * written. Refusals name the line, the column and the type, never the value.
 */
public final class DatasetDataCheck implements SourceData.RecordCheck {
    private static final Pattern DECIMAL = Pattern.compile("decimal\\((\\d{1,2}),(\\d{1,2})\\)");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,19}");
    private static final Pattern DOUBLE = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d{1,3})?|NaN|[+-]?Inf");
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd().append(DateTimeFormatter.ISO_LOCAL_TIME).toFormatter();

    private final Dataset dataset;

    public DatasetDataCheck(Dataset dataset) {
        this.dataset = requireNonNull(dataset, "dataset is null");
    }

    @Override
    public void header(List<String> names) {
        List<String> expected = dataset.columns().stream().map(Column::name).toList();
        if (!expected.equals(names)) {
            String got = names.size() == expected.size() ? "other names or another order" : names.size() + " columns";
            throw new SandboxException(ErrorCode.DATASET_DATA_WRONG_HEADER, "line 1: the header must be the registered columns of "
                    + dataset.id() + " in order (" + String.join(",", expected) + "), got " + got);
        }
    }

    @Override
    public void row(long line, List<String> fields) {
        List<Column> columns = dataset.columns();
        if (fields.size() != columns.size()) {
            throw new SandboxException(ErrorCode.DATASET_DATA_MALFORMED, "line " + line + ": " + fields.size()
                    + " fields, the schema has " + columns.size() + " columns");
        }
        for (int i = 0; i < columns.size(); i++) {
            String value = fields.get(i);
            if (value == null || value.isEmpty()) {
                continue;
            }
            Column column = columns.get(i);
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\\') >= 0) {
                throw new SandboxException(ErrorCode.DATASET_DATA_BAD_VALUE, "line " + line + ", column " + column.name()
                        + ": a value with a line break, a double quote or a backslash cannot be read back by the runtime");
            }
            if (!parses(column.type(), value)) {
                throw new SandboxException(ErrorCode.DATASET_DATA_BAD_VALUE, "line " + line + ", column " + column.name()
                        + ": the value is not of type " + column.type());
            }
        }
    }

    /** Whether {@code value} (not empty) is a value of the catalog type {@code type}. */
    static boolean parses(String type, String value) {
        try {
            switch (type) {
                case "string":
                    return true;
                case "int":
                    Integer.parseInt(value);
                    return INTEGER.matcher(value).matches();
                case "bigint":
                    Long.parseLong(value);
                    return INTEGER.matcher(value).matches();
                case "double":
                    return DOUBLE.matcher(value).matches();
                case "boolean":
                    return value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
                case "date":
                    LocalDate.parse(value);
                    return true;
                case "timestamp":
                    return timestamp(value);
                default:
                    Matcher m = DECIMAL.matcher(type);
                    if (!m.matches()) {
                        return false;
                    }
                    BigDecimal number = new BigDecimal(value);
                    int precision = Integer.parseInt(m.group(1));
                    int scale = Integer.parseInt(m.group(2));
                    BigDecimal scaled = number.stripTrailingZeros();
                    int fraction = Math.max(scaled.scale(), 0);
                    int integer = Math.max(scaled.precision() - scaled.scale(), 0);
                    return fraction <= scale && integer <= precision - scale;
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            return false;
        }
    }

    private static boolean timestamp(String value) {
        try {
            LocalDateTime.parse(value, TIMESTAMP);
            return true;
        } catch (DateTimeParseException e) {
            OffsetDateTime.parse(value);
            return true;
        }
    }
}
