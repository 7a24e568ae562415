package io.echotune.ingestion.imports.parsing;

/**
 * A file that cannot be imported as a whole (not valid UTF-8, not JSON, truncated, a record of the wrong shape,
 * a CSV without the required columns, an unsafe ZIP). The detail completes the sentence "file X ...".
 */
public class MalformedFileException extends Exception {

    public MalformedFileException(String detail) {
        super(detail, null, false, false);
    }
}
