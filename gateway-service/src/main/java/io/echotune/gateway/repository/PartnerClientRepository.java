package io.echotune.gateway.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class PartnerClientRepository implements PanacheRepositoryBase<PartnerClientEntity, UUID> {

    public Uni<List<PartnerClientEntity>> listAll() {
        return listAll(Sort.ascending("createdAt").and("id"));
    }

    public Uni<Long> countAll() {
        return count();
    }
}
