package io.echotune.chat.repository;

/** A session row with the number of messages it holds, read in one query. */
public record CountedSession(ChatSessionEntity session, long messageCount) {
}
