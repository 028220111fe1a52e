package org.shuyu.controller.exchange;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.config.IdGenerator;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.grant.Grant;
import org.shuyu.controller.grant.GrantsForProducts;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.identity.Permissions;
import org.shuyu.controller.identity.Role;
import org.shuyu.controller.notification.Notice;
import org.shuyu.controller.notification.Notifications;
import org.shuyu.controller.notification.Recipient;
import org.shuyu.controller.organization.Organization;
import org.shuyu.controller.organization.Organizations;
import org.shuyu.controller.product.Product;
import org.shuyu.controller.product.ProductLifecycle;
import org.shuyu.controller.product.ProductStore;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recommending listed products to a partner data exchange (R-19c, docs/exchange.md). The operator's accountable
 * person, or the authority of the grant's jurisdiction, files a recommendation of a LISTED product; the authority
 * exports the registration record ({@link ExchangeExport}) to the exchange (SUBMITTED, with the export's SHA-256) and
 * records the exchange's answer (REGISTERED with its number, or REJECTED with the reason); the recommender may
 * withdraw it before the answer. Every step is a row of {@link ExchangeLifecycle#TABLE}, audited and noticed to whoever
 * acts next, in one transaction. No call leaves the platform: the export is handed over by the authority.
 */
@Service
public class ExchangeRecommendations {
    private static final int EXCHANGE_MAX = 200;
    private static final int TEXT_MAX = 1000;
    private static final Pattern REGISTRATION_NUMBER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,63}");

    private final ExchangeStore store;
    private final ProductStore products;
    private final GrantsForProducts grants;
    private final Organizations organizations;
    private final ExchangeExport export;
    private final AuditLog audit;
    private final Notifications notifications;
    private final IdGenerator ids;
    private final Clock clock;
    private final TransactionTemplate tx;

    public ExchangeRecommendations(ExchangeStore store, ProductStore products, GrantsForProducts grants,
            Organizations organizations, ExchangeExport export, AuditLog audit, Notifications notifications,
            IdGenerator ids, Clock clock, PlatformTransactionManager transactions) {
        this.store = requireNonNull(store, "store is null");
        this.products = requireNonNull(products, "products is null");
        this.grants = requireNonNull(grants, "grants is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
        this.export = requireNonNull(export, "export is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.notifications = requireNonNull(notifications, "notifications is null");
        this.ids = requireNonNull(ids, "ids is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.tx = new TransactionTemplate(requireNonNull(transactions, "transactions is null"));
    }

    /** Files a recommendation of a listed product to {@code exchange}; one open recommendation per product and exchange. */
    public ExchangeRecommendation recommend(Actor actor, String productId, String exchange, String note) {
        String name = text(exchange, "exchange", EXCHANGE_MAX, true);
        String why = text(note, "note", TEXT_MAX, false);
        return tx.execute(status -> {
            Product p = products.lock(productId).orElseThrow(() -> SandboxException.notFound("product", productId));
            Grant grant = grantOf(p);
            boolean accountable = accountable(actor, p.organizationId());
            if (!Permissions.recommendsToExchange(actor, accountable, grant.jurisdiction())) {
                if (!ProductLifecycle.listed(p.state()) && !Permissions.readsExchangeRecommendation(actor, accountable,
                        grant.jurisdiction())) {
                    throw SandboxException.notFound("product", productId);
                }
                throw new SandboxException(ErrorCode.FORBIDDEN_ROLE, "a product is recommended to an exchange by its"
                        + " operator's accountable person or the data authority of its grant's jurisdiction");
            }
            if (!ProductLifecycle.listed(p.state())) {
                throw new SandboxException(ErrorCode.EXCHANGE_PRODUCT_NOT_LISTED, "product " + productId + " is "
                        + p.state() + "; only a listed product is recommended to an exchange");
            }
            boolean open = store.ofProduct(productId).stream()
                    .anyMatch(r -> !r.state().terminal() && r.exchange().equalsIgnoreCase(name));
            if (open) {
                throw new SandboxException(ErrorCode.EXCHANGE_RECOMMENDATION_OPEN, "product " + productId
                        + " already has an open recommendation to this exchange");
            }
            Instant now = clock.instant();
            ExchangeRecommendation r = new ExchangeRecommendation(ids.next("exr"), p.id(), p.grantId(),
                    p.organizationId(), grant.jurisdiction().code(), name, why, ExchangeLifecycle.initial(),
                    actor.userId(), now, now, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty());
            store.insert(r);
            audit.append(ExchangeAuditEvents.done(actor, ExchangeLifecycle.RECOMMEND_ACTION, r, "recommended"));
            notifications.send(Notice.of("exchange.recommended", authority(r), "exchange-recommendation", r.id(),
                    "Product " + p.id() + " is recommended to exchange " + name + "; export it or decline"));
            return r;
        });
    }

    /** Exports the registration record to the exchange (the authority): SUBMITTED, the export and its SHA-256 kept. */
    public ExchangeRecommendation submit(Actor actor, String id) {
        return tx.execute(status -> {
            ExchangeRecommendation r = lockAsAuthority(actor, id);
            Product p = products.lock(r.productId()).orElseThrow(() -> SandboxException.notFound("product", r.productId()));
            var t = ExchangeLifecycle.TABLE.apply(r.state(), ExchangeEvent.SUBMIT,
                    new ExchangeLifecycle.Facts(ProductLifecycle.listed(p.state())));
            Instant now = clock.instant();
            Organization operator = organizations.find(p.organizationId())
                    .orElseThrow(() -> SandboxException.notFound("organization", p.organizationId()));
            ExchangeExport.Text text = export.render(r, p, grantOf(p), operator, actor, now);
            ExchangeRecommendation next = r.submitted(text.sha256(), now);
            store.update(next, Optional.of(text.json()));
            audit.append(ExchangeAuditEvents.done(actor, t.auditAction().orElseThrow(), next,
                    "exported; sha256 " + text.sha256()));
            notifications.send(Notice.of("exchange.submitted", authority(next), "exchange-recommendation", next.id(),
                    "Registration record of product " + next.productId() + " exported to " + next.exchange()
                            + "; record the exchange's answer"));
            notifications.send(Notice.of("exchange.submitted", accountablePerson(next), "exchange-recommendation",
                    next.id(), "Registration record of product " + next.productId() + " exported to " + next.exchange()));
            return next;
        });
    }

    /** Records the exchange's registration number (the authority). */
    public ExchangeRecommendation register(Actor actor, String id, String registrationNumber) {
        if (registrationNumber == null || !REGISTRATION_NUMBER.matcher(registrationNumber.strip()).matches()) {
            throw new SandboxException(ErrorCode.EXCHANGE_INPUT_INVALID, "registrationNumber must be 1-64 letters, digits"
                    + " or . _ / - , starting with a letter or digit");
        }
        String number = registrationNumber.strip();
        return decide(actor, id, ExchangeEvent.REGISTER, Optional.of(number), Optional.empty(), "registered as " + number);
    }

    /** Records the exchange's refusal, or declines to forward the recommendation (the authority). */
    public ExchangeRecommendation reject(Actor actor, String id, String reason) {
        String why = text(reason, "reason", TEXT_MAX, true);
        return decide(actor, id, ExchangeEvent.REJECT, Optional.empty(), Optional.of(why), "rejected: " + why);
    }

    /** Takes a recommendation back before the exchange answers (the accountable person or the authority). */
    public ExchangeRecommendation withdraw(Actor actor, String id, String reason) {
        String why = text(reason, "reason", TEXT_MAX, false);
        return tx.execute(status -> {
            ExchangeRecommendation r = store.lock(id).orElseThrow(() -> SandboxException.notFound("exchange recommendation", id));
            boolean accountable = accountable(actor, r.organizationId());
            Jurisdiction j = new Jurisdiction(r.jurisdiction());
            if (!Permissions.recommendsToExchange(actor, accountable, j)) {
                throw refusal(actor, r, accountable, "the recommender's side (the operator's accountable person or the"
                        + " data authority) withdraws a recommendation");
            }
            var t = ExchangeLifecycle.TABLE.apply(r.state(), ExchangeEvent.WITHDRAW, ExchangeLifecycle.Facts.NONE);
            Instant now = clock.instant();
            ExchangeRecommendation next = r.decided(t.to(), r.registrationNumber(),
                    Optional.of(why.isEmpty() ? "withdrawn" : why), now);
            store.update(next, Optional.empty());
            audit.append(ExchangeAuditEvents.done(actor, t.auditAction().orElseThrow(), next, "withdrawn"));
            notifications.send(Notice.of("exchange.withdrawn", authority(next), "exchange-recommendation", next.id(),
                    "Recommendation of product " + next.productId() + " to " + next.exchange() + " was withdrawn"));
            return next;
        });
    }

    /** The recommendation if the actor may read it: security supervisors, the authority covering it, the operator. */
    public ExchangeRecommendation get(Actor actor, String id) {
        ExchangeRecommendation r = store.find(id).orElseThrow(() -> SandboxException.notFound("exchange recommendation", id));
        if (!readable(actor, r)) {
            throw SandboxException.notFound("exchange recommendation", id);
        }
        return r;
    }

    /** The recommendations the actor may read, of one product if given, newest first. */
    public List<ExchangeRecommendation> search(Actor actor, Optional<String> productId, Optional<ExchangeState> state,
            int limit) {
        List<ExchangeRecommendation> all = productId.map(store::ofProduct).orElseGet(() -> store.all(limit));
        List<ExchangeRecommendation> out = new ArrayList<>();
        for (ExchangeRecommendation r : all) {
            if (out.size() >= limit) {
                break;
            }
            if (state.map(s -> s == r.state()).orElse(true) && readable(actor, r)) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * The export as the exchange received it (byte for byte) once SUBMITTED; before that, a preview of what it would be
     * now, marked so by its {@code exportedAt} being the time of the call.
     */
    public String exportText(Actor actor, String id) {
        ExchangeRecommendation r = get(actor, id);
        Optional<String> kept = store.export(id);
        if (kept.isPresent()) {
            return kept.get();
        }
        if (r.state() != ExchangeState.RECOMMENDED) {
            throw new SandboxException(ErrorCode.ILLEGAL_EXCHANGE_TRANSITION, "recommendation " + id + " is " + r.state()
                    + " and was never exported");
        }
        Product p = products.find(r.productId()).orElseThrow(() -> SandboxException.notFound("product", r.productId()));
        if (!ProductLifecycle.listed(p.state())) {
            throw new SandboxException(ErrorCode.EXCHANGE_PRODUCT_NOT_LISTED, "product " + p.id() + " is " + p.state()
                    + "; it cannot be exported");
        }
        Organization operator = organizations.find(p.organizationId())
                .orElseThrow(() -> SandboxException.notFound("organization", p.organizationId()));
        return export.render(r, p, grantOf(p), operator, actor, clock.instant()).json();
    }

    boolean readable(Actor actor, ExchangeRecommendation r) {
        return Permissions.readsExchangeRecommendation(actor, accountable(actor, r.organizationId()),
                new Jurisdiction(r.jurisdiction()));
    }

    private ExchangeRecommendation decide(Actor actor, String id, ExchangeEvent event, Optional<String> number,
            Optional<String> why, String detail) {
        return tx.execute(status -> {
            ExchangeRecommendation r = lockAsAuthority(actor, id);
            var t = ExchangeLifecycle.TABLE.apply(r.state(), event, ExchangeLifecycle.Facts.NONE);
            Instant now = clock.instant();
            ExchangeRecommendation next = r.decided(t.to(), number, why, now);
            store.update(next, Optional.empty());
            audit.append(ExchangeAuditEvents.done(actor, t.auditAction().orElseThrow(), next, detail));
            notifications.send(Notice.of("exchange." + (event == ExchangeEvent.REGISTER ? "registered" : "rejected"),
                    accountablePerson(next), "exchange-recommendation", next.id(), "Recommendation of product "
                            + next.productId() + " to " + next.exchange() + " is " + next.state()));
            return next;
        });
    }

    private ExchangeRecommendation lockAsAuthority(Actor actor, String id) {
        ExchangeRecommendation r = store.lock(id).orElseThrow(() -> SandboxException.notFound("exchange recommendation", id));
        if (!Permissions.answersForExchange(actor, new Jurisdiction(r.jurisdiction()))) {
            throw refusal(actor, r, accountable(actor, r.organizationId()), "the data authority of the grant's"
                    + " jurisdiction exports a recommendation and records the exchange's answer");
        }
        return r;
    }

    /** 403 for someone who may read it, 404 for anyone else (no existence oracle). */
    private SandboxException refusal(Actor actor, ExchangeRecommendation r, boolean accountable, String message) {
        if (!Permissions.readsExchangeRecommendation(actor, accountable, new Jurisdiction(r.jurisdiction()))) {
            return SandboxException.notFound("exchange recommendation", r.id());
        }
        return new SandboxException(ErrorCode.FORBIDDEN_ROLE, message);
    }

    private Grant grantOf(Product p) {
        return grants.grant(p.grantId()).orElseThrow(() -> SandboxException.notFound("grant", p.grantId()));
    }

    private boolean accountable(Actor actor, String organizationId) {
        return organizations.find(organizationId).map(o -> o.isAccountable(actor.userId())).orElse(false);
    }

    private static Recipient authority(ExchangeRecommendation r) {
        return Recipient.role(Role.AUTHORITY, new Jurisdiction(r.jurisdiction()));
    }

    private Recipient accountablePerson(ExchangeRecommendation r) {
        return organizations.find(r.organizationId()).map(o -> Recipient.user(o.accountableUserId()))
                .orElseGet(() -> authority(r));
    }

    private static String text(String value, String field, int max, boolean required) {
        String v = value == null ? "" : value.strip();
        if ((required && v.isEmpty()) || v.length() > max || v.chars().anyMatch(c -> c < 0x20)) {
            throw new SandboxException(ErrorCode.EXCHANGE_INPUT_INVALID, field + " must be " + (required ? "1" : "0")
                    + "-" + max + " characters without control characters");
        }
        return v;
    }
}
