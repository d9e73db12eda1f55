package io.faultline.payments;

import io.faultline.payments.PaymentsMessage.ChargeRequest;
import io.faultline.payments.PaymentsMessage.Rejected;

import java.time.LocalDate;
import java.util.Optional;

/**
 * The checks of a request's input, done before anything is stored: a request that fails one is
 * rejected and changes nothing, and its idempotency key is not recorded (as Stripe does), so the
 * client may fix the request and retry with the same key.
 *
 * <p>Parameter names are the wire names of the REST and gRPC APIs ({@code card.card_number}, ...).
 * Messages never repeat a card number beyond its last four digits, nor any part of a CVC.
 */
public final class RequestChecks {

    /** The longest idempotency key accepted, as Stripe's limit. */
    public static final int IDEMPOTENCY_KEY_LENGTH_MAX = 255;
    /** The longest API client id accepted. */
    public static final int CLIENT_ID_LENGTH_MAX = 64;
    /** The shortest and the longest card numbers (ISO/IEC 7812). */
    public static final int CARD_DIGITS_MIN = 12;
    public static final int CARD_DIGITS_MAX = 19;
    /** How many years ahead an expiry date may be. */
    public static final int EXPIRY_YEARS_AHEAD_MAX = 50;

    private RequestChecks() {
    }

    /** Empty when the charge request is valid, else why not. */
    public static Optional<Rejected> charge(ChargeRequest r, long amountMinorMax, long calendarMs) {
        Optional<Rejected> common = clientAndKey(r.clientId(), r.idempotencyKey());
        if (common.isPresent()) {
            return common;
        }
        if (r.amountMinor() <= 0) {
            return reject(ErrorCode.INVALID_AMOUNT, "amount",
                "amount must be greater than 0, got " + r.amountMinor() + " minor units");
        }
        if (r.amountMinor() > amountMinorMax) {
            return reject(ErrorCode.AMOUNT_TOO_LARGE, "amount", "amount must be at most "
                + amountMinorMax + " minor units, got " + r.amountMinor());
        }
        if (r.currency() == null) {
            return reject(ErrorCode.INVALID_CURRENCY, "currency",
                "currency is missing or not supported; valid currencies: " + Currency.validCodes());
        }
        if (r.card() == null) {
            return reject(ErrorCode.INVALID_REQUEST, "card", "card is required");
        }
        return card(r.card(), calendarMs);
    }

    /** Empty when the API client id is acceptable, else why not. */
    public static Optional<Rejected> client(String clientId) {
        if (clientId == null || clientId.isEmpty() || clientId.length() > CLIENT_ID_LENGTH_MAX
            || !clientId.chars().allMatch(RequestChecks::isClientIdChar)) {
            return reject(ErrorCode.INVALID_CLIENT, "client",
                "the API client id must be 1 to " + CLIENT_ID_LENGTH_MAX
                    + " characters of A-Z, a-z, 0-9, '.', '_' or '-'");
        }
        return Optional.empty();
    }

    /** Empty when the client id and the idempotency key are acceptable, else why not. */
    public static Optional<Rejected> clientAndKey(String clientId, String idempotencyKey) {
        Optional<Rejected> badClient = client(clientId);
        if (badClient.isPresent()) {
            return badClient;
        }
        if (idempotencyKey == null || idempotencyKey.isEmpty()) {
            return reject(ErrorCode.MISSING_IDEMPOTENCY_KEY, "idempotency_key",
                "an idempotency key is required: choose a unique one (a UUID) before the first try"
                    + " and send the same one on every retry");
        }
        if (idempotencyKey.length() > IDEMPOTENCY_KEY_LENGTH_MAX
            || !idempotencyKey.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            return reject(ErrorCode.INVALID_IDEMPOTENCY_KEY, "idempotency_key",
                "the idempotency key must be 1 to " + IDEMPOTENCY_KEY_LENGTH_MAX
                    + " printable ASCII characters without spaces, got " + idempotencyKey.length()
                    + " characters");
        }
        return Optional.empty();
    }

    /** Empty when the card details pass every check at calendar time {@code calendarMs}. */
    public static Optional<Rejected> card(CardDetails card, long calendarMs) {
        String digits = card.digits();
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return reject(ErrorCode.INVALID_CARD_NUMBER, "card.card_number",
                "card_number must contain only digits (spaces between groups are allowed)");
        }
        if (digits.length() < CARD_DIGITS_MIN || digits.length() > CARD_DIGITS_MAX) {
            return reject(ErrorCode.INVALID_CARD_NUMBER, "card.card_number",
                "card_number must have " + CARD_DIGITS_MIN + " to " + CARD_DIGITS_MAX
                    + " digits, got " + digits.length());
        }
        if (!luhn(digits)) {
            return reject(ErrorCode.INVALID_CARD_NUMBER, "card.card_number",
                "card_number ending " + card.lastFour()
                    + " fails the Luhn check: a digit is mistyped");
        }
        if (card.expiryMonth() < 1 || card.expiryMonth() > 12) {
            return reject(ErrorCode.INVALID_EXPIRY_MONTH, "card.expiry_month",
                "expiry_month must be 1 to 12, got " + card.expiryMonth());
        }
        LocalDate today = LocalDate.ofEpochDay(Math.floorDiv(calendarMs, 86_400_000L));
        int year = today.getYear();
        if (card.expiryYear() < 1000 || card.expiryYear() > 9999) {
            // A two-digit year, as printed on the card, is not an expired card.
            return reject(ErrorCode.INVALID_EXPIRY_YEAR, "card.expiry_year",
                "expiry_year must be a four-digit year such as " + (year + 4) + ", got "
                    + card.expiryYear());
        }
        if (card.expiryYear() < year || card.expiryYear() == year
            && card.expiryMonth() < today.getMonthValue()) {
            return reject(ErrorCode.EXPIRED_CARD, "card.expiry_year",
                "the card expired at the end of " + card.expiryMonth() + "/" + card.expiryYear()
                    + "; today is " + today);
        }
        if (card.expiryYear() > year + EXPIRY_YEARS_AHEAD_MAX) {
            return reject(ErrorCode.INVALID_EXPIRY_YEAR, "card.expiry_year",
                "expiry_year must be a four-digit year from " + year + " to "
                    + (year + EXPIRY_YEARS_AHEAD_MAX) + ", got " + card.expiryYear());
        }
        String cvc = card.cvc();
        if (cvc == null || cvc.length() < 3 || cvc.length() > 4
            || !cvc.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return reject(ErrorCode.INVALID_CVC, "card.cvc", "cvc must be 3 or 4 digits");
        }
        return Optional.empty();
    }

    /** The Luhn (mod 10) check of a string of digits. */
    public static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    private static boolean isClientIdChar(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
            || c == '.' || c == '_' || c == '-';
    }

    static Optional<Rejected> reject(ErrorCode code, String param, String message) {
        return Optional.of(new Rejected(code, param, message));
    }
}
