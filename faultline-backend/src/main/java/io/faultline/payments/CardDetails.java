package io.faultline.payments;

/**
 * Card details as a customer typed them, as they travel in a request. They are never stored: the
 * service keeps only {@link #lastFour()} and a keyed fingerprint of the number, and nothing of the
 * CVC. {@link #toString()} masks the number and hides the CVC, so the details cannot leak into a
 * log or a simulator trace by accident.
 *
 * @param number the card number (PAN), digits, spaces allowed between groups
 * @param expiryMonth 1 to 12
 * @param expiryYear the four-digit year, such as 2030
 * @param cvc the 3 or 4 digit card verification code, as a string to keep leading zeros
 */
public record CardDetails(String number, int expiryMonth, int expiryYear, String cvc) {

    /** The number with spaces removed (what the checks and the fingerprint use). */
    public String digits() {
        return number == null ? "" : number.replace(" ", "");
    }

    /** The last four digits, or fewer if the number is shorter. */
    public String lastFour() {
        String d = digits();
        return d.length() <= 4 ? d : d.substring(d.length() - 4);
    }

    @Override
    public String toString() {
        return "CardDetails[number=**** " + lastFour() + ", expiry=" + expiryMonth + "/"
            + expiryYear + ", cvc=***]";
    }
}
