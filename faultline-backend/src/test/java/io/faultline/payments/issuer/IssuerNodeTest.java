package io.faultline.payments.issuer;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.payments.CardDetails;
import io.faultline.payments.Currency;
import io.faultline.payments.IssuerMessage.AuthResult;
import io.faultline.payments.IssuerMessage.Authorize;
import io.faultline.payments.IssuerMessage.Outcome;
import io.faultline.payments.IssuerMessage.Resolve;
import io.faultline.payments.RequestChecks;
import io.faultline.payments.TestWorld;
import io.faultline.sim.Message;

import java.util.List;

import org.junit.jupiter.api.Test;

class IssuerNodeTest {

    private final TestWorld world = new TestWorld().add("issuer", () -> new IssuerNode(3_000));

    private static Authorize auth(String key, long amount, String number) {
        return new Authorize(key, amount, Currency.EUR, new CardDetails(number, 1, 2031, "000"));
    }

    @Test
    void everyTestCardPassesTheCardChecks() {
        for (String n : List.of(TestCards.SUCCEEDS, TestCards.DECLINED,
            TestCards.INSUFFICIENT_FUNDS, TestCards.SLOW, TestCards.FAILS)) {
            assertThat(RequestChecks.luhn(n)).as(n).isTrue();
        }
    }

    @Test
    void answersEachTestCardWithItsOutcome() {
        assertThat(world.ask("p", "issuer", auth("a", 1, TestCards.SUCCEEDS)))
            .isEqualTo(new AuthResult("a", Outcome.APPROVED, ""));
        assertThat(world.ask("p", "issuer", auth("b", 1, TestCards.DECLINED)))
            .isEqualTo(new AuthResult("b", Outcome.DECLINED, "card_declined"));
        assertThat(world.ask("p", "issuer", auth("c", 1, TestCards.INSUFFICIENT_FUNDS)))
            .isEqualTo(new AuthResult("c", Outcome.DECLINED, "insufficient_funds"));
        assertThat(world.ask("p", "issuer", auth("d", 1, TestCards.FAILS)))
            .isEqualTo(new AuthResult("d", Outcome.FAILED, "processing_error"));
        assertThat(IssuerNode.approvedKeys(world.store("issuer"))).containsExactly("a");
    }

    @Test
    void aRetriedAuthorisationIsDecidedOnce() {
        world.ask("p", "issuer", auth("a", 1, TestCards.SUCCEEDS));
        long writes = world.store("issuer").writeCount();
        assertThat(world.ask("p", "issuer", auth("a", 1, TestCards.SUCCEEDS)))
            .isEqualTo(new AuthResult("a", Outcome.APPROVED, ""));
        assertThat(world.store("issuer").writeCount()).isEqualTo(writes);
    }

    @Test
    void refusesItsKeyReusedForAnotherCharge() {
        world.ask("p", "issuer", auth("a", 1, TestCards.SUCCEEDS));
        Message other = world.ask("p", "issuer", auth("a", 2, TestCards.SUCCEEDS));
        assertThat(other).isEqualTo(new AuthResult("a", Outcome.FAILED, "idempotency_key_reused"));
        assertThat(IssuerNode.approvedKeys(world.store("issuer"))).containsExactly("a");
    }

    @Test
    void theSlowCardAnswersAfterItsDelayEvenAcrossARestart() {
        world.request("p", "issuer", auth("s", 1, TestCards.SLOW));
        assertThat(world.takeInbox("p")).isEmpty();
        world.crashAndRestart("issuer");
        world.advance(2_999);
        assertThat(world.takeInbox("p")).isEmpty();
        world.advance(1);
        assertThat(world.takeInbox("p"))
            .containsExactly(new AuthResult("s", Outcome.APPROVED, ""));
    }

    @Test
    void resolvingAnUnknownOrUnfinishedKeySettlesItAsNotCharged() {
        world.request("p", "issuer", auth("s", 1, TestCards.SLOW));
        assertThat(world.ask("p", "issuer", new Resolve("s")))
            .isEqualTo(new AuthResult("s", Outcome.FAILED, "processing_interrupted"));
        assertThat(world.ask("p", "issuer", new Resolve("never-seen")))
            .isEqualTo(new AuthResult("never-seen", Outcome.FAILED, "processing_interrupted"));
        assertThat(world.ask("p", "issuer", auth("never-seen", 1, TestCards.SUCCEEDS)))
            .isInstanceOfSatisfying(AuthResult.class,
                r -> assertThat(r.outcome()).isEqualTo(Outcome.FAILED));
        world.advance(10_000);
        assertThat(world.takeInbox("p")).isEmpty();
        assertThat(IssuerNode.approvedKeys(world.store("issuer"))).isEmpty();
    }

    @Test
    void resolvingADecidedKeyGivesItsOutcome() {
        world.ask("p", "issuer", auth("a", 1, TestCards.SUCCEEDS));
        assertThat(world.ask("p", "issuer", new Resolve("a")))
            .isEqualTo(new AuthResult("a", Outcome.APPROVED, ""));
    }
}
