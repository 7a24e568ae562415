package io.echotune.gateway.routing;

import io.echotune.commons.problem.Problem;

import java.util.Optional;

/**
 * Why a request stops at the gateway: the problem to answer, and for 429s and 503s the seconds to send as Retry-After.
 */
public record Rejection(Problem problem, long retryAfterSeconds) {

    static Optional<Rejection> of(Problem problem) {
        return Optional.of(new Rejection(problem, 0));
    }

    static Optional<Rejection> tooMany(String detail, long retryAfterSeconds) {
        return Optional.of(new Rejection(Problem.tooManyRequests(detail), retryAfterSeconds));
    }
}
