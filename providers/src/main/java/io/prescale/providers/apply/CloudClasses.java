package io.prescale.providers.apply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the providers that call a cloud (packages {@code providers.aws} and {@code providers.k8s}) get the AWS SDK
 * and the Kubernetes client from.
 *
 * <p>Those libraries are 58 of prescale's 107 jars and 43,000 of its 58,000 class-path entries, and on the class
 * path every run paid for them: the JDK's first time-zone lookup searches every jar on it for more zone providers
 * (opening a jar reads its whole directory), a sixth of a short {@code plan}. Only the commands that call a cloud use
 * them. So an
 * installed prescale keeps them in {@code cloud/}, a folder beside the jar holding this class, off the class path;
 * the first provider created loads the two packages again, with their libraries, in a class loader over that folder
 * ({@link Loader}). Their target types (what a plan needs) stay on the class path: {@code AwsTargets},
 * {@code KubernetesTargets} and the factories' declarations, which touch neither library.
 *
 * <p>Without that folder (the tests, an IDE, an application with everything on its class path) the providers come
 * from the class path, as any class does.
 */
public final class CloudClasses {
    /** The packages loaded again beside their libraries: they call them. */
    static final List<String> PACKAGES = List.of("io.prescale.providers.aws.", "io.prescale.providers.k8s.");
    /** The folder of the cloud libraries, beside the jar holding the providers. */
    static final String FOLDER = "cloud";

    private CloudClasses() {
    }

    /** Made on first use (the JVM's class initialisation makes it once): a plan never asks. */
    private static final class Lazy {
        static final ClassLoader LOADER = loaderFor(CloudClasses.class);
    }

    /** The loader of the cloud providers: over {@code cloud/} when prescale is installed, else the class path's. */
    static ClassLoader loader() {
        return Lazy.LOADER;
    }

    /** The loader for the providers beside {@code anchor}'s jar: its {@code cloud/} folder's, or anchor's own. */
    static ClassLoader loaderFor(Class<?> anchor) {
        ClassLoader own = anchor.getClassLoader();
        Path jar = codeSource(anchor);
        if (jar == null || !Files.isRegularFile(jar) || jar.getParent() == null) {
            return own;
        }
        Path dir = jar.getParent().resolve(FOLDER);
        if (!Files.isDirectory(dir)) {
            return own;
        }
        List<URL> urls = new ArrayList<>();
        urls.add(url(jar));
        try (Stream<Path> jars = Files.list(dir)) {
            jars.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(p -> urls.add(url(p)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the cloud libraries in " + dir + ": " + e.getMessage(), e);
        }
        return new Loader(urls.toArray(URL[]::new), own);
    }

    private static Path codeSource(Class<?> c) {
        var source = c.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static URL url(Path p) {
        try {
            return p.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException("not a URL: " + p, e);
        }
    }

    /**
     * The public static {@code method} of {@code className}, a class of the cloud providers as {@link #loader()}
     * loads it, called with {@code args}: how the factories and sources of the cloud providers are reached.
     */
    public static <T> T call(Class<T> type, String className, String method, Class<?>[] parameters, Object... args) {
        try {
            Class<?> c = Class.forName(className, true, loader());
            return type.cast(c.getMethod(method, parameters).invoke(null, args));
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(className + "." + method + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            // the build put the providers and the folder together: a missing class is a broken installation
            throw new IllegalStateException("cannot load " + className + "." + method + " (is " + FOLDER
                    + "/ beside prescale's jars complete?): " + e, e);
        }
    }

    /**
     * Loads the cloud providers' packages itself, from the providers' jar (child first), so that they resolve the
     * libraries in {@code cloud/}; everything else (the provider interfaces, the planner, Java) comes from the
     * parent first, so both sides share one {@code CapacityProvider}.
     */
    static final class Loader extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        Loader(URL[] urls, ClassLoader parent) {
            super("prescale-cloud", urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (PACKAGES.stream().noneMatch(name::startsWith)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }
}
