package io.prescale.planner.calibrate;

import java.util.ArrayList;
import java.util.List;

/**
 * A readable line diff between two versions of the calibrated fragments: the YAML lines that changed, comment
 * lines (the header, which always changes) left out. {@code -} the line in force, {@code +} the new one.
 */
public final class FragmentDiff {
    private FragmentDiff() {
    }

    /** The diff of one file; empty when its YAML is the same. Lines are few (fragments), so a plain LCS does. */
    public static List<String> diff(String before, String after) {
        List<String> a = yaml(before);
        List<String> b = yaml(after);
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                i++;
                j++;
            } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
                out.add("+ " + b.get(j++));
            } else {
                out.add("- " + a.get(i++));
            }
        }
        return out;
    }

    private static List<String> yaml(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String l : text.split("\n", -1)) {
            if (!l.isBlank() && !l.stripLeading().startsWith("#")) {
                out.add(l.stripTrailing());
            }
        }
        return out;
    }
}
