package io.echotune.insights.repository;

/** Start and end (epoch ms) and time played of one music record: what sessions are computed from. */
public record PlayTimes(long startedAt, long playedAt, long msPlayed) {
}
