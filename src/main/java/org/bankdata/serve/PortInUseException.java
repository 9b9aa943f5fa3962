package org.bankdata.serve;

import org.bankdata.errors.BankdataException;

/** {@code bankdata serve} cannot listen because another program holds the port; another port, or later, will do. */
public final class PortInUseException extends BankdataException {
    public PortInUseException(String host, int port, Throwable cause) {
        super("PORT_IN_USE", true, 1, "port " + port + " on " + host + " is already in use; choose another with --port", cause);
    }
}
