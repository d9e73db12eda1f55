package io.faultline.protocols.archfixture;

import picocli.CommandLine;

/** Architecture fixture: a protocol that uses a library; protocols may use the JDK and sim only. */
public final class ProtocolUsesPicocli {

    int parse(Object command, String... args) {
        return new CommandLine(command).execute(args);
    }
}
