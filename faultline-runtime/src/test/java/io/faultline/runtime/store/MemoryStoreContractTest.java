package io.faultline.runtime.store;

import io.faultline.sim.DurableStore;
import io.faultline.sim.MemoryStore;

/** The store contract on the simulator's in-memory store. */
class MemoryStoreContractTest extends DurableStoreContract {

    private final MemoryStore store = new MemoryStore();

    @Override
    protected DurableStore store() {
        return store;
    }

    /** The engine keeps the store object across a node's restart; that is its durability. */
    @Override
    protected DurableStore reopen() {
        return store;
    }
}
