package org.bankdata.errors;

/**
 * Loading the published tables into a database failed: the server could not be reached, refused the login or
 * a privilege, or rejected the data. Nothing was changed in the target. Retrying helps only when the server
 * was unreachable.
 */
public final class WarehouseException extends BankdataException {
    public WarehouseException(String message, boolean retriable, Throwable cause) {
        super("WAREHOUSE", retriable, 1, message, cause);
    }
}
