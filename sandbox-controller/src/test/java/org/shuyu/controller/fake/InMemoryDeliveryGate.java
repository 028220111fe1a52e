package org.shuyu.controller.fake;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.product.DeliveryChannel;
import org.shuyu.controller.product.DeliveryGate;
import org.shuyu.controller.product.Product;
import org.shuyu.controller.product.ProductKind;
import org.shuyu.controller.product.ProductState;

/**
 * A hand-written {@link DeliveryGate} for adapter tests: products and their snapshot files in memory, the same checks
 * as the port describes (exists, LISTED, channel, scenario), and a record of every open, check and close. A product
 * can be told to stop after {@code n} {@link #stillAllowed} answers (a delisting mid-stream).
 */
public final class InMemoryDeliveryGate implements DeliveryGate {
    private final Map<String, Product> products = new LinkedHashMap<>();
    private final Map<String, Path> files = new ConcurrentHashMap<>();
    private final Map<String, Integer> stopAfter = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> checks = new ConcurrentHashMap<>();
    private final List<Opened> opened = new ArrayList<>();
    private final List<Closed> closed = new ArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();

    /** An open call as the gate saw it. */
    public record Opened(Actor caller, String productId, String scenario, DeliveryChannel channel) {}

    /** A close as the gate saw it. */
    public record Closed(Delivery delivery, long rows, long bytes, Optional<String> failure) {}

    /** A product of {@code kind} in {@code state}, frozen into {@code file} with {@code rows} rows. */
    public static Product product(String id, String name, ProductKind kind, ProductState state, String scenario, long rows, long bytes) {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        return new Product(id, "grant-1", "org-1", name, 1, kind, "test product " + id, scenario, "features", Optional.empty(), state,
                Optional.empty(), "engineer", at, at,
                Optional.of(new Product.Snapshot("job-" + id, id + ".arrow", rows, bytes, "ab".repeat(32), at)));
    }

    public synchronized InMemoryDeliveryGate add(Product product, Path file) {
        products.put(product.id(), requireNonNull(product, "product is null"));
        files.put(product.id(), requireNonNull(file, "file is null"));
        return this;
    }

    /** After {@code allowed} true answers, {@link #stillAllowed} says false for every delivery of the product. */
    public InMemoryDeliveryGate stopAfter(String productId, int allowed) {
        stopAfter.put(productId, allowed);
        return this;
    }

    @Override
    public synchronized Delivery open(Actor caller, String productId, String scenario, DeliveryChannel channel) {
        opened.add(new Opened(caller, productId, scenario, channel));
        Product product = products.get(productId);
        if (product == null) {
            throw SandboxException.notFound("product", productId);
        }
        if (product.state() != ProductState.LISTED) {
            throw new SandboxException(ErrorCode.PRODUCT_NOT_LISTED, "product " + productId + " is " + product.state());
        }
        if (product.kind().channel() != channel) {
            throw new SandboxException(ErrorCode.WRONG_DELIVERY_CHANNEL, "product " + productId + " is delivered by "
                    + product.kind().channel());
        }
        if (!normalized(scenario).equals(normalized(product.scenario()))) {
            throw new SandboxException(ErrorCode.SCENARIO_MISMATCH, "the scenario is not the product's approved scenario");
        }
        return new Delivery("call-" + calls.incrementAndGet(), caller, product, scenario, channel, files.get(productId), 1,
                Instant.parse("2026-01-02T00:00:00Z"));
    }

    @Override
    public boolean stillAllowed(Delivery delivery) {
        int count = checks.computeIfAbsent(delivery.callId(), k -> new AtomicInteger()).incrementAndGet();
        Integer limit = stopAfter.get(delivery.product().id());
        return limit == null || count <= limit;
    }

    @Override
    public synchronized void close(Delivery delivery, long rows, long bytes, Optional<String> failure) {
        closed.add(new Closed(delivery, rows, bytes, failure));
    }

    @Override
    public synchronized List<Product> listed(DeliveryChannel channel) {
        return products.values().stream()
                .filter(p -> p.state() == ProductState.LISTED && p.kind().channel() == channel)
                .sorted(Comparator.comparing(Product::createdAt).reversed())
                .toList();
    }

    public synchronized List<Opened> opened() {
        return List.copyOf(opened);
    }

    public synchronized List<Closed> closed() {
        return List.copyOf(closed);
    }

    /** How many times {@link #stillAllowed} was asked about the call. */
    public int checks(String callId) {
        AtomicInteger count = checks.get(callId);
        return count == null ? 0 : count.get();
    }

    private static String normalized(String scenario) {
        return scenario.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
