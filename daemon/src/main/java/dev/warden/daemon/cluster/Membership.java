package dev.warden.daemon.cluster;

import java.util.List;

/** The live members of the cluster as this node sees them, and a call whenever that changes. */
interface Membership {

    /** This node's name. */
    String self();

    /** The live members, this node included; each name once. */
    List<Rendezvous.Member> members();

    /** {@code listener} runs on the engine's own thread after each change (join, leave, merge). */
    void onChange(Runnable listener);
}
