package org.bankdata.errors;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.regex.Pattern;

/**
 * Turns any failure into words a user can act on: never a Java class name, never a package name, never a
 * stack trace. A {@link BankdataException} already speaks to users; file-system and network failures are
 * named by what happened; anything else keeps its message when that message is plain text, and is called
 * an internal error otherwise. The stack trace stays in the DEBUG log.
 */
public final class ErrorMessages {
    /** A qualified Java name ({@code java.lang.String}, {@code org.apache...}) or an exception's simple name. */
    private static final Pattern JAVA_NAMES = Pattern.compile(
            "\\b(?:java|javax|jdk|sun|org|com|io|scala|net)\\.[a-z]\\w*|\\b[A-Z]\\w+(?:Exception|Error)\\b");

    private ErrorMessages() {
    }

    /** What went wrong with {@code failure}, in a user's words. */
    public static String describe(Throwable failure) {
        if (failure == null) {
            return "an internal error";
        }
        if (failure instanceof BankdataException known) {
            return known.getMessage();
        }
        if (failure instanceof UncheckedIOException && failure.getCause() != null) {
            return describe(failure.getCause());
        }
        if (failure instanceof FileSystemException fs) {
            return fileSystem(fs);
        }
        if (failure instanceof ConnectException) {
            return "connection refused";
        }
        if (failure instanceof UnknownHostException) {
            return "unknown host " + failure.getMessage();
        }
        if (failure instanceof HttpTimeoutException || failure instanceof SocketTimeoutException) {
            return "timed out";
        }
        if (failure instanceof OutOfMemoryError) {
            return "out of memory; give the JVM more, e.g. BANKDATA_JAVA_OPTS=-Xmx4g";
        }
        String message = plain(failure.getMessage());
        if (message != null) {
            return message;
        }
        if (failure.getCause() != null && failure.getCause() != failure) {
            return describe(failure.getCause());
        }
        return failure instanceof java.io.IOException ? "input/output error" : "an internal error";
    }

    /** {@code text} if it is plain words (its first line, without Java names), else null. */
    public static String plain(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String first = text.strip().lines().findFirst().orElse("").strip();
        return first.isEmpty() || JAVA_NAMES.matcher(first).find() ? null : first;
    }

    /** Whether {@code text} shows a Java class or package name. */
    public static boolean showsJavaNames(String text) {
        return text != null && JAVA_NAMES.matcher(text).find();
    }

    private static String fileSystem(FileSystemException e) {
        String file = e.getFile();
        if (e instanceof NoSuchFileException) {
            return file + " does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "no permission to write or read " + file;
        }
        if (e instanceof FileAlreadyExistsException) {
            return file + " already exists";
        }
        if (e instanceof NotDirectoryException) {
            return file + " is not a folder";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return file + " is not empty";
        }
        String reason = e.getReason();
        if (reason != null && reason.contains("Read-only file system")) {
            return file + " is on a read-only file system";
        }
        return file + (reason == null ? ": input/output error" : ": " + reason);
    }
}
