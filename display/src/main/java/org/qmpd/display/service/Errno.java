package org.qmpd.display.service;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** What C's {@code strerror(errno)} says for a failed file operation, from Java's exception. */
public final class Errno {
    private Errno() {
    }

    public static String strerror(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        String reason = e instanceof FileSystemException fs ? fs.getReason() : e.getMessage();
        return reason == null ? "Input/output error" : reason;
    }
}
