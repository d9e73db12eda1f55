package io.faultline.runtime.store;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The keys a store may hold, as a Bloom filter: {@link #mightContain} is never false for a key
 * that was {@link #add added}, and is true for at most about 3 in 1,000 keys that were not. A
 * node whose store is the only writer of its rows asks it before a read, so that looking up a key
 * that does not exist (a new idempotency key, say, on every charge) costs no database round trip.
 *
 * <p>It grows as keys are added: when one part holds its capacity, a part twice as large is
 * added (a scalable Bloom filter). A key it seems to hold already takes no room again. Keys are
 * never removed; a deleted key only costs a read, and a {@link FilteredStore} builds a new filter
 * once deleted keys are as many as live ones.
 *
 * <pre>{@code
 * KeyFilter keys = KeyFilter.withCapacity(store.keyCount());
 * store.forEachKey(keys::add);
 * if (keys.mightContain("idem/c1/k1")) { ... store.get("idem/c1/k1") ... }
 * }</pre>
 *
 * <p>Thread-safe: {@link #add} is serialised, {@link #mightContain} takes no lock and sees every
 * key whose {@code add} returned before it began.
 */
public final class KeyFilter {

    /** Bits per key of capacity, before rounding up to a power of two. */
    private static final int BITS_PER_KEY = 12;
    /**
     * Bits set per key: the best for 12 bits per key (0.3% false positives); the rounding up only
     * adds bits, which lowers that.
     */
    private static final int PROBES = 8;
    /** The smallest part, in keys (16 KiB of bits). */
    static final long CAPACITY_MIN = 1 << 13;
    /** The largest part, in keys (2^34 bits, 2 GiB); beyond it parts stop growing. */
    private static final long CAPACITY_MAX = 1L << 30;

    /** One Bloom filter of a fixed size. */
    private static final class Part {
        final AtomicLongArray words;
        final long mask;
        final long capacity;
        long count; // under the filter's lock

        Part(long capacity) {
            long bits = Long.highestOneBit(Math.max(64, capacity * BITS_PER_KEY - 1)) << 1;
            this.words = new AtomicLongArray(Math.toIntExact(bits >>> 6));
            this.mask = bits - 1;
            this.capacity = capacity;
        }

        /** Under the filter's lock. */
        void add(long a, long b) {
            for (int i = 0; i < PROBES; i++) {
                long bit = (a + i * b) & mask;
                int word = (int) (bit >>> 6);
                long flag = 1L << bit;
                long old = words.get(word);
                if ((old & flag) == 0) {
                    words.set(word, old | flag); // adds are serialised: no update is lost
                }
            }
            count++;
        }

        boolean mightContain(long a, long b) {
            for (int i = 0; i < PROBES; i++) {
                long bit = (a + i * b) & mask;
                if ((words.get((int) (bit >>> 6)) & (1L << bit)) == 0) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Newest last; replaced, never changed, when a part is added. */
    private volatile Part[] parts;
    private long size;

    private KeyFilter(long capacity) {
        this.parts = new Part[] {new Part(capacity)};
    }

    /**
     * An empty filter sized for {@code expectedKeys} (at least {@value #CAPACITY_MIN}); it grows
     * past that.
     */
    public static KeyFilter withCapacity(long expectedKeys) {
        if (expectedKeys < 0) {
            throw new IllegalArgumentException("expectedKeys must be >= 0, was " + expectedKeys);
        }
        return new KeyFilter(Math.min(CAPACITY_MAX, Math.max(CAPACITY_MIN, expectedKeys)));
    }

    /**
     * A filter of every key {@code store} holds now, with room for as many again before it
     * grows. Reads the keys only, a page at a time.
     */
    public static KeyFilter of(JdbcStore store) {
        KeyFilter filter = withCapacity(2 * store.keyCount());
        store.forEachKey(filter::add);
        return filter;
    }

    /**
     * Adds {@code key}, unless the filter seems to hold it already (it was added, or is a false
     * positive): either way {@link #mightContain} is true for it from now on.
     *
     * @return whether the key took room: false when it seemed to be there already
     */
    public synchronized boolean add(String key) {
        long h = hash(key);
        long a = mix(h);
        long b = step(h);
        if (mightContain(a, b)) {
            return false;
        }
        Part newest = parts[parts.length - 1];
        if (newest.count >= newest.capacity) {
            Part[] grown = Arrays.copyOf(parts, parts.length + 1);
            newest = new Part(Math.min(CAPACITY_MAX, newest.capacity * 2));
            grown[grown.length - 1] = newest;
            parts = grown;
        }
        newest.add(a, b);
        size++;
        return true;
    }

    /** False only if {@code key} was never added. */
    public boolean mightContain(String key) {
        long h = hash(key);
        return mightContain(mix(h), step(h));
    }

    private boolean mightContain(long a, long b) {
        for (Part p : parts) {
            if (p.mightContain(a, b)) {
                return true;
            }
        }
        return false;
    }

    /** How many keys took room: keys added, less those that seemed to be there already. */
    public synchronized long size() {
        return size;
    }

    /** FNV-1a over the key's chars: a 64-bit hash of the whole string. */
    private static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h = (h ^ key.charAt(i)) * 0x100000001b3L;
        }
        return h;
    }

    /**
     * The distance between a key's probes (double hashing): odd, so that the probes of a part,
     * whose size is a power of two, never repeat.
     */
    private static long step(long h) {
        return mix(h + 0x9e3779b97f4a7c15L) | 1;
    }

    /** The finaliser of SplitMix64: spreads every input bit over every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
