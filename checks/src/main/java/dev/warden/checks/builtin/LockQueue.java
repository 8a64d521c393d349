package dev.warden.checks.builtin;

import dev.warden.checks.migrations.DdlStatements;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What the lock graph means: who waits longest, the chain above it, and DDL statements holding up others. */
record LockQueue(List<LockSession> sessions) {
    LockQueue {
        sessions = List.copyOf(sessions);
    }

    /** A DDL session that blocks others, and how long the longest of those has waited. */
    record BlockingDdl(LockSession session, int blockedSessions, double longestBlockedWait) {
    }

    List<LockSession> waiting() {
        return sessions.stream().filter(LockSession::waiting).toList();
    }

    Optional<LockSession> longestWaiter() {
        return waiting().stream().max(Comparator.comparingDouble(LockSession::waitSeconds));
    }

    double longestWaitSeconds() {
        return longestWaiter().map(LockSession::waitSeconds).orElse(0.0);
    }

    /** From the head of the queue down to the longest waiter, following each session's first blocker. */
    List<LockSession> chainToLongestWaiter() {
        Map<Integer, LockSession> byPid = byPid();
        List<LockSession> chain = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        LockSession current = longestWaiter().orElse(null);
        while (current != null && seen.add(current.pid())) {
            chain.add(current);
            current = current.blockedBy().isEmpty() ? null : byPid.get(current.blockedBy().get(0));
        }
        Collections.reverse(chain);
        return chain;
    }

    /** DDL sessions (waiting or not) that other waiting sessions wait for. */
    List<BlockingDdl> blockingDdl() {
        List<BlockingDdl> found = new ArrayList<>();
        for (LockSession session : sessions) {
            if (!DdlStatements.isDdl(session.statement())) {
                continue;
            }
            List<LockSession> victims = waiting().stream().filter(w -> w.blockedBy().contains(session.pid())).toList();
            if (!victims.isEmpty()) {
                found.add(new BlockingDdl(session, victims.size(),
                        victims.stream().mapToDouble(LockSession::waitSeconds).max().orElse(0)));
            }
        }
        return found;
    }

    private Map<Integer, LockSession> byPid() {
        Map<Integer, LockSession> byPid = new LinkedHashMap<>();
        sessions.forEach(s -> byPid.put(s.pid(), s));
        return byPid;
    }
}
