package io.faultline.protocols.archfixture;

import io.faultline.runtime.archfixture.QuietNode;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpClient;

/** Architecture fixture: a protocol node that opens its own connections. */
public final class SocketNode extends QuietNode {

    void connect() throws IOException {
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
        }
        HttpClient.newHttpClient();
    }
}
