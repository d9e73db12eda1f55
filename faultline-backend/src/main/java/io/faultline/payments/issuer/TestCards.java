package io.faultline.payments.issuer;

import io.faultline.payments.ErrorCode;

/**
 * The simulated issuer's test cards, in the style of Stripe's: each number has a fixed behaviour.
 * Every other number that passes the checks is approved at once.
 *
 * <table>
 *   <caption>Test cards</caption>
 *   <tr><th>number</th><th>behaviour</th></tr>
 *   <tr><td>4242 4242 4242 4242</td><td>approved</td></tr>
 *   <tr><td>4000 0000 0000 0002</td><td>declined: {@code card_declined}</td></tr>
 *   <tr><td>4000 0000 0000 9995</td><td>declined: {@code insufficient_funds}</td></tr>
 *   <tr><td>4000 0000 0000 3220</td><td>slow: approved after the issuer's slow delay</td></tr>
 *   <tr><td>4000 0000 0000 0119</td><td>fails: {@code processing_error}</td></tr>
 * </table>
 */
public final class TestCards {

    public static final String SUCCEEDS = "4242424242424242";
    public static final String DECLINED = "4000000000000002";
    public static final String INSUFFICIENT_FUNDS = "4000000000009995";
    public static final String SLOW = "4000000000003220";
    public static final String FAILS = "4000000000000119";

    /** What the issuer does with a card. */
    public enum Behaviour { APPROVE, DECLINE, INSUFFICIENT_FUNDS, SLOW, FAIL }

    private TestCards() {
    }

    /** The behaviour of the card with these digits. */
    public static Behaviour behaviour(String digits) {
        return switch (digits) {
            case DECLINED -> Behaviour.DECLINE;
            case INSUFFICIENT_FUNDS -> Behaviour.INSUFFICIENT_FUNDS;
            case SLOW -> Behaviour.SLOW;
            case FAILS -> Behaviour.FAIL;
            default -> Behaviour.APPROVE;
        };
    }

    /** The failure code a behaviour answers with, empty for an approval. */
    static String code(Behaviour b) {
        return switch (b) {
            case APPROVE, SLOW -> "";
            case DECLINE -> ErrorCode.CARD_DECLINED.wire();
            case INSUFFICIENT_FUNDS -> ErrorCode.INSUFFICIENT_FUNDS.wire();
            case FAIL -> ErrorCode.PROCESSING_ERROR.wire();
        };
    }
}
