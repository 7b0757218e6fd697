package io.prescale.providers.k8s;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderException;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the official client's {@link ApiClient} for one kubeconfig context, the way {@code kubectl} finds its
 * configuration: {@code --kubeconfig}, else the first existing file in {@code $KUBECONFIG}, else
 * {@code ~/.kube/config}; with none of these, the pod's service account when running in a cluster
 * ({@code KUBERNETES_SERVICE_HOST} set and a token mounted). Files listed in {@code $KUBECONFIG} are not merged.
 */
final class ApiClientLoader {
    static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

    private ApiClientLoader() {
    }

    /**
     * @param context the kubeconfig context to use; empty for the file's current context
     * @throws ProviderException when no configuration is found, the context does not exist or the file is unreadable
     */
    static ApiClient load(ProviderConfig config, Optional<String> context) {
        Optional<Path> kubeconfig = kubeconfigFile(config);
        if (kubeconfig.isPresent()) {
            return fromKubeconfig(kubeconfig.get(), context);
        }
        if (inCluster(config.env())) {
            if (context.isPresent()) {
                throw new ProviderException("kube context " + context.get() + " asked for, but there is no kubeconfig"
                        + " (running in a pod: remove the context setting to use the pod's service account)");
            }
            try {
                return ClientBuilder.cluster().build();
            } catch (IOException e) {
                throw new ProviderException("load in-cluster Kubernetes config: " + e.getMessage(), e);
            }
        }
        throw new ProviderException("no Kubernetes configuration found: pass --kubeconfig, set KUBECONFIG or create "
                + "~/.kube/config (or run in a pod with a service account)");
    }

    static Optional<Path> kubeconfigFile(ProviderConfig config) {
        if (config.kubeconfig().isPresent()) {
            return config.kubeconfig().map(Path::of); // named explicitly: a missing file is an error, not a fallback
        }
        String env = config.env().get("KUBECONFIG");
        if (env != null && !env.isBlank()) {
            for (String p : env.split(File.pathSeparator)) {
                if (!p.isBlank() && Files.isRegularFile(Path.of(p))) {
                    return Optional.of(Path.of(p));
                }
            }
        }
        String home = config.env().getOrDefault("HOME", System.getProperty("user.home"));
        if (home != null) {
            Path dflt = Path.of(home, ".kube", "config");
            if (Files.isRegularFile(dflt)) {
                return Optional.of(dflt);
            }
        }
        return Optional.empty();
    }

    static boolean inCluster(Map<String, String> env) {
        return env.containsKey("KUBERNETES_SERVICE_HOST") && Files.isReadable(SERVICE_ACCOUNT_TOKEN);
    }

    private static ApiClient fromKubeconfig(Path file, Optional<String> context) {
        KubeConfig kc;
        try (Reader r = Files.newBufferedReader(file)) {
            kc = KubeConfig.loadKubeConfig(r);
        } catch (IOException | RuntimeException e) {
            throw new ProviderException("read kubeconfig " + file + ": " + e.getMessage(), e);
        }
        kc.setFile(file.toAbsolutePath().toFile()); // certificate and token paths are relative to the file
        if (context.isPresent() && !kc.setContext(context.get())) {
            throw new ProviderException("kubeconfig " + file + " has no context " + context.get());
        }
        try {
            return ClientBuilder.kubeconfig(kc).build();
        } catch (IOException | RuntimeException e) {
            throw new ProviderException("configure Kubernetes client from " + file
                    + context.map(c -> " context " + c).orElse("") + ": " + e.getMessage(), e);
        }
    }
}
