package org.shuyu.cli.support;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.shuyu.client.ApiException;
import org.shuyu.client.ApiResponse;

/**
 * Lists across pages. The API answers a list with one page (a JSON array) and, when more items exist, a
 * {@code Link: <...?pageToken=...>; rel="next"} header; this follows those links until {@code --limit} items are
 * collected or, with {@code --all}, until the last page. Commands pass the generated {@code ...WithHttpInfo} call:
 *
 * <pre>
 * List&lt;GrantDto&gt; grants = Pages.list(cli, paging, (limit, token) -&gt; api.listGrantsWithHttpInfo(limit, token));
 * </pre>
 *
 * When the limit cut the list short, a note on standard error says how to see the rest.
 */
public final class Pages {
    /** The largest page the API serves ({@code limit} is 1..1000). */
    public static final int MAX_PAGE = 1000;
    /** Guard against a server that keeps answering with a next link: no list is followed beyond this many pages. */
    static final int MAX_PAGES = 10_000;

    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]+)*)");
    private static final Pattern REL_NEXT = Pattern.compile(";\\s*rel\\s*=\\s*\"?([^\";]*)\"?");

    /** One page request: the generated {@code listXxxWithHttpInfo(..., limit, pageToken)} call. */
    @FunctionalInterface
    public interface Fetch<T> {
        ApiResponse<List<T>> page(Integer limit, String pageToken) throws ApiException;
    }

    /** What was collected, and whether the server had more than that. */
    public record Result<T>(List<T> items, boolean more) {}

    private Pages() {}

    /**
     * Items of a list, following next links within {@code paging}'s limit, noting on standard error when more
     * exist. The usual call for a list command.
     */
    public static <T> List<T> list(Cli cli, PageOptions paging, Fetch<T> fetch) throws ApiException {
        Result<T> result = collect(paging.all() ? Integer.MAX_VALUE : paging.limit(), fetch);
        if (result.more()) {
            cli.output().note("(first " + result.items().size() + " shown; more with --limit N or --all)");
        }
        return result.items();
    }

    /** Up to {@code max} items ({@code Integer.MAX_VALUE}: all), page by page. */
    public static <T> Result<T> collect(int max, Fetch<T> fetch) throws ApiException {
        if (max < 1) {
            throw CliException.usage("INVALID_LIMIT", "--limit must be at least 1 (got " + max + ")");
        }
        List<T> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String token = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            int want = Math.min(MAX_PAGE, max - items.size());
            ApiResponse<List<T>> response = fetch.page(want, token);
            List<T> data = response.getData() == null ? List.of() : response.getData();
            for (T item : data) {
                if (items.size() == max) {
                    return new Result<>(items, true);
                }
                items.add(item);
            }
            Optional<String> next = nextToken(response);
            if (next.isEmpty()) {
                return new Result<>(items, false);
            }
            if (items.size() >= max) {
                return new Result<>(items, true);
            }
            if (!seen.add(next.get()) || data.isEmpty()) {
                throw new CliException(ExitCode.ERROR, "PAGINATION_LOOP",
                        "the server repeated a page (token " + next.get() + "); the list is incomplete");
            }
            token = next.get();
        }
        throw new CliException(ExitCode.ERROR, "PAGINATION_LOOP", "more than " + MAX_PAGES + " pages; stopped");
    }

    /** The {@code pageToken} of the response's {@code Link rel="next"}, if it has one. */
    public static Optional<String> nextToken(ApiResponse<?> response) {
        if (response.getHeaders() == null) {
            return Optional.empty();
        }
        return response.getHeaders().entrySet().stream()
                .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase("Link"))
                .flatMap(e -> e.getValue().stream())
                .map(Pages::nextUrl)
                .flatMap(Optional::stream)
                .map(Pages::pageToken)
                .flatMap(Optional::stream)
                .findFirst();
    }

    /** The URL of the {@code rel="next"} entry of one Link header value (RFC 8288), if any. */
    static Optional<String> nextUrl(String linkHeader) {
        Matcher link = LINK.matcher(linkHeader);
        while (link.find()) {
            Matcher rel = REL_NEXT.matcher(link.group(2));
            while (rel.find()) {
                for (String value : rel.group(1).trim().split("\\s+")) {
                    if (value.equalsIgnoreCase("next")) {
                        return Optional.of(link.group(1).trim());
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The {@code pageToken} query parameter of a (possibly relative) URL. */
    static Optional<String> pageToken(String url) {
        String query;
        try {
            query = URI.create(url).getRawQuery();
        } catch (IllegalArgumentException e) {
            int q = url.indexOf('?');
            query = q < 0 ? null : url.substring(q + 1);
        }
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (name.equals("pageToken") && eq >= 0) {
                String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                return value.isEmpty() ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
