-- An official's answer to a help request: its text, when and by whom; and the account of the asker when they were
-- logged in (the answer then reaches their inbox). The question itself is never changed.
ALTER TABLE hulpvragen ADD COLUMN gebruiker BLOB;
ALTER TABLE hulpvragen ADD COLUMN antwoord TEXT;
ALTER TABLE hulpvragen ADD COLUMN beantwoord TEXT;
ALTER TABLE hulpvragen ADD COLUMN beantwoord_door BLOB;
ALTER TABLE hulpvragen ADD COLUMN beantwoord_door_naam TEXT;
