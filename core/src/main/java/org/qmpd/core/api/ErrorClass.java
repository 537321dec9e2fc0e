package org.qmpd.core.api;

/** The QMP error classes of QEMU 2.4 ({@code qapi/common.json}), sent as {@code error.class}. */
public enum ErrorClass {
    GenericError,
    CommandNotFound,
    DeviceEncrypted,
    DeviceNotActive,
    DeviceNotFound,
    KVMMissingCap
}
