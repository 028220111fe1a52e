package org.shuyu.controller.catalog;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;
import org.shuyu.controller.identity.Jurisdiction;

/** A data provider (公共管理和服务机构): a government body or utility that owns datasets. */
public record Provider(String id, String name, Jurisdiction jurisdiction, String description) {
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{1,63}");

    public Provider {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(jurisdiction, "jurisdiction is null");
        requireNonNull(description, "description is null");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("provider id must be 2-64 characters of a-z, 0-9 and '-', starting with a letter, got '" + id + "'");
        }
        if (name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("provider name must be 1-200 characters");
        }
        if (description.length() > 2000) {
            throw new IllegalArgumentException("provider description must be at most 2000 characters");
        }
    }
}
