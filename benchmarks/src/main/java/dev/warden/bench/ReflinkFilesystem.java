package dev.warden.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An XFS file system with reflinks on a loop device, made for one benchmark and removed after it: a
 * sparse image file, {@code mkfs.xfs -m reflink=1}, a loop device of its own ({@code losetup --find
 * --show}), mounted on a folder. {@link #close()} unmounts it, detaches that loop device and deletes
 * the image. Needs root, or sudo without a password; {@code bench/run reflink} installs xfsprogs.
 */
final class ReflinkFilesystem implements AutoCloseable {
    private static final long COMMAND_MINUTES = 5;

    private final Path image;
    private final Path mountPoint;
    private String device;
    private boolean mounted;

    private ReflinkFilesystem(Path image, Path mountPoint) {
        this.image = image;
        this.mountPoint = mountPoint;
    }

    /** Creates a sparse image of {@code bytes} at {@code image}, formats it and mounts it on {@code mountPoint}. */
    static ReflinkFilesystem create(Path image, Path mountPoint, long bytes) throws IOException, InterruptedException {
        ReflinkFilesystem fs = new ReflinkFilesystem(image, mountPoint);
        try {
            Files.createDirectories(image.getParent());
            Files.createDirectories(mountPoint);
            try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
                file.setLength(bytes); // sparse: blocks are allocated only as the file system writes them
            }
            run(List.of("mkfs.xfs", "-q", "-f", "-m", "reflink=1", image.toString()));
            fs.device = run(List.of("losetup", "--find", "--show", image.toString())).strip();
            run(List.of("mount", fs.device, mountPoint.toString()));
            fs.mounted = true;
            if (!isRoot()) {
                run(List.of("chown", System.getProperty("user.name"), mountPoint.toString()));
            }
            return fs;
        } catch (IOException | RuntimeException | InterruptedException e) {
            fs.close();
            throw e;
        }
    }

    Path mountPoint() {
        return mountPoint;
    }

    String device() {
        return device;
    }

    /** What the kernel says the mount is: "xfs ... reflink=1", to print beside the results. */
    String describe() throws IOException, InterruptedException {
        String info = run(List.of("xfs_info", mountPoint.toString()));
        return "xfs on " + device + " (" + image + ", " + (info.contains("reflink=1") ? "reflink=1" : "NO reflink") + ")";
    }

    /** Unmounts, detaches the loop device this made and deletes the image; each part is tried whatever the others did. */
    @Override
    public void close() {
        List<String> problems = new ArrayList<>();
        if (mounted) {
            attempt(problems, List.of("umount", mountPoint.toString()));
            mounted = false;
        }
        if (device != null) {
            attempt(problems, List.of("losetup", "-d", device));
            device = null;
        }
        try {
            Files.deleteIfExists(image);
        } catch (IOException e) {
            problems.add("delete " + image + ": " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            System.err.println("reflink file system not fully removed: " + String.join("; ", problems));
        }
    }

    private static void attempt(List<String> problems, List<String> command) {
        try {
            run(command);
        } catch (IOException | RuntimeException e) {
            problems.add(String.join(" ", command) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add(String.join(" ", command) + ": interrupted");
        }
    }

    /** Runs a system command (through sudo unless root); answers its output, fails unless it exits 0. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (!isRoot()) {
            full.add("sudo");
            full.add("-n");
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(COMMAND_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", full) + " still running after " + COMMAND_MINUTES + " min");
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", full) + " exited " + process.exitValue() + ": " + output.strip());
        }
        return output;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
