-- The map shows the newest notices around a place (issue 20, load held). By (x, y) alone the database finds every
-- notice in the box and sorts them all by day; where many cases lie close together that is thousands for one page.
-- Each notice now also has its square kilometre (RD New, kilometres cut towards zero), and this index holds each
-- square's notices newest last: a small box reads each of its few squares newest first and stops at a page.
-- The index by (x, y, datum) goes: a planner that took it for a box sorted every notice in the box again. Larger
-- boxes use this index's square ranges. Generated columns: the previous release's trigger and queries write and read
-- the table as before.
ALTER TABLE bekendmaking ADD COLUMN km_x INTEGER GENERATED ALWAYS AS (CAST(x / 1000 AS INTEGER)) VIRTUAL;
ALTER TABLE bekendmaking ADD COLUMN km_y INTEGER GENERATED ALWAYS AS (CAST(y / 1000 AS INTEGER)) VIRTUAL;
CREATE INDEX bekendmaking_km ON bekendmaking (km_x, km_y, datum, id);
DROP INDEX bekendmaking_plaats;
