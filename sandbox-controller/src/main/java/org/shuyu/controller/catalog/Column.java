package org.shuyu.controller.catalog;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;

/**
 * One column of a dataset's schema with its classification and grade. The type is a Spark SQL
 * type name: string, int, bigint, double, boolean, date, timestamp or decimal(p,s).
 */
public record Column(String name, String type, String description, ColumnClassification classification, int grade) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Pattern TYPE =
            Pattern.compile("string|int|bigint|double|boolean|date|timestamp|decimal\\((\\d{1,2}),(\\d{1,2})\\)");

    public Column {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(description, "description is null");
        requireNonNull(classification, "classification is null");
        if (!NAME.matcher(name).matches()) {
            throw schema("column name must be lowercase a-z, 0-9 and '_', starting with a letter, at most 63 characters, got '" + name + "'");
        }
        if (!TYPE.matcher(type).matches()) {
            throw schema("column '" + name + "' has unsupported type '" + type
                    + "'; use string, int, bigint, double, boolean, date, timestamp or decimal(p,s)");
        }
        if (description.length() > 1000) {
            throw schema("column '" + name + "' description must be at most 1000 characters");
        }
        if (!Grades.isValid(grade)) {
            throw schema("column '" + name + "' grade must be 1 (public) to 4 (highly sensitive), got " + grade);
        }
        if (grade < classification.minimumGrade()) {
            throw new SandboxException(ErrorCode.GRADE_BELOW_CLASSIFICATION, "column '" + name + "' is " + classification
                    + " and must be grade " + classification.minimumGrade() + " or higher, got " + grade);
        }
    }

    private static SandboxException schema(String message) {
        return new SandboxException(ErrorCode.INVALID_SCHEMA, message);
    }
}
