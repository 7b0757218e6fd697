package io.prescale.planner.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The plan file format: JSON, times as ISO-8601 UTC instants, durations as ISO-8601 ({@code PT1H}). */
public final class PlanJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private PlanJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER.copy();
    }

    /**
     * The largest plan file read: a season of 400 events on 20 layers is about 5 MB. Jackson's own limits (a 20 MB
     * string, 1,000 levels) come later and speak of its settings.
     */
    public static final long MAX_BYTES = 32L * 1024 * 1024;

    /** The field holding the digest of everything else in the file: an edited plan no longer matches it. */
    public static final String BODY_DIGEST = "bodyDigest";

    /** The plan as JSON, with {@link #BODY_DIGEST} over all of its other content. */
    public static String write(Plan plan) {
        try {
            com.fasterxml.jackson.databind.node.ObjectNode tree = MAPPER.valueToTree(plan);
            tree.put(BODY_DIGEST, bodyDigest(tree));
            return MAPPER.writeValueAsString(tree) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a plan is always serialisable", e);
        }
    }

    /**
     * SHA-256 over a canonical form of the plan (keys sorted, no spacing), {@link #BODY_DIGEST} left out: every
     * field apply, native-schedule and the daemon use (changes, bounds, events, observed state, age) is covered.
     */
    static String bodyDigest(com.fasterxml.jackson.databind.JsonNode tree) throws JsonProcessingException {
        StringBuilder sb = new StringBuilder();
        canonical(tree, sb);
        return "sha256:" + io.prescale.planner.config.Sha256.hex(sb.toString()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void canonical(com.fasterxml.jackson.databind.JsonNode n, StringBuilder sb)
            throws JsonProcessingException {
        if (n.isObject()) {
            java.util.List<String> keys = new java.util.ArrayList<>();
            n.fieldNames().forEachRemaining(keys::add);
            java.util.Collections.sort(keys);
            sb.append('{');
            boolean first = true;
            for (String k : keys) {
                if (k.equals(BODY_DIGEST)) {
                    continue;
                }
                if (!first) {
                    sb.append(',');
                }
                first = false;
                sb.append(MAPPER.writeValueAsString(k)).append(':');
                canonical(n.get(k), sb);
            }
            sb.append('}');
        } else if (n.isArray()) {
            sb.append('[');
            for (int i = 0; i < n.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                canonical(n.get(i), sb);
            }
            sb.append(']');
        } else if (n.isNumber()) {
            // one spelling per value, however the file wrote it
            sb.append(n.isIntegralNumber() ? n.bigIntegerValue().toString()
                    : java.math.BigDecimal.valueOf(n.doubleValue()).stripTrailingZeros().toPlainString());
        } else {
            sb.append(MAPPER.writeValueAsString(n));
        }
    }

    /**
     * Reading a plan: every value as the writer wrote it. A count given as null, 1.5 or "5", a name given as a
     * number, a time or duration given as a number (Jackson reads 1e308 as 1970-01-01) is refused, not coerced.
     */
    private static final ObjectMapper STRICT = strict();

    private static ObjectMapper strict() {
        var asWritten = new com.fasterxml.jackson.databind.module.SimpleModule("plan-as-written")
                .addDeserializer(java.time.Instant.class, new Textual<>(java.time.Instant.class, java.time.Instant::parse))
                .addDeserializer(java.time.Duration.class, new Textual<>(java.time.Duration.class,
                        java.time.Duration::parse));
        ObjectMapper m = com.fasterxml.jackson.databind.json.JsonMapper.builder()
                .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .addModule(new JavaTimeModule()).addModule(asWritten).build();
        m.coercionConfigFor(com.fasterxml.jackson.databind.type.LogicalType.Textual)
                .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Integer,
                        com.fasterxml.jackson.databind.cfg.CoercionAction.Fail)
                .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Float,
                        com.fasterxml.jackson.databind.cfg.CoercionAction.Fail)
                .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Boolean,
                        com.fasterxml.jackson.databind.cfg.CoercionAction.Fail);
        return m;
    }

    /** A value the plan writes as an ISO-8601 string: only a string is read. */
    private static final class Textual<T> extends com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer<T> {
        private final java.util.function.Function<String, T> parse;

        Textual(Class<T> type, java.util.function.Function<String, T> parse) {
            super(type);
            this.parse = parse;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(com.fasterxml.jackson.core.JsonParser p,
                             com.fasterxml.jackson.databind.DeserializationContext ctxt) throws java.io.IOException {
            if (p.currentToken() != com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
                return (T) ctxt.handleUnexpectedToken(handledType(), p);
            }
            String text = p.getText();
            try {
                return parse.apply(text);
            } catch (java.time.format.DateTimeParseException e) {
                return (T) ctxt.handleWeirdStringValue(handledType(), text, "not ISO-8601");
            }
        }
    }

    /** A plan file whose digest matches but whose content is no plan: the field, and its line when known (else 0). */
    public static final class InvalidPlan extends IllegalArgumentException {
        private final int line;
        private final String field;

        InvalidPlan(int line, String field, String what) {
            super(field + ": " + what + "; a plan is written by 'prescale plan': make a new one");
            this.line = line;
            this.field = field;
        }

        public int line() {
            return line;
        }

        public String field() {
            return field;
        }
    }

    /**
     * Reads a plan file; a file that is not a plan gives an {@link IllegalArgumentException} saying why, an
     * {@link InvalidPlan} when a field is missing or impossible.
     */
    public static Plan read(String json) {
        try {
            // a key given twice would be read as its last value while the digest was made over the first
            com.fasterxml.jackson.databind.JsonNode tree = MAPPER.reader()
                    .with(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).readTree(json);
            int version = tree == null || !tree.has("formatVersion") ? -1 : tree.get("formatVersion").asInt(-1);
            if (version != Plan.FORMAT_VERSION) {
                throw new IllegalArgumentException(version < 0 ? "not a prescale plan: no formatVersion"
                        : "plan format version " + version + " is not supported (this prescale reads version "
                                + Plan.FORMAT_VERSION + ")");
            }
            String recorded = tree.path(BODY_DIGEST).asText("");
            if (recorded.isEmpty()) {
                throw new IllegalArgumentException("the plan has no " + BODY_DIGEST + ": it was made by an older "
                        + "prescale or edited; make a new plan with 'prescale plan'");
            }
            String actual = bodyDigest(tree);
            if (!recorded.equals(actual)) {
                throw new IllegalArgumentException("the plan was changed after it was made (its " + BODY_DIGEST + " "
                        + recorded.substring(0, Math.min(19, recorded.length())) + "... does not match its content); "
                        + "a plan is applied as it was reviewed: make a new plan with 'prescale plan'");
            }
            PlanFileCheck check = PlanFileCheck.of(json);
            Plan plan;
            check.present(tree, Plan.class, "");
            try {
                plan = STRICT.treeToValue(tree, Plan.class);
            } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
                throw check.mapping(e);
            }
            check.check(plan);
            return plan;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a prescale plan: " + StateFile.plain(e.getOriginalMessage())
                    + (e.getLocation() != null && e.getLocation().getLineNr() > 0 ? " at line "
                    + e.getLocation().getLineNr() : ""));
        }
    }
}
