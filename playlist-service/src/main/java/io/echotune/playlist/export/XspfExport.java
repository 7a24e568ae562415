package io.echotune.playlist.export;

import io.echotune.playlist.Playlist;
import io.echotune.playlist.PlaylistTrack;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;

/**
 * XSPF version 1 (http://xspf.org/ns/0/): the playlist's title and annotation (its prompt), then per track its
 * location (the open.spotify.com URL), identifier (the spotify:track: URI), title, creator, album and duration in
 * milliseconds, in the order the XSPF schema lists them. The StAX writer escapes all text.
 */
final class XspfExport {

    static final String NAMESPACE = "http://xspf.org/ns/0/";
    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

    private XspfExport() {
    }

    static String write(Playlist playlist) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = FACTORY.createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("playlist");
            xml.writeDefaultNamespace(NAMESPACE);
            xml.writeAttribute("version", "1");
            element(xml, "title", playlist.name());
            element(xml, "annotation", playlist.prompt());
            element(xml, "date", playlist.updatedAt() == null ? null : playlist.updatedAt().toString());
            xml.writeStartElement("trackList");
            for (PlaylistTrack t : playlist.tracks()) {
                xml.writeStartElement("track");
                element(xml, "location", t.spotifyUrl());
                element(xml, "identifier", t.uri());
                element(xml, "title", t.name());
                element(xml, "creator", t.artistLine().isEmpty() ? null : t.artistLine());
                element(xml, "album", t.album());
                element(xml, "trackNum", String.valueOf(t.position()));
                element(xml, "duration", t.durationMs() == null ? null : String.valueOf(t.durationMs()));
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("Cannot write XSPF", e);
        }
        return out.toString();
    }

    private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        if (text != null) {
            xml.writeStartElement(name);
            xml.writeCharacters(text);
            xml.writeEndElement();
        }
    }
}
