package io.echotune.commons.music.catalog;

/** A catalog file that cannot be read at all (unknown layout, not CSV, not UTF-8); nothing of it is used. */
public class CatalogFormatException extends Exception {

    public CatalogFormatException(String message) {
        super(message);
    }

    public CatalogFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
