package io.echotune.ingestion.imports.parsing;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipEntry;

/**
 * Zip-bomb protection while an archive is read. The sizes a ZIP declares are never trusted: every byte that
 * inflates is counted as it comes out, against a total budget for the archive and against the entry's
 * compressed size (the bytes the inflater really consumes are bounded by it, as ZipFile reads them).
 * Reading stops with {@link UnsafeZipException} the moment a limit is passed, so a bomb never inflates fully.
 */
public final class ZipGuard {

    private final long maxTotalBytes;
    private final int maxRatio;
    private final long ratioThresholdBytes;
    private long inflatedTotal;

    public ZipGuard(long maxTotalBytes, int maxRatio, long ratioThresholdBytes) {
        this.maxTotalBytes = maxTotalBytes;
        this.maxRatio = maxRatio;
        this.ratioThresholdBytes = ratioThresholdBytes;
    }

    /** Thrown while reading an entry that passes a limit. */
    public static final class UnsafeZipException extends IOException {
        public UnsafeZipException(String detail) {
            super(detail, null);
        }
    }

    /** Wraps the inflating stream of one entry. */
    public InputStream guard(ZipEntry entry, InputStream inflating) {
        long compressed = Math.max(entry.getCompressedSize(), 1);
        String name = entry.getName();
        return new FilterInputStream(inflating) {
            private long inflated;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    count(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    count(n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = super.skip(n);
                if (skipped > 0) {
                    count(skipped);
                }
                return skipped;
            }

            private void count(long n) throws UnsafeZipException {
                inflated += n;
                inflatedTotal += n;
                if (inflatedTotal > maxTotalBytes) {
                    throw new UnsafeZipException("inflates to more than " + maxTotalBytes
                            + " bytes in total (limit for one archive)");
                }
                if (inflated > ratioThresholdBytes && inflated > compressed * maxRatio) {
                    throw new UnsafeZipException("entry '" + name + "' inflates more than " + maxRatio
                            + " times its compressed size (" + compressed + " bytes): a zip bomb?");
                }
            }
        };
    }

    /** Whether an entry name could escape the directory it is extracted to. */
    public static boolean unsafePath(String name) {
        String n = name.replace('\\', '/');
        if (n.startsWith("/") || n.matches("^[A-Za-z]:.*") || n.indexOf('\0') >= 0) {
            return true;
        }
        for (String segment : n.split("/")) {
            if (segment.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
