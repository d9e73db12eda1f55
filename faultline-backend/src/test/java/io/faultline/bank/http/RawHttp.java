package io.faultline.bank.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.bank.app.BankJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, for requests that {@link Http} cannot send: paths that are not
 * valid URIs, chunked bodies, and a Content-Length without the body behind it.
 */
final class RawHttp {

    /** The answer: its status, its Content-Type and its body (as JSON when it is JSON). */
    record Answer(int status, String contentType, String body, JsonNode json) {
    }

    /** What the client sends after the request head; it may stop before the body ends. */
    interface BodyWriter {
        void write(OutputStream out) throws IOException;
    }

    private static final int TIMEOUT_MS = 10_000;

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    /** {@code GET path} exactly as given, with extra header lines (each ending in CRLF). */
    Answer get(String path, String headers) {
        return send("GET " + path + " HTTP/1.1\r\n" + headers, out -> { });
    }

    /** {@code POST path} with extra header lines (each ending in CRLF) and then {@code body}. */
    Answer post(String path, String headers, BodyWriter body) {
        return send("POST " + path + " HTTP/1.1\r\nContent-Type: application/json\r\n"
            + headers, body);
    }

    /** {@code data} as one chunk of a chunked body. */
    static void chunk(OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private Answer send(String head, BodyWriter body) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            out.write((head + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
            // The server may answer before the body ends, so write it alongside the reading.
            Thread writer = new Thread(() -> {
                try {
                    body.write(out);
                    out.flush();
                } catch (IOException e) {
                    // The server stopped reading the body; its answer is what is checked.
                }
            }, "raw-http-body");
            writer.setDaemon(true);
            writer.start();
            return parse(readAnswer(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The answer's bytes, up to the end of its body: the server may keep the connection open
     * while a body it refused is still on its way.
     */
    private static byte[] readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        int b;
        while ((b = readOrFail(in, got)) >= 0) {
            got.write(b);
            String text = got.toString(StandardCharsets.ISO_8859_1);
            int headEnd = text.indexOf("\r\n\r\n");
            if (headEnd >= 0 && bodyComplete(text.substring(0, headEnd).toLowerCase(Locale.ROOT),
                text.substring(headEnd + 4))) {
                break;
            }
        }
        return got.toByteArray();
    }

    private static int readOrFail(InputStream in, ByteArrayOutputStream got) throws IOException {
        try {
            return in.read();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no complete answer within " + TIMEOUT_MS + " ms; got '"
                + got.toString(StandardCharsets.ISO_8859_1) + "'", e);
        }
    }

    private static boolean bodyComplete(String head, String body) {
        for (String line : head.split("\r\n")) {
            if (line.startsWith("content-length:")) {
                return body.length() >= Integer.parseInt(line.substring(15).trim());
            }
        }
        if (head.contains("transfer-encoding: chunked")) {
            return body.startsWith("0\r\n\r\n") || body.contains("\r\n0\r\n\r\n");
        }
        return false;
    }

    private static Answer parse(byte[] response) throws IOException {
        String text = new String(response, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        String[] head = text.substring(0, headEnd).split("\r\n");
        int status = Integer.parseInt(head[0].split(" ")[1]);
        String contentType = "";
        boolean chunked = false;
        for (String line : head) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-type:")) {
                contentType = line.substring(line.indexOf(':') + 1).trim();
            }
            chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
        }
        String body = text.substring(headEnd + 4);
        if (chunked) {
            body = unchunk(body);
        }
        body = new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        JsonNode json = contentType.startsWith("application/json")
            ? BankJson.MAPPER.readTree(body) : null;
        return new Answer(status, contentType, body, json);
    }

    private static String unchunk(String chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                return out.toString(StandardCharsets.ISO_8859_1);
            }
            out.writeBytes(chunked.substring(lineEnd + 2, lineEnd + 2 + size)
                .getBytes(StandardCharsets.ISO_8859_1));
            at = lineEnd + 2 + size + 2;
        }
    }
}
