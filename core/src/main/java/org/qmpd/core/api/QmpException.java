package org.qmpd.core.api;

/**
 * A command's failure as QMP reports it: an error class and QEMU's exact description.
 * The core turns it into {@code {"error": {"class": ..., "desc": ...}}}.
 */
public class QmpException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorClass errorClass;

    public QmpException(ErrorClass errorClass, String desc) {
        super(desc, null, false, false);
        this.errorClass = errorClass;
    }

    /** A {@link ErrorClass#GenericError}, the class of nearly every QEMU error. */
    public static QmpException generic(String desc) {
        return new QmpException(ErrorClass.GenericError, desc);
    }

    public ErrorClass errorClass() {
        return errorClass;
    }

    /** The {@code desc} member: QEMU's text, verbatim. */
    public String desc() {
        return getMessage();
    }
}
