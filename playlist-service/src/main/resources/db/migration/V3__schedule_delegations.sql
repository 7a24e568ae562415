-- The owner's delegation for scheduled refreshes (a gateway-signed JWT, audience echotune-delegation): exchanged at
-- run time, with this service's own key, for a short-lived internal token of the owner (docs/playlists.md
-- "Schedules"). Stored with the schedule: stopping the schedule clears it, deleting the playlist deletes it.
-- Schedules set before this migration have none and keep refreshing catalog facts only until they are set again.
ALTER TABLE playlists ADD COLUMN schedule_delegation text;
ALTER TABLE playlists ADD CONSTRAINT playlists_delegation_needs_schedule
    CHECK (schedule_delegation IS NULL OR schedule_every IS NOT NULL);
