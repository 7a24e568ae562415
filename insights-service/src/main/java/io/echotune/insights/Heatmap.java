package io.echotune.insights;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/** All 168 weekday x hour cells, Monday 00 first, empty ones included. */
@RegisterForReflection
public record Heatmap(String timeZone, List<HeatmapCell> cells) {
}
