package io.echotune.chat.service;

import java.util.ArrayList;
import java.util.List;

/** Cuts a reply into the pieces a stream sends as {@code delta} events: a few words each, in order, joined back exactly. */
final class ReplyPieces {

    private static final int PIECE_LENGTH = 24;

    private ReplyPieces() {
    }

    static List<String> of(String reply) {
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        for (String word : reply.split("(?<=\\s)")) {
            piece.append(word);
            if (piece.length() >= PIECE_LENGTH) {
                pieces.add(piece.toString());
                piece.setLength(0);
            }
        }
        if (!piece.isEmpty()) {
            pieces.add(piece.toString());
        }
        return pieces;
    }
}
