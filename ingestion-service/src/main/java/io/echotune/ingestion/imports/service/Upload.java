package io.echotune.ingestion.imports.service;

import java.nio.file.Path;

/** One uploaded file as it lies on disk (Quarkus REST writes multipart file parts to temporary files). */
public record Upload(String name, Path path, long size) {
}
