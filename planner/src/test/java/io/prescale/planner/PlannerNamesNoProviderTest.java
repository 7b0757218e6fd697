package io.prescale.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The planner plans from generic kinds of capacity (scale, pre-warm, check) and apply phases that providers declare;
 * it names no provider type and no cloud product in its code. Checked over every identifier and string literal of
 * {@code planner/src/main} (comments may use products as examples: they do not make the planner depend on one).
 *
 * <p>What counts as a name: cloud vendors ({@code aws}, {@code amazon}, {@code gcp}, {@code azure}), the products
 * behind the shipped and foreseeable target types (Auto Scaling groups, EC2, ELB/ALB/NLB/GWLB, EKS/GKE/AKS,
 * Kubernetes and its workload kinds, Karpenter, CDNs by vendor), and the shipped type ids themselves. Short words
 * ({@code asg}, {@code cdn}, {@code hpa}, ...) must be a whole word of an identifier or string (split at case
 * changes, digits kept: {@code AWS_ELBV2} is {@code aws} and {@code elbv2}); longer ones may not appear inside any.
 *
 * <p>Not names here: {@code lcu}, a unit a layer is counted in as it is in {@code instances} or {@code pods} (its
 * pricing and provisioning rules are the provider's); {@code plan-only}, no product but the absence of one; and
 * the live loop's metric source types ({@code prometheus}, {@code cloudwatch}), which are read sources, not
 * capacity providers, and are still declared by the planner's live reader.
 */
class PlannerNamesNoProviderTest {

    /** Whole words only. */
    static final Set<String> WORDS = Set.of("aws", "amazon", "gcp", "gce", "azure", "asg", "ec2", "elb", "elbv2",
            "alb", "nlb", "gwlb", "eks", "gke", "aks", "k8s", "kube", "hpa", "cdn", "nlcu");
    /** Anywhere inside an identifier or a string. */
    static final Set<String> FRAGMENTS = Set.of("autoscalinggroup", "loadbalancer", "kubernetes", "kubectl",
            "statefulset", "daemonset", "karpenter", "cloudfront", "akamai", "fastly", "cloudflare", "elasticloadbal",
            "nodegroup", "nodepool", "awssdk", "fabric8");

    static final Path MAIN = Path.of("src/main/java");

    @Test
    void plannerMain_namesNoProviderTypeOrCloudProduct() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                for (Token t : tokens(Files.readString(f))) {
                    offence(t.text()).ifPresent(w -> found.add(MAIN.relativize(f) + ":" + t.line() + ": " + w));
                }
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void check_findsANameInAnIdentifierOrAStringButNotInAComment() {
        // the check itself must be able to fail
        assertTrue(offence("TargetType.AWS_ELBV2").isPresent());
        assertTrue(offence("isCloudFrontTarget").isPresent());
        assertTrue(offence("k8s-deployment").isPresent());
        assertTrue(offence("ReactiveAutoscaler").isEmpty(), "a reactive autoscaler is a generic idea");
        assertTrue(offence("cdnish").isEmpty(), "a short word counts only as a whole word");
        String code = String.join("\n", "int x = 1; // an aws example", "/* kubernetes */ String s = \"cloudfront\";",
                "String t = \"\"\"", "  kind: asg", "  \"\"\";");
        List<String> all = tokens(code).stream().map(Token::text).toList();
        assertTrue(tokens(code).contains(new Token(4, "kind: asg")), tokens(code).toString());
        assertTrue(all.contains("cloudfront") && all.contains("kind: asg"), all.toString());
        assertTrue(all.stream().noneMatch(t -> t.contains("aws") || t.contains("kubernetes")), all.toString());
    }

    /** The offending word in {@code token}, if any. */
    static java.util.Optional<String> offence(String token) {
        String lower = token.toLowerCase(Locale.ROOT);
        for (String f : FRAGMENTS) {
            if (lower.replace("-", "").replace("_", "").contains(f)) {
                return java.util.Optional.of(f + " in \"" + token + "\"");
            }
        }
        for (String w : token.split("[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])")) {
            if (WORDS.contains(w.toLowerCase(Locale.ROOT))) {
                return java.util.Optional.of(w + " in \"" + token + "\"");
            }
        }
        return java.util.Optional.empty();
    }

    /** A token and the line it is on. */
    record Token(int line, String text) {
    }

    /** Identifiers (dotted names whole) and string literals (a text block line by line), comments left out. */
    static List<Token> tokens(String text) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (text.startsWith("//", i)) {
                int e = text.indexOf('\n', i);
                i = e < 0 ? text.length() : e;
            } else if (text.startsWith("/*", i)) {
                int e = text.indexOf("*/", i + 2);
                i = e < 0 ? text.length() : e + 2;
            } else if (text.startsWith("\"\"\"", i)) {
                int e = text.indexOf("\"\"\"", i + 3);
                e = e < 0 ? text.length() : e;
                int at = i + 3;
                for (String part : text.substring(i + 3, e).split("\n", -1)) {
                    if (!part.isBlank()) {
                        out.add(new Token(line(text, at), part.strip()));
                    }
                    at += part.length() + 1;
                }
                i = e + 3;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < text.length() && text.charAt(j) != c && text.charAt(j) != '\n') {
                    j += text.charAt(j) == '\\' ? 2 : 1;
                }
                out.add(new Token(line(text, i), text.substring(i + 1, Math.min(j, text.length()))));
                i = j + 1;
            } else if (Character.isJavaIdentifierStart(c)) {
                int j = i;
                while (j < text.length() && (Character.isJavaIdentifierPart(text.charAt(j)) || text.charAt(j) == '.')) {
                    j++;
                }
                out.add(new Token(line(text, i), text.substring(i, j)));
                i = j;
            } else {
                i++;
            }
        }
        return out;
    }

    private static int line(String text, int at) {
        int n = 1;
        for (int k = 0; k < at; k++) {
            if (text.charAt(k) == '\n') {
                n++;
            }
        }
        return n;
    }
}
