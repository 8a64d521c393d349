package dev.warden.config.schema;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** "Did you mean" for misspelt keys: the closest allowed name within a small edit distance. */
final class Suggestions {
    private Suggestions() {
    }

    static Optional<String> closest(String found, Collection<String> allowed) {
        int limit = Math.max(2, found.length() / 3);
        return allowed.stream()
                .filter(candidate -> distance(found.toLowerCase(), candidate) <= limit)
                .min(Comparator.comparingInt(candidate -> distance(found.toLowerCase(), candidate)));
    }

    /** Levenshtein distance with a single rolling row. */
    static int distance(String a, String b) {
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            row[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int above = row[j];
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), diagonal + cost);
                diagonal = above;
            }
        }
        return row[b.length()];
    }
}
