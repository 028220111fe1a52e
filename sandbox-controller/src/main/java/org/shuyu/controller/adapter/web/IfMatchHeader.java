package org.shuyu.controller.adapter.web;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.version.IfMatch;

/**
 * Parses If-Match request headers (RFC 9110 section 13.1.1): {@code *}, or a comma-separated list of entity tags. A
 * strong tag of a number is a revision; a weak tag ({@code W/"..."}) or another opaque tag never matches (If-Match
 * compares strongly). Anything else is refused with 400 INVALID_PRECONDITION.
 */
final class IfMatchHeader {
    private IfMatchHeader() {}

    static Optional<IfMatch> parse(List<String> headers) {
        if (headers.isEmpty()) {
            return Optional.empty();
        }
        boolean any = false;
        boolean some = false;
        Set<Long> revisions = new HashSet<>();
        for (String header : headers) {
            for (String part : header.split(",")) {
                String tag = part.strip();
                if (tag.isEmpty()) {
                    continue;
                }
                some = true;
                if (tag.equals("*")) {
                    any = true;
                    continue;
                }
                boolean weak = tag.startsWith("W/");
                String quoted = weak ? tag.substring(2) : tag;
                if (quoted.length() < 2 || quoted.charAt(0) != '"' || quoted.charAt(quoted.length() - 1) != '"'
                        || quoted.substring(1, quoted.length() - 1).contains("\"")) {
                    throw invalid();
                }
                String value = quoted.substring(1, quoted.length() - 1);
                if (!weak && value.matches("[0-9]{1,18}")) {
                    revisions.add(Long.parseLong(value));
                }
            }
        }
        if (!some) {
            throw invalid();
        }
        return Optional.of(new IfMatch(any, revisions));
    }

    private static SandboxException invalid() {
        return new SandboxException(ErrorCode.INVALID_PRECONDITION,
                "If-Match must be * or a list of entity tags such as \"7\" (the ETag of your last read)");
    }
}
