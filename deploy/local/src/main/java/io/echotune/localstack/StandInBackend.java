package io.echotune.localstack;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * mongo-java-server's H2 backend with its documents and index keys stored through {@link StandInDataType}. The map
 * names and layout are the library's own, so a store keeps working with either backend once {@link #upgrade} has
 * rebuilt its index maps in the new key order.
 */
public final class StandInBackend extends H2Backend {

    /** Marks a store whose index maps are in {@link StandInDataType}'s key order. */
    static final String FORMAT_MAP = "echotune.standin.format";
    private static final String KEY_ORDER = "indexKeyOrder";
    private static final String INDEX_MAP_MARKER = "._index_";
    private static final String REBUILDING = ".rebuilding";

    /** Upgrades the store first ({@link #upgrade}): the library's constructor already opens its collections. */
    public StandInBackend(MVStore store) {
        super(upgraded(store));
    }

    private static MVStore upgraded(MVStore store) {
        int rebuilt = upgrade(store);
        if (rebuilt > 0) {
            System.out.printf("mongo stand-in: rebuilt %d index maps in the new key order%n", rebuilt);
        }
        return store;
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new Database(databaseName);
    }

    private static <K, V> MVMap<K, V> openMap(MVStore store, String name) {
        return store.openMap(name, new MVMap.Builder<K, V>()
                .keyType(StandInDataType.INSTANCE).valueType(StandInDataType.INSTANCE));
    }

    /**
     * Rebuilds every index map of a store written by the plain H2 backend in {@link StandInDataType}'s key order, and
     * marks the store. Runs before the library opens the store. Crash-safe: a map is rebuilt beside the old one, then
     * the old one is removed and the new one renamed; a start after an interrupted upgrade finishes a rename that was
     * cut short and redoes the rest (reading through {@link StandInDataType} reads either format). Returns the maps
     * rebuilt.
     */
    static int upgrade(MVStore store) {
        MVMap<String, Integer> format = store.openMap(FORMAT_MAP);
        if (format.containsKey(KEY_ORDER)) {
            return 0;
        }
        int rebuilt = 0;
        for (String name : List.copyOf(store.getMapNames())) {
            if (name.endsWith(REBUILDING)) {
                String original = name.substring(0, name.length() - REBUILDING.length());
                if (store.hasMap(original)) {
                    store.removeMap(name);                                   // redone below
                } else {
                    store.renameMap(openMap(store, name), original);         // cut short after the removal
                }
            }
        }
        for (String name : List.copyOf(store.getMapNames())) {
            if (!name.contains(INDEX_MAP_MARKER)) {
                continue;
            }
            MVMap<Object, Object> old = openMap(store, name);
            MVMap<Object, Object> fresh = openMap(store, name + REBUILDING);
            for (Map.Entry<Object, Object> entry : old.entrySet()) {   // a cursor: no key comparisons on the old map
                fresh.put(entry.getKey(), entry.getValue());
            }
            store.removeMap(old);
            store.renameMap(fresh, name);
            rebuilt++;
        }
        format.put(KEY_ORDER, 2);
        store.commit();
        return rebuilt;
    }

    /**
     * H2Database with its maps opened through {@link StandInDataType}; names as the library gives them. An inner class:
     * the library's constructor already opens the existing collections and indexes through the overrides below,
     * before a field of this class could be set, while the backend's store is there from the start.
     */
    private final class Database extends H2Database {

        Database(String name) {
            super(name, getMvStore(), getCursorRegistry());
        }

        private MVStore store() {
            return StandInBackend.this.getMvStore();
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            String namespace = getFullCollectionNamespace(collectionName);
            MVMap<Object, Document> data = openMap(store(), "databases." + namespace);
            MVMap<String, Object> meta = store().openMap("meta." + namespace);
            return new StandInCollection(this, collectionName, options, data, meta, cursorRegistry);
        }

        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                        boolean sparse) {
            String mapName = getFullCollectionNamespace(collectionName) + INDEX_MAP_MARKER + indexName;
            return new UniqueIndex(openMap(store(), mapName), indexName, keys, sparse);
        }
    }

    /**
     * The library's H2Collection, with one query shape matched in constant time: {@code {_id: {$in: [strings]}}}, what
     * the services send to read a batch by id (enrichment, catalog sync). The library finds those documents through
     * the _id index and then re-checks each against the whole {@code $in} list, which makes a batch of n ids cost
     * n^2 comparisons (10-13 ms for a thousand ids). String ids are equal in MongoDB exactly when the strings are, so
     * a hash set decides the same; any other shape or value type goes to the library's matcher.
     *
     * <p>It also keeps no running data size: the library BSON-encodes every inserted, updated and removed document
     * only to add up its size for collStats and validate (which then report 0 bytes of data), a tenth of an insert.
     */
    private static final class StandInCollection extends H2Collection {

        private static final String ID = "_id";

        /** The last {@code $in} query seen and its ids: the library calls the matcher once per document of a query. */
        private record IdsIn(Document query, Set<String> ids) {
        }

        private volatile IdsIn lastIdsIn;

        StandInCollection(MongoDatabase database, String name, CollectionOptions options, MVMap<Object, Document> data,
                   MVMap<String, Object> meta, CursorRegistry cursors) {
            super(database, name, options, data, meta, cursors);
        }

        @Override
        protected boolean tracksDataSize() {
            return false;
        }

        @Override
        protected boolean documentMatchesQuery(Document document, Document query) {
            Set<String> ids = stringIdsIn(query);
            if (ids == null) {
                return super.documentMatchesQuery(document, query);
            }
            return document.get(ID) instanceof String id && ids.contains(id);
        }

        private Set<String> stringIdsIn(Document query) {
            IdsIn last = lastIdsIn;
            if (last != null && last.query() == query) {
                return last.ids();
            }
            if (query.size() != 1 || !(query.get(ID) instanceof Document condition) || condition.size() != 1
                    || !(condition.get("$in") instanceof Collection<?> values)) {
                return null;
            }
            Set<String> ids = new HashSet<>(values.size() * 2);
            for (Object value : values) {
                if (!(value instanceof String id)) {
                    return null;
                }
                ids.add(id);
            }
            lastIdsIn = new IdsIn(query, ids);
            return ids;
        }
    }

    /** The library's H2UniqueIndex (package-private there), over a map with {@link StandInDataType} keys. */
    private static final class UniqueIndex extends AbstractUniqueIndex<Object> {

        private final MVMap<KeyValue, Object> map;
        /**
         * The key last found absent, until the map changes. An insert checks each key twice before it puts it (once
         * for all indexes before the document is stored, again in the library's add); the second look-up is answered
         * from here instead of the B-tree. Only this object writes the map.
         */
        private KeyValue lastAbsent;

        UniqueIndex(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
            super(name, keys, sparse);
            this.map = map;
        }

        @Override
        protected synchronized boolean containsKey(KeyValue key) {
            if (key.equals(lastAbsent)) {
                return false;
            }
            boolean contains = super.containsKey(key);
            lastAbsent = contains ? null : key;
            return contains;
        }

        @Override
        protected synchronized Object removeDocument(KeyValue key) {
            lastAbsent = null;
            return map.remove(key);
        }

        @Override
        protected synchronized boolean putKeyPosition(KeyValue key, Object position) {
            lastAbsent = null;
            return map.putIfAbsent(key, Missing.ofNullable(position)) == null;
        }

        @Override
        protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
            return map.entrySet();
        }

        @Override
        protected Object getPosition(KeyValue key) {
            return map.get(key);
        }

        @Override
        public long getCount() {
            return map.sizeAsLong();
        }

        @Override
        public boolean isEmpty() {
            return map.isEmpty();
        }

        @Override
        public long getDataSize() {
            return getCount();
        }
    }
}
