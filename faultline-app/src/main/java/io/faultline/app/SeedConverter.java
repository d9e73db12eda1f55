package io.faultline.app;

import picocli.CommandLine;

/** Reads a seed: an unsigned 64-bit integer, with an error that says what is valid. */
final class SeedConverter implements CommandLine.ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        try {
            return Long.parseUnsignedLong(value.trim());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("seed '" + value
                + "' is not a number; valid: an integer from 0 to 18446744073709551615");
        }
    }
}
