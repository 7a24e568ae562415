package io.echotune.ingestion.imports.parsing;

/**
 * The fields of one export record as read, before validation. Mutable and reused record after record by the
 * reader so that parsing allocates nothing but the strings it keeps. Fields the exports carry but EchoTune never
 * stores (IP addresses, user agents, usernames, offline timestamps, incognito flag) are not even read.
 */
final class RawPlay {

    enum Number { MISSING, OK, INVALID }

    String endTimeField;
    String endTime;
    Number msState;
    long msPlayed;
    String msText;
    String trackName;
    String artistName;
    String albumName;
    String trackUri;
    String episodeName;
    String showName;
    String episodeUri;
    String audiobookTitle;
    String audiobookUri;
    String chapterUri;
    String chapterTitle;
    String reasonStart;
    String reasonEnd;
    String platform;
    String country;
    Boolean shuffle;
    Boolean skipped;
    Boolean offline;

    void reset() {
        endTimeField = null;
        endTime = null;
        msState = Number.MISSING;
        msPlayed = 0;
        msText = null;
        trackName = null;
        artistName = null;
        albumName = null;
        trackUri = null;
        episodeName = null;
        showName = null;
        episodeUri = null;
        audiobookTitle = null;
        audiobookUri = null;
        chapterUri = null;
        chapterTitle = null;
        reasonStart = null;
        reasonEnd = null;
        platform = null;
        country = null;
        shuffle = null;
        skipped = null;
        offline = null;
    }
}
