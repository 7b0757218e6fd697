package io.prescale.cli;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Range;

/**
 * The subcommands' Picocli models, written by the build from their annotations ({@link #main}, into
 * {@value #RESOURCE} beside this class) and read back at run time without reading an annotation: reading one makes
 * the JDK generate a proxy class per annotation type, which no start-up cache can hold, a tenth of a short
 * {@code prescale plan}. The build writes every subcommand it can describe (options, parameters, mixins, the
 * parent command and {@code @Spec} fields); the others, and any run without the file (classes compiled by an IDE),
 * are read from their annotations as before. {@code CommandModelsTest} proves each written model equals the
 * annotated one: every option's attributes, the help and the exit codes.
 */
final class CommandModels {
    static final String RESOURCE = "commands.model";
    /** Bumped when the format changes, so a stale file is ignored rather than misread. */
    private static final int FORMAT = 2;

    private CommandModels() {
    }

    /** Writes the models of every subcommand that has one to the file {@code args[0]} (run by the build). */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (var out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
            write(out);
        }
    }

    /** The subcommands this build can describe: no subcommands of their own, no argument groups. */
    static List<String> describable() {
        List<String> names = new ArrayList<>();
        Main.SUBCOMMANDS.forEach((name, cls) -> {
            if (!name.equals("help") && describe(cls) != null) {
                names.add(name);
            }
        });
        return names;
    }

    /** Each command as its name and its model's size, then the model: a run reads only the one it calls. */
    static void write(DataOutputStream out) throws IOException {
        List<String> names = describable();
        out.writeInt(FORMAT);
        for (String name : names) {
            var bytes = new java.io.ByteArrayOutputStream();
            try (var model = new DataOutputStream(bytes)) {
                describe(Main.SUBCOMMANDS.get(name)).write(model);
            }
            out.writeUTF(name);
            out.writeInt(bytes.size());
            bytes.writeTo(out);
        }
        out.writeUTF(""); // the end
    }

    /**
     * The model of {@code name} bound to a new instance of its class (its {@code @ParentCommand} set to
     * {@code main}), or null when the build wrote none for it.
     */
    static CommandSpec spec(String name, Main main) {
        Model m = read(name);
        return m == null ? null : m.build(name, main);
    }

    /** The model of {@code name} in the file; null when it has none, or there is no file or one of another format. */
    static Model read(String name) {
        try (InputStream raw = CommandModels.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                return null;
            }
            var in = new DataInputStream(new java.io.BufferedInputStream(raw));
            if (in.readInt() != FORMAT) {
                return null;
            }
            for (String n = in.readUTF(); !n.isEmpty(); n = in.readUTF()) {
                int size = in.readInt();
                if (n.equals(name)) {
                    return Model.read(in);
                }
                in.skipNBytes(size);
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("read " + RESOURCE, e);
        }
    }

    /** A command class's fields as Picocli sees them, and its {@code @Command}'s help attributes. */
    record Model(String className, String parentField, String specField, List<Mixin> mixins, boolean standardHelp,
                 boolean sortOptions, String[] description, String exitCodeListHeading, List<String[]> exitCodes,
                 List<Arg> args) {

        void write(DataOutputStream out) throws IOException {
            out.writeUTF(className);
            out.writeUTF(parentField);
            out.writeUTF(specField);
            out.writeInt(mixins.size());
            for (Mixin x : mixins) {
                out.writeUTF(x.field());
                out.writeUTF(x.className());
            }
            out.writeBoolean(standardHelp);
            out.writeBoolean(sortOptions);
            writeStrings(out, description);
            out.writeUTF(exitCodeListHeading);
            out.writeInt(exitCodes.size());
            for (String[] kv : exitCodes) {
                writeStrings(out, kv);
            }
            out.writeInt(args.size());
            for (Arg a : args) {
                a.write(out);
            }
        }

        static Model read(DataInputStream in) throws IOException {
            String cls = in.readUTF();
            String parent = in.readUTF();
            String spec = in.readUTF();
            List<Mixin> mixins = new ArrayList<>();
            for (int n = in.readInt(); n > 0; n--) {
                mixins.add(new Mixin(in.readUTF(), in.readUTF()));
            }
            boolean standardHelp = in.readBoolean();
            boolean sort = in.readBoolean();
            String[] description = readStrings(in);
            String heading = in.readUTF();
            List<String[]> codes = new ArrayList<>();
            for (int n = in.readInt(); n > 0; n--) {
                codes.add(readStrings(in));
            }
            List<Arg> args = new ArrayList<>();
            for (int n = in.readInt(); n > 0; n--) {
                args.add(Arg.read(in));
            }
            return new Model(cls, parent, spec, mixins, standardHelp, sort, description, heading, codes, args);
        }

        CommandSpec build(String name, Main main) {
            try {
                Object command = newInstance(className);
                if (!parentField.isEmpty()) {
                    accessible(command.getClass(), parentField).set(command, main);
                }
                CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name(name);
                if (!specField.isEmpty()) {
                    accessible(command.getClass(), specField).set(command, spec);
                }
                Map<String, Object> owners = new LinkedHashMap<>();
                owners.put("", command);
                Map<String, CommandSpec> mixinSpecs = new LinkedHashMap<>();
                for (Mixin x : mixins) {
                    Object mixin = newInstance(x.className());
                    accessible(command.getClass(), x.field()).set(command, mixin);
                    owners.put(x.field(), mixin);
                    mixinSpecs.put(x.field(), CommandSpec.wrapWithoutInspection(mixin));
                }
                // in the annotations' order: a mixin's arguments join the command where its field is declared
                for (int i = 0; i < args.size(); i++) {
                    Arg a = args.get(i);
                    ArgSpec arg = a.build(owners.get(a.owner()));
                    if (a.owner().isEmpty()) {
                        spec.add(arg);
                        continue;
                    }
                    mixinSpecs.get(a.owner()).add(arg);
                    if (i == args.size() - 1 || !args.get(i + 1).owner().equals(a.owner())) {
                        spec.addMixin(a.owner(), mixinSpecs.get(a.owner()));
                    }
                }
                spec.usageMessage().sortOptions(sortOptions).description(description)
                        .exitCodeListHeading(exitCodeListHeading);
                Map<String, String> codes = new LinkedHashMap<>();
                exitCodes.forEach(kv -> codes.put(kv[0], kv[1]));
                spec.usageMessage().exitCodeList(codes);
                if (standardHelp) {
                    spec.addMixin(STANDARD_HELP, standardHelpOptions()); // last, as Picocli does
                }
                return spec;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("the command model of '" + name + "' no longer fits its class ("
                        + e + "): rebuild prescale", e);
            }
        }
    }

    record Mixin(String field, String className) {
    }

    /** The name Picocli gives the mixin of {@code mixinStandardHelpOptions}, which help and completion look for. */
    private static final String STANDARD_HELP = "mixinStandardHelpOptions";

    /**
     * {@code -h} and {@code -V} as Picocli's own mixin for {@code mixinStandardHelpOptions} declares them: Picocli
     * would read that mixin's annotations.
     */
    private static CommandSpec standardHelpOptions() {
        CommandSpec mixin = CommandSpec.wrapWithoutInspection(new Object());
        Cell help = new Cell(false);
        Cell version = new Cell(false);
        mixin.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).descriptionKey(STANDARD_HELP + ".help")
                .description("Show this help message and exit.").paramLabel("<helpRequested>").type(boolean.class)
                .getter(help).setter(help).initialValue(false).hasInitialValue(true).build());
        mixin.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .descriptionKey(STANDARD_HELP + ".version").description("Print version information and exit.")
                .paramLabel("<versionRequested>").type(boolean.class).getter(version).setter(version)
                .initialValue(false).hasInitialValue(true).build());
        return mixin;
    }

    /** A value of its own, for an option no code reads (Picocli reads -h and -V from the parse result). */
    private static final class Cell implements CommandLine.Model.IGetter, CommandLine.Model.ISetter {
        private Object value;

        Cell(Object value) {
            this.value = value;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T get() {
            return (T) value;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T set(T v) {
            T old = (T) value;
            value = v;
            return old;
        }
    }

    /**
     * One option ({@code names} non-empty) or positional parameter: the field that holds it ({@code owner} "" for
     * the command's own, else the mixin field's name) and the attributes Picocli derived from its annotation.
     */
    record Arg(String owner, String field, String[] names, int[] index, String indexText, String paramLabel,
               String[] description, String descriptionKey, String defaultValue, int[] arity, String arityText,
               String split, String showDefault, String type, String[] auxiliaryTypes, String[] converters,
               boolean required, boolean hidden, int order) {

        void write(DataOutputStream out) throws IOException {
            out.writeUTF(owner);
            out.writeUTF(field);
            writeStrings(out, names);
            writeInts(out, index);
            out.writeUTF(indexText);
            out.writeUTF(paramLabel);
            writeStrings(out, description);
            writeNullable(out, descriptionKey);
            writeNullable(out, defaultValue);
            writeInts(out, arity);
            out.writeUTF(arityText);
            out.writeUTF(split);
            out.writeUTF(showDefault);
            out.writeUTF(type);
            writeStrings(out, auxiliaryTypes);
            writeStrings(out, converters);
            out.writeBoolean(required);
            out.writeBoolean(hidden);
            out.writeInt(order);
        }

        static Arg read(DataInputStream in) throws IOException {
            return new Arg(in.readUTF(), in.readUTF(), readStrings(in), readInts(in), in.readUTF(), in.readUTF(),
                    readStrings(in), readNullable(in), readNullable(in), readInts(in), in.readUTF(), in.readUTF(),
                    in.readUTF(), in.readUTF(), readStrings(in), readStrings(in), in.readBoolean(), in.readBoolean(),
                    in.readInt());
        }

        /**
         * The description as the annotation writes it: the spec's own is already expanded (its {@code %%} made
         * {@code %}), and usage help formats it once more ("-33%." is a broken format: Picocli warned on every
         * {@code --help}).
         */
        static String[] description(Field field, ArgSpec a) {
            CommandLine.Option o = field.getAnnotation(CommandLine.Option.class);
            if (o != null) {
                return o.description();
            }
            CommandLine.Parameters p = field.getAnnotation(CommandLine.Parameters.class);
            return p != null ? p.description() : a.description();
        }

        static Arg of(String owner, Field field, ArgSpec a) {
            String[] names = a instanceof OptionSpec o ? o.names() : new String[0];
            int[] index = a instanceof PositionalParamSpec p ? range(p.index()) : new int[0];
            String indexText = a instanceof PositionalParamSpec p ? p.index().originalValue() : "";
            String[] converters = java.util.Arrays.stream(a.converters()).map(c -> c.getClass().getName())
                    .toArray(String[]::new);
            return new Arg(owner, field.getName(), names, index, indexText, a.paramLabel(), description(field, a),
                    a.descriptionKey(), a.defaultValue(),
                    range(a.arity()), a.arity().originalValue(), a.splitRegex(), a.showDefaultValue().name(),
                    a.type().getName(), java.util.Arrays.stream(a.auxiliaryTypes()).map(Class::getName)
                    .toArray(String[]::new), converters, a.required(), a.hidden(),
                    a instanceof OptionSpec o ? o.order() : -1);
        }

        ArgSpec build(Object owner) throws ReflectiveOperationException {
            Field f = accessible(owner.getClass(), field);
            FieldAccess access = new FieldAccess(owner, f);
            Class<?>[] aux = new Class<?>[auxiliaryTypes.length];
            for (int i = 0; i < aux.length; i++) {
                aux[i] = loadType(auxiliaryTypes[i]);
            }
            CommandLine.ITypeConverter<?>[] conv = new CommandLine.ITypeConverter<?>[converters.length];
            for (int i = 0; i < conv.length; i++) {
                conv[i] = (CommandLine.ITypeConverter<?>) newInstance(converters[i]);
            }
            // (the same attributes on both builders: their common superclass is not public)
            if (names.length > 0) {
                OptionSpec.Builder b = OptionSpec.builder(names).order(order).paramLabel(paramLabel)
                        .description(description).descriptionKey(descriptionKey).arity(range(arity, arityText))
                        .splitRegex(split)
                        .showDefaultValue(CommandLine.Help.Visibility.valueOf(showDefault)).type(loadType(type))
                        .auxiliaryTypes(aux).required(required).hidden(hidden).getter(access).setter(access)
                        .initialValue(f.get(owner)).hasInitialValue(true);
                if (conv.length > 0) {
                    b.converters(conv);
                }
                if (defaultValue != null) {
                    b.defaultValue(defaultValue);
                }
                return b.build();
            }
            PositionalParamSpec.Builder b = PositionalParamSpec.builder().index(range(index, indexText))
                    .paramLabel(paramLabel).description(description).descriptionKey(descriptionKey)
                    .arity(range(arity, arityText)).splitRegex(split)
                    .showDefaultValue(CommandLine.Help.Visibility.valueOf(showDefault)).type(loadType(type))
                    .auxiliaryTypes(aux).required(required).hidden(hidden).getter(access).setter(access)
                    .initialValue(f.get(owner)).hasInitialValue(true);
            if (conv.length > 0) {
                b.converters(conv);
            }
            if (defaultValue != null) {
                b.defaultValue(defaultValue);
            }
            return b.build();
        }
    }

    /** Reads and writes an argument's field, as Picocli's own binding of an annotated field does. */
    private record FieldAccess(Object owner, Field field) implements CommandLine.Model.IGetter,
            CommandLine.Model.ISetter {
        @Override
        @SuppressWarnings("unchecked")
        public <T> T get() throws Exception {
            return (T) field.get(owner);
        }

        @Override
        public <T> T set(T value) throws Exception {
            @SuppressWarnings("unchecked")
            T old = (T) field.get(owner);
            field.set(owner, value);
            return old;
        }
    }

    // ---- build time: the model from the annotations

    /** The model of an annotated command class, or null when it uses what the model does not describe. */
    static Model describe(Class<?> cls) {
        CommandSpec spec = CommandSpec.forAnnotatedObject(cls);
        if (!spec.subcommands().isEmpty() || !spec.argGroups().isEmpty() || !spec.unmatchedArgsBindings().isEmpty()) {
            return null;
        }
        String parent = "";
        String specField = "";
        List<Mixin> mixins = new ArrayList<>();
        Map<Class<?>, String> owners = new LinkedHashMap<>();
        owners.put(cls, "");
        for (Field f : cls.getDeclaredFields()) {
            if (f.isAnnotationPresent(CommandLine.ParentCommand.class)) {
                parent = f.getName();
            } else if (f.isAnnotationPresent(CommandLine.Spec.class)) {
                if (f.getAnnotation(CommandLine.Spec.class).value() != CommandLine.Spec.Target.SELF) {
                    return null;
                }
                specField = f.getName();
            } else if (f.isAnnotationPresent(CommandLine.Mixin.class)) {
                if (!f.getAnnotation(CommandLine.Mixin.class).name().isEmpty() || !plainMixin(f.getType())) {
                    return null;
                }
                mixins.add(new Mixin(f.getName(), f.getType().getName()));
                owners.put(f.getType(), f.getName());
            }
        }
        if (cls.getSuperclass() != Object.class) {
            return null; // inherited fields are not described
        }
        List<Arg> args = new ArrayList<>();
        for (ArgSpec a : spec.args()) {
            if (a instanceof OptionSpec o && (o.usageHelp() || o.versionHelp())) {
                continue; // mixinStandardHelpOptions adds them
            }
            if (!(a.userObject() instanceof Field f) || !owners.containsKey(f.getDeclaringClass())) {
                return null;
            }
            args.add(Arg.of(owners.get(f.getDeclaringClass()), f, a));
        }
        var usage = spec.usageMessage();
        List<String[]> codes = new ArrayList<>();
        usage.exitCodeList().forEach((k, v) -> codes.add(new String[] {k, v}));
        return new Model(cls.getName(), parent, specField, mixins, spec.mixinStandardHelpOptions(), usage.sortOptions(),
                usage.description(), usage.exitCodeListHeading(), codes, args);
    }

    /** A mixin holding only options and parameters: no mixins, parent or spec of its own, no superclass. */
    private static boolean plainMixin(Class<?> cls) {
        if (cls.getSuperclass() != Object.class) {
            return false;
        }
        for (Field f : cls.getDeclaredFields()) {
            if (f.isAnnotationPresent(CommandLine.Mixin.class) || f.isAnnotationPresent(CommandLine.Spec.class)
                    || f.isAnnotationPresent(CommandLine.ParentCommand.class)
                    || f.isAnnotationPresent(CommandLine.ArgGroup.class)) {
                return false;
            }
        }
        return true;
    }

    // ---- helpers

    private static int[] range(Range r) {
        return new int[] {r.min(), r.max(), r.isVariable() ? 1 : 0, r.isUnspecified() ? 1 : 0};
    }

    private static Range range(int[] r, String text) {
        return new Range(r[0], r[1], r[2] == 1, r[3] == 1, text);
    }

    private static Field accessible(Class<?> cls, String name) throws NoSuchFieldException {
        Field f = cls.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    private static Object newInstance(String className) throws ReflectiveOperationException {
        var c = Class.forName(className, true, CommandModels.class.getClassLoader()).getDeclaredConstructor();
        c.setAccessible(true);
        return c.newInstance();
    }

    private static Class<?> loadType(String name) throws ClassNotFoundException {
        return switch (name) {
            case "boolean" -> boolean.class;
            case "int" -> int.class;
            case "long" -> long.class;
            case "double" -> double.class;
            case "float" -> float.class;
            case "short" -> short.class;
            case "byte" -> byte.class;
            case "char" -> char.class;
            default -> Class.forName(name, false, CommandModels.class.getClassLoader());
        };
    }

    private static void writeStrings(DataOutputStream out, String[] s) throws IOException {
        out.writeInt(s.length);
        for (String x : s) {
            out.writeUTF(x);
        }
    }

    private static String[] readStrings(DataInputStream in) throws IOException {
        String[] s = new String[in.readInt()];
        for (int i = 0; i < s.length; i++) {
            s[i] = in.readUTF();
        }
        return s;
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeInts(DataOutputStream out, int[] s) throws IOException {
        out.writeInt(s.length);
        for (int x : s) {
            out.writeInt(x);
        }
    }

    private static int[] readInts(DataInputStream in) throws IOException {
        int[] s = new int[in.readInt()];
        for (int i = 0; i < s.length; i++) {
            s[i] = in.readInt();
        }
        return s;
    }
}
