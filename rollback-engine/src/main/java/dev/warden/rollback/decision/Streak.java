package dev.warden.rollback.decision;

import dev.warden.checks.CheckResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Breaches in a row of one check on one target: how many, the first (the budget runs from it), the latest few. */
final class Streak {
    private static final int REMEMBERED = 10;

    private final CheckResult first;
    private final Deque<CheckResult> recent = new ArrayDeque<>();
    private int length;

    Streak(CheckResult first) {
        this.first = first;
    }

    void add(CheckResult breach) {
        length++;
        if (length > 1) {
            recent.addLast(breach);
            if (recent.size() > REMEMBERED) {
                recent.removeFirst();
            }
        }
    }

    int length() {
        return length;
    }

    CheckResult first() {
        return first;
    }

    CheckResult latest() {
        return recent.isEmpty() ? first : recent.getLast();
    }

    /** The first breach, then the latest ones; a long streak's middle is summarised by its length. */
    List<CheckResult> remembered() {
        List<CheckResult> out = new ArrayList<>();
        out.add(first);
        out.addAll(recent);
        return out;
    }
}
