package io.prescale.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The files a command writes ({@code --out}, {@code --chart}, {@code --audit-log}), checked before any work: one that
 * cannot be written is one plain line and exit 1, said before a simulation or a fit has spent its minutes, and
 * nothing is printed first. The check creates nothing: it finds the nearest folder that exists on the way and
 * creates and deletes a file there, which is the only test that also holds for root, read-only mounts and /proc.
 */
final class OutputFiles {
    private OutputFiles() {
    }

    /** A file the command will create or replace. */
    static void checkFile(String option, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            throw new UserException("cannot write " + option + " " + file + ": it is a folder; give a file name");
        }
        if (Files.exists(abs) && !Files.isWritable(abs)) {
            throw new UserException("cannot write " + option + " " + file + ": permission denied");
        }
        probe(option, file, abs.getParent());
    }

    /**
     * A file the command replaces by renaming a new one onto it (a plan, saved atomically): it must be a regular
     * file or not exist. A rename onto a device or a pipe replaces the node itself: as root, {@code --out
     * /dev/full} or {@code /dev/stdout} turned the machine's device into a plan file.
     */
    static void checkReplaceable(String option, Path file) {
        checkFile(option, file);
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new UserException("cannot write " + option + " " + file + ": it is not a regular file (a device, a "
                    + "pipe or a socket is replaced, not written, by a save); give a file name, or print with --no-save");
        }
    }

    /**
     * Replaces {@code files} (path to text) as one: each is checked ({@link #checkReplaceable}), written beside its
     * place, and renamed in only when all are written. A run that fails or stops part-way (a full disk, a name taken
     * by a folder or a device) leaves every file as it was: never half a file, nor one run's file beside another's.
     */
    static void replace(String option, Map<Path, String> files) throws IOException {
        for (Path f : files.keySet()) {
            checkReplaceable(option, f);
        }
        Map<Path, Path> staged = new LinkedHashMap<>();
        try {
            for (Map.Entry<Path, String> f : files.entrySet()) {
                Path abs = f.getKey().toAbsolutePath();
                Files.createDirectories(abs.getParent());
                Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
                staged.put(abs, tmp);
                Files.writeString(tmp, f.getValue());
            }
            for (Map.Entry<Path, Path> e : staged.entrySet()) {
                Files.move(e.getValue(), e.getKey(), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            for (Path tmp : staged.values()) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** A folder the command will create if missing and write files into. */
    static void checkFolder(String option, Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new UserException("cannot write " + option + " " + dir + ": it exists and is not a directory");
        }
        probe(option, dir, abs);
    }

    private static void probe(String option, Path named, Path dir) {
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return; // nothing on the way exists, not even the root: let the write say why
        }
        if (!Files.isDirectory(existing)) {
            throw new UserException("cannot write " + option + " " + named + ": " + existing
                    + " exists and is not a directory");
        }
        try {
            Files.delete(Files.createTempFile(existing, ".prescale-", ".probe"));
        } catch (IOException e) {
            throw new UserException("cannot write " + option + " " + named + ": " + reason(e)
                    + (existing.equals(dir) ? "" : " (in " + existing + ")"));
        }
    }

    /** Why a file operation failed, in words: "permission denied", not an exception's class name. */
    static String reason(IOException e) {
        return switch (e) {
            case AccessDeniedException x -> "permission denied";
            case NoSuchFileException x -> "no such file or directory";
            case NotDirectoryException x -> "not a directory";
            case FileAlreadyExistsException x -> "it exists and is not a directory";
            case FileSystemException x when x.getReason() != null -> x.getReason().toLowerCase(Locale.ROOT);
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }
}
