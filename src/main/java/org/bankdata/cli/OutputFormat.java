package org.bankdata.cli;

/** How results are written to stdout. */
public enum OutputFormat { table, csv, json }
