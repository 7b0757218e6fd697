package io.prescale.schedules;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the job store lives. {@link H2}: a file database in a folder, nothing to install, one daemon at a time
 * (the default, {@code ~/.prescale/scheduler}). {@link Postgres}: a PostgreSQL database shared by several daemons
 * in Quartz clustered mode, each action firing on one of them.
 */
public sealed interface StoreSpec {

    /** The JDBC URL. */
    String jdbcUrl();

    /** Whether several daemons share this store (Quartz clustered mode). */
    boolean clustered();

    /** The store for logs and messages: never a password (a URL's query and user info are left out). */
    String describe();

    /** The default embedded store: {@code ~/.prescale/scheduler}. */
    static StoreSpec defaultStore() {
        return new H2(Path.of(System.getProperty("user.home"), ".prescale", "scheduler"));
    }

    /** {@code h2:DIR} (a folder for the file database). */
    static StoreSpec parse(String store) {
        if (store.startsWith("h2:") && store.length() > 3) {
            String dir = store.substring(3);
            if (dir.startsWith("~/")) {
                dir = System.getProperty("user.home") + dir.substring(1);
            }
            return new H2(Path.of(dir));
        }
        throw new IllegalArgumentException("expected h2:<dir>, e.g. h2:~/.prescale/scheduler (got \"" + store
                + "\"); for PostgreSQL use --jdbc-url");
    }

    /** The embedded store: H2 in file mode under {@code dir}; other processes on the host reach it while it runs. */
    record H2(Path dir) implements StoreSpec {
        public H2 {
            Objects.requireNonNull(dir, "dir");
        }

        @Override
        public String jdbcUrl() {
            // AUTO_SERVER: while the daemon holds the file, `prescale schedule ...` connects through it.
            return "jdbc:h2:file:" + dir.toAbsolutePath().resolve("prescale") + ";AUTO_SERVER=TRUE";
        }

        @Override
        public boolean clustered() {
            return false;
        }

        @Override
        public String describe() {
            return "h2:" + dir;
        }
    }

    /**
     * PostgreSQL, shared by a cluster of daemons.
     *
     * @param user     from the environment, never logged
     * @param password from the environment, never logged
     */
    record Postgres(String jdbcUrl, Optional<String> user, Optional<String> password) implements StoreSpec {
        public Postgres {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("expected a PostgreSQL JDBC URL, jdbc:postgresql://host:5432/db (got "
                        + redact(jdbcUrl) + ")");
            }
            user = user == null ? Optional.empty() : user;
            password = password == null ? Optional.empty() : password;
        }

        @Override
        public boolean clustered() {
            return true;
        }

        @Override
        public String describe() {
            return redact(jdbcUrl);
        }

        @Override
        public String toString() {
            return "Postgres[" + describe() + "]";
        }
    }

    /** A JDBC URL without its query (which may carry a password) or user info. */
    static String redact(String url) {
        int q = url.indexOf('?');
        String u = q >= 0 ? url.substring(0, q) + "?..." : url;
        return u.replaceFirst("//[^/@]*@", "//");
    }
}
