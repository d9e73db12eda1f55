package io.faultline.app;

/**
 * Bad usage found after parsing: the message names the bad value and what would have been valid.
 * Commands throw it; {@link Main} prints it and exits with {@link ExitCodes#USAGE}.
 */
public final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
