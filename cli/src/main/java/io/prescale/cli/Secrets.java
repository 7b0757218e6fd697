package io.prescale.cli;

import java.util.regex.Pattern;

/** Masks credentials in anything prescale prints: JDBC passwords, URL user info, tokens, AWS secret keys. */
final class Secrets {
    private static final Pattern[] PATTERNS = {
            // jdbc:postgresql://h/db?user=u&password=secret, ;password=secret; not a file named so (/etc/passwd: ...)
            Pattern.compile("(?i)(?<![/\\\\])(password|passwd|pwd|secret|token|apikey|api_key)(\\s*[=:]\\s*)"
                    + "([^&;\\s,)'\"]+)"),
            // scheme://user:secret@host
            Pattern.compile("(://[^/:@\\s]+:)([^@/\\s]+)(@)"),
            // Authorization: Bearer xxx / Basic xxx
            Pattern.compile("(?i)(bearer|basic)(\\s+)([A-Za-z0-9._~+/=-]{8,})"),
            // an AWS secret access key (40 characters) after a key id
            Pattern.compile("(AKIA[0-9A-Z]{16}[^A-Za-z0-9/+]{1,3})([A-Za-z0-9/+]{40})()")};

    private Secrets() {
    }

    static String mask(String s) {
        if (s == null) {
            return "";
        }
        String out = s;
        for (int i = 0; i < PATTERNS.length; i++) {
            out = i == 1 ? PATTERNS[i].matcher(out).replaceAll("$1***$3")
                    : PATTERNS[i].matcher(out).replaceAll(i == 3 ? "$1***" : "$1$2***");
        }
        return out;
    }
}
