package org.shuyu.cli.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.shuyu.client.ApiResponse;

/** {@link Pages}: following {@code Link rel=next} against a fake paged list of every size around the limits. */
class PagesTest {
    /** A server-side list of {@code size} items served in pages of at most {@code pageSize}. */
    private static final class FakeList implements Pages.Fetch<Integer> {
        final int size;
        final int pageSize;
        final List<Integer> requestedLimits = new ArrayList<>();

        FakeList(int size, int pageSize) {
            this.size = size;
            this.pageSize = pageSize;
        }

        @Override
        public ApiResponse<List<Integer>> page(Integer limit, String pageToken) {
            requestedLimits.add(limit);
            assertThat(limit).isBetween(1, Pages.MAX_PAGE);
            int from = pageToken == null ? 0 : Integer.parseInt(pageToken.substring("t".length()));
            int to = Math.min(size, from + Math.min(limit, pageSize));
            List<Integer> data = IntStream.range(from, to).boxed().toList();
            Map<String, List<String>> headers = to < size
                    ? Map.of("link", List.of("</api/v1/grants?limit=" + limit + "&pageToken=t" + to + ">; rel=\"next\""))
                    : Map.of();
            return new ApiResponse<>(200, headers, data);
        }
    }

    @Test
    void collectsExactlyUpToTheLimitAndSaysWhetherMoreExist() {
        for (int size : new int[] {0, 1, 7, 99, 100, 101, 250, 1000, 2501}) {
            for (int pageSize : new int[] {1, 3, 100, 1000}) {
                for (int max : new int[] {1, 5, 100, 1000, Integer.MAX_VALUE}) {
                    FakeList list = new FakeList(size, pageSize);
                    Pages.Result<Integer> result = assertDoesNotThrow(max, list);
                    int expected = Math.min(size, max);
                    assertThat(result.items()).as("size %d page %d max %d", size, pageSize, max)
                            .containsExactlyElementsOf(IntStream.range(0, expected).boxed().toList());
                    assertThat(result.more()).as("more? size %d max %d", size, max).isEqualTo(size > max);
                    assertThat(list.requestedLimits).allSatisfy(l -> assertThat(l).isLessThanOrEqualTo(max));
                }
            }
        }
    }

    private static Pages.Result<Integer> assertDoesNotThrow(int max, FakeList list) {
        try {
            return Pages.collect(max, list);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void readsTheNextLinkAmongOthersAndDecodesTheToken() {
        assertThat(Pages.nextUrl("<https://x/a?pageToken=p1>; rel=\"prev\", <https://x/a?limit=5&pageToken=a%2Bb%3D>; rel=\"next\""))
                .contains("https://x/a?limit=5&pageToken=a%2Bb%3D");
        assertThat(Pages.pageToken("https://x/a?limit=5&pageToken=a%2Bb%3D")).contains("a+b=");
        assertThat(Pages.nextUrl("</a?pageToken=z>; rel=next")).contains("/a?pageToken=z");
        assertThat(Pages.nextUrl("</a?pageToken=z>; rel=\"prev\"")).isEmpty();
        assertThat(Pages.pageToken("/a?limit=3")).isEmpty();
    }

    @Test
    void aServerRepeatingItsNextLinkIsStoppedNotFollowedForever() {
        Pages.Fetch<Integer> loop = (limit, token) -> new ApiResponse<>(200,
                Map.of("Link", List.of("</a?pageToken=same>; rel=\"next\"")), List.of(1));
        assertThatThrownBy(() -> Pages.collect(Integer.MAX_VALUE, loop))
                .isInstanceOf(CliException.class).hasMessageContaining("repeated");
    }

    @Test
    void aLimitBelowOneIsAUsageError() {
        assertThatThrownBy(() -> Pages.collect(0, new FakeList(3, 3)))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE));
    }
}
