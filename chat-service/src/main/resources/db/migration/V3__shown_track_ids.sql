-- Every track shown in a conversation so far (ids, oldest first, bounded by echotune.chat.remembered-shown-tracks):
-- a request for more ("10 more like the third one") leaves them out. Existing conversations start from the list
-- they last showed.
ALTER TABLE chat_conversation_state ADD COLUMN shown_track_ids jsonb NOT NULL DEFAULT '[]'::jsonb;

UPDATE chat_conversation_state
SET shown_track_ids = COALESCE((SELECT jsonb_agg(track -> 'trackId') FROM jsonb_array_elements(shown) AS track
                                WHERE track ? 'trackId'), '[]'::jsonb);
