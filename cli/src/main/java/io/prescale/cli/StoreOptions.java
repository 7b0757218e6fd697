package io.prescale.cli;

import io.prescale.schedules.StoreSpec;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Which job store the daemon and {@code prescale schedule} use: the embedded one, or PostgreSQL. */
final class StoreOptions {
    @Option(names = "--store", paramLabel = "h2:<dir>",
            description = "Embedded job store: an H2 file database in <dir>, kept across restarts, nothing to install; "
                    + "one daemon at a time. Default: h2:~/.prescale/scheduler.")
    String store;

    @Option(names = "--jdbc-url", paramLabel = "<url>",
            description = "PostgreSQL job store, e.g. jdbc:postgresql://db:5432/prescale: several daemons share it in "
                    + "Quartz clustered mode, each action firing once. User and password come from the environment "
                    + "(--db-user-env, --db-password-env), never from the command line; tables are created if missing.")
    String jdbcUrl;

    @Option(names = "--db-user-env", paramLabel = "<var>", defaultValue = "PRESCALE_DB_USER",
            description = "Environment variable holding the database user. Default: ${DEFAULT-VALUE}.")
    String userEnv;

    @Option(names = "--db-password-env", paramLabel = "<var>", defaultValue = "PRESCALE_DB_PASSWORD",
            description = "Environment variable holding the database password (never logged). Default: ${DEFAULT-VALUE}.")
    String passwordEnv;

    StoreSpec spec() {
        return spec(System.getenv());
    }

    StoreSpec spec(Map<String, String> env) {
        if (store != null && jdbcUrl != null) {
            throw new UserException("give either --store or --jdbc-url, not both");
        }
        try {
            if (jdbcUrl != null) {
                return new StoreSpec.Postgres(jdbcUrl, Optional.ofNullable(env.get(userEnv)),
                        Optional.ofNullable(env.get(passwordEnv)));
            }
            return store == null ? StoreSpec.defaultStore() : StoreSpec.parse(store);
        } catch (IllegalArgumentException e) {
            throw new UserException((jdbcUrl != null ? "--jdbc-url: " : "--store: ") + e.getMessage());
        }
    }
}
