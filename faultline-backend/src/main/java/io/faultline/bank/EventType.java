package io.faultline.bank;

/** What happened to an account; each kind moves the balance in one direction. */
public enum EventType {
    /** The account was opened with balance 0; always sequence number 1. */
    OPENED(0),
    /** Money came in from outside the bank. */
    DEPOSITED(1),
    /** Money went out of the bank. */
    WITHDRAWN(-1),
    /** Money left this account for another account of the bank (the debit half of a transfer). */
    TRANSFERRED_OUT(-1),
    /** Money came from another account of the bank (the credit half of a transfer). */
    TRANSFERRED_IN(1);

    private final int sign;

    EventType(int sign) {
        this.sign = sign;
    }

    /** +1 when the event adds money to the account, -1 when it takes money away, 0 otherwise. */
    public int sign() {
        return sign;
    }
}
