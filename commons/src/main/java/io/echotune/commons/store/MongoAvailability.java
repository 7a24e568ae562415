package io.echotune.commons.store;

import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;

/**
 * Which driver failures mean "MongoDB cannot answer right now" (down, unreachable, no primary, too slow) rather than
 * "this operation is wrong". The services that read MongoDB map the same list to 503 (their rest.StoreUnavailableMapper); code that would otherwise
 * shrug a failed read off uses this to let an outage travel to that answer instead of trying a second read that
 * waits out the same server selection timeout.
 */
public final class MongoAvailability {

    private MongoAvailability() {
    }

    public static boolean isUnavailable(Throwable failure) {
        return failure instanceof MongoTimeoutException
                || failure instanceof MongoSocketException
                || failure instanceof MongoConnectionPoolClearedException
                || failure instanceof MongoNotPrimaryException
                || failure instanceof MongoNodeIsRecoveringException
                || failure instanceof MongoExecutionTimeoutException;
    }
}
