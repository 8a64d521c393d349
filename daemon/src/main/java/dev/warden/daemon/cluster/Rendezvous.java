package dev.warden.daemon.cluster;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which node owns a target: rendezvous (highest random weight) hashing. Every node scores every
 * (node, target) pair with the same hash and the highest score owns the target, so nodes that see
 * the same members agree without talking, a node leaving moves only its own targets, and a node
 * joining takes only the targets it now scores highest on (about its share). A weight scales a node's
 * share (logarithmic method: score = weight / -ln(u), u uniform in (0, 1) from the hash).
 */
public final class Rendezvous {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final double TWO_TO_53 = 9007199254740992.0;

    private Rendezvous() {
    }

    /** A live member: its name (stable across restarts) and its weight (1 and up). */
    public record Member(String name, int weight) {
        public Member {
            if (weight < 1) {
                throw new IllegalArgumentException("a member's weight is at least 1, found " + weight);
            }
        }
    }

    /** The owner of each target, in the targets' order; empty when there are no members. */
    public static Map<String, String> assign(Collection<String> targets, Collection<Member> members) {
        Map<String, String> owners = new LinkedHashMap<>();
        for (String target : targets) {
            owner(target, members).ifPresent(owner -> owners.put(target, owner));
        }
        return owners;
    }

    /** The member scoring highest on {@code target}; a tie (vanishingly rare) goes to the smaller name. */
    public static Optional<String> owner(String target, Collection<Member> members) {
        String best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Member member : members) {
            double score = score(member, target);
            if (score > bestScore || score == bestScore && member.name().compareTo(best) < 0) {
                best = member.name();
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }

    static double score(Member member, String target) {
        long hash = hash(member.name(), target);
        // The top 53 bits as a double strictly inside (0, 1): -ln(u) is then finite and positive.
        double u = ((hash >>> 11) + 0.5) / TWO_TO_53;
        return member.weight() / -Math.log(u);
    }

    /** FNV-1a over both names (a zero byte between them), then MurmurHash3's finaliser to spread the bits. */
    static long hash(String member, String target) {
        long h = FNV_OFFSET;
        for (byte b : member.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * FNV_PRIME;
        }
        h = (h ^ 0) * FNV_PRIME;
        for (byte b : target.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * FNV_PRIME;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
