package io.faultline.app.bench;

/** A benchmark client that wants every update of its account, by polling or by push. */
interface BenchClient {

    /** What the client has received so far. */
    UpdateTracker updates();

    /** Stops the client. */
    void close();
}
