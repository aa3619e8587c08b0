-- A new draft names the earlier decisions on its parcel (issue 20, load held): it asks for the parcel's decided zaken
-- only, and this index finds those without visiting the parcel's open ones (many on one parcel under load).
DROP INDEX zaak_perceel;
CREATE INDEX zaak_perceel_status ON zaak (perceel, status);
