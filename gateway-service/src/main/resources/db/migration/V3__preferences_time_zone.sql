-- The user's IANA time zone: insights asked for in chat ("when do I listen most?") count hours and days in it.
ALTER TABLE preferences ADD COLUMN time_zone TEXT;
