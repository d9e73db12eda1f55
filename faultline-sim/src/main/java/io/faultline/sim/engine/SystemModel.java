package io.faultline.sim.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** One choice on each of the course's three axes: network, nodes, timing. */
public record SystemModel(NetworkModel network, NodeModel nodes, TimingModel timing) {

    public SystemModel {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(nodes, "nodes");
        Objects.requireNonNull(timing, "timing");
    }

    /** All 27 combinations, network varying slowest. */
    public static List<SystemModel> all() {
        List<SystemModel> out = new ArrayList<>();
        for (NetworkModel n : NetworkModel.values()) {
            for (NodeModel f : NodeModel.values()) {
                for (TimingModel t : TimingModel.values()) {
                    out.add(new SystemModel(n, f, t));
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return network.cliName() + "/" + nodes.cliName() + "/" + timing.cliName();
    }
}
