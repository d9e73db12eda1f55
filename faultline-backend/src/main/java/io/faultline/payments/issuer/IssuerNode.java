package io.faultline.payments.issuer;

import io.faultline.payments.ErrorCode;
import io.faultline.payments.Fields;
import io.faultline.payments.Fingerprints;
import io.faultline.payments.IssuerMessage.AuthResult;
import io.faultline.payments.IssuerMessage.Authorize;
import io.faultline.payments.IssuerMessage.Outcome;
import io.faultline.payments.IssuerMessage.Resolve;
import io.faultline.payments.issuer.IssuerTimer.SlowAuthorizationDone;
import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.DurableStore;
import io.faultline.sim.Message;
import io.faultline.sim.Node;
import io.faultline.sim.Timer;

import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A simulated card issuer: authorises charges by {@link TestCards test card}, at most once per
 * idempotency key however often a request is retried or duplicated, and durably, so a restart does
 * not forget a decision.
 *
 * <p>Store layout: {@code auth/<key>} with the state ({@code PROCESSING} for a slow card,
 * {@code DECIDED}), the outcome and code, the request's fingerprint, the card's last four digits
 * and the address to answer. The approved records are the money that moved.
 *
 * <p>Not thread-safe: an engine hands it one event at a time.
 */
public final class IssuerNode implements Node {

    static final String AUTH = "auth/";

    private final long slowDelayMs;

    /** @param slowDelayMs how long the slow test card takes, in ms of the node's clock */
    public IssuerNode(long slowDelayMs) {
        if (slowDelayMs < 0 || slowDelayMs > 3_600_000) {
            throw new IllegalArgumentException("slowDelayMs must be in [0, 3600000], got "
                + slowDelayMs);
        }
        this.slowDelayMs = slowDelayMs;
    }

    @Override
    public void init(Context ctx) {
        // After a restart, slow authorisations still in progress start their delay again.
        for (Map.Entry<String, String> e : ctx.store().scan(AUTH).entrySet()) {
            if ("PROCESSING".equals(Fields.decode(e.getValue()).get("state"))) {
                ctx.setTimer(new SlowAuthorizationDone(e.getKey().substring(AUTH.length())),
                    slowDelayMs);
            }
        }
    }

    @Override
    public void onMessage(Context ctx, Address from, Message message) {
        if (message instanceof Authorize a) {
            onAuthorize(ctx, from, a);
        } else if (message instanceof Resolve r) {
            onResolve(ctx, from, r);
        }
    }

    @Override
    public void onTimer(Context ctx, Timer timer) {
        if (timer instanceof SlowAuthorizationDone t) {
            Map<String, String> rec = load(ctx, t.key());
            if (rec != null && "PROCESSING".equals(rec.get("state"))) {
                decide(ctx, t.key(), rec, Outcome.APPROVED, "");
                ctx.send(Address.of(rec.get("reply_to")),
                    new AuthResult(t.key(), Outcome.APPROVED, ""));
            }
        }
    }

    private void onAuthorize(Context ctx, Address from, Authorize a) {
        String fp = Fingerprints.request(a.amountMinor(), a.currency(), a.card().lastFour(),
            a.card().expiryMonth(), a.card().expiryYear());
        Map<String, String> rec = load(ctx, a.key());
        if (rec != null) {
            if (!fp.equals(rec.get("fp"))) {
                ctx.reply(new AuthResult(a.key(), Outcome.FAILED,
                    ErrorCode.IDEMPOTENCY_KEY_REUSED.wire()));
            } else if ("DECIDED".equals(rec.get("state"))) {
                ctx.reply(result(a.key(), rec));
            }
            // Still processing: the answer goes out when the slow card is done.
            return;
        }
        TestCards.Behaviour behaviour = TestCards.behaviour(a.card().digits());
        Map<String, String> fresh = new TreeMap<>();
        fresh.put("fp", fp);
        fresh.put("last4", a.card().lastFour());
        fresh.put("reply_to", from.name());
        if (behaviour == TestCards.Behaviour.SLOW) {
            fresh.put("state", "PROCESSING");
            fresh.put("outcome", "");
            fresh.put("code", "");
            ctx.store().put(AUTH + a.key(), Fields.encode(fresh));
            ctx.setTimer(new SlowAuthorizationDone(a.key()), slowDelayMs);
            return;
        }
        Outcome outcome = switch (behaviour) {
            case APPROVE, SLOW -> Outcome.APPROVED;
            case DECLINE, INSUFFICIENT_FUNDS -> Outcome.DECLINED;
            case FAIL -> Outcome.FAILED;
        };
        decide(ctx, a.key(), fresh, outcome, TestCards.code(behaviour));
        ctx.reply(new AuthResult(a.key(), outcome, TestCards.code(behaviour)));
    }

    private void onResolve(Context ctx, Address from, Resolve r) {
        Map<String, String> rec = load(ctx, r.key());
        if (rec != null && "DECIDED".equals(rec.get("state"))) {
            ctx.reply(result(r.key(), rec));
            return;
        }
        // Never seen, or still processing: settle it as not charged, so that an authorisation
        // still in flight is refused when it arrives.
        Map<String, String> fenced = rec != null ? new TreeMap<>(rec) : new TreeMap<>();
        fenced.putIfAbsent("fp", "");
        fenced.putIfAbsent("last4", "");
        fenced.put("reply_to", from.name());
        String code = ErrorCode.PROCESSING_INTERRUPTED.wire();
        decide(ctx, r.key(), fenced, Outcome.FAILED, code);
        ctx.reply(new AuthResult(r.key(), Outcome.FAILED, code));
    }

    private static void decide(Context ctx, String key, Map<String, String> rec, Outcome outcome,
                               String code) {
        Map<String, String> decided = new TreeMap<>(rec);
        decided.put("state", "DECIDED");
        decided.put("outcome", outcome.name());
        decided.put("code", code);
        ctx.store().put(AUTH + key, Fields.encode(decided));
    }

    private static AuthResult result(String key, Map<String, String> rec) {
        return new AuthResult(key, Outcome.valueOf(rec.get("outcome")), rec.get("code"));
    }

    private static Map<String, String> load(Context ctx, String key) {
        return ctx.store().get(AUTH + key).map(Fields::decode).orElse(null);
    }

    /** The keys whose authorisation was approved: the charges that moved money. */
    public static SortedSet<String> approvedKeys(DurableStore store) {
        SortedSet<String> keys = new TreeSet<>();
        for (Map.Entry<String, String> e : store.scan(AUTH).entrySet()) {
            if (Outcome.APPROVED.name().equals(Fields.decode(e.getValue()).get("outcome"))) {
                keys.add(e.getKey().substring(AUTH.length()));
            }
        }
        return keys;
    }
}
