package org.shuyu.cli.support;

import picocli.CommandLine.Option;

/**
 * {@code --limit N} and {@code --all} for list commands ({@code @Mixin PageOptions paging;}), read by
 * {@link Pages#list}. A command whose API already has its own {@code limit} (e.g. table preview, audit search) does
 * not mix this in.
 */
public final class PageOptions {
    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "Show at most N items (default: ${DEFAULT-VALUE}); pages are followed as needed.")
    int limit = 100;

    @Option(names = "--all", description = "Show every item, following all pages (ignores --limit).")
    boolean all;

    public PageOptions() {}

    /** For code that lists without a command line (tests, other helpers). */
    public PageOptions(int limit, boolean all) {
        this.limit = limit;
        this.all = all;
    }

    public int limit() {
        return limit;
    }

    public boolean all() {
        return all;
    }
}
