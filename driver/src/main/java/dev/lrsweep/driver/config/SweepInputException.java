package dev.lrsweep.driver.config;

/** Bad input that the user can fix: its message is one line naming the key or file and the value. */
public class SweepInputException extends RuntimeException {
    public SweepInputException(String message) {
        super(message);
    }

    public SweepInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
