package dev.lrsweep.driver.output;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Why a file could not be written or made, in the user's words: the part of an I/O error worth a line. */
public final class FileErrors {
    private FileErrors() {
    }

    /** {@code permission denied}, {@code No space left on device}, …: the reason without the path, which callers name. */
    public static String reason(Exception e) {
        if (e instanceof AccessDeniedException || e instanceof SecurityException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file is in the way";
        }
        if (e instanceof NoSuchFileException) {
            return "a folder on its path cannot be made there";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
