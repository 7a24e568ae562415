package io.echotune.gateway.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

@ApplicationScoped
public class PreferencesRepository implements PanacheRepositoryBase<PreferencesEntity, UUID> {
}
