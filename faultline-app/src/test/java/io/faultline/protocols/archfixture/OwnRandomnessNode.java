package io.faultline.protocols.archfixture;

import io.faultline.runtime.archfixture.QuietNode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Architecture fixture: a node that makes its own randomness in every forbidden way. */
public final class OwnRandomnessNode extends QuietNode {

    double draw() {
        List<Integer> order = new ArrayList<>(List.of(1, 2, 3));
        Collections.shuffle(order);
        return new Random().nextInt() + new Random(42).nextInt() + new SecureRandom().nextInt()
            + Math.random() + ThreadLocalRandom.current().nextInt()
            + UUID.randomUUID().hashCode() + order.get(0);
    }
}
