-- Reference data: the regions of Ukraine that Russia occupies in whole or in part, grouped under one
-- AGGREGATE region for all temporarily occupied territories. Codes are ISO 3166-2; KATOTTG codes are
-- from the national classifier of administrative-territorial units. Later changes go in new migrations.
INSERT INTO "regions" ("code", "katottg", "name_en", "name_uk", "kind", "parent_id")
VALUES ('UA-TOT', NULL, 'All temporarily occupied territories', 'Усі тимчасово окуповані території', 'AGGREGATE', NULL);
--> statement-breakpoint
INSERT INTO "regions" ("code", "katottg", "name_en", "name_uk", "kind", "parent_id")
SELECT v.code, v.katottg, v.name_en, v.name_uk, v.kind::region_kind, (SELECT "id" FROM "regions" WHERE "code" = 'UA-TOT')
FROM (VALUES
  ('UA-14', 'UA14000000000091971', 'Donetsk Oblast', 'Донецька область', 'OBLAST', 1),
  ('UA-09', 'UA44000000000018893', 'Luhansk Oblast', 'Луганська область', 'OBLAST', 2),
  ('UA-23', 'UA23000000000064947', 'Zaporizhzhia Oblast', 'Запорізька область', 'OBLAST', 3),
  ('UA-65', 'UA65000000000030969', 'Kherson Oblast', 'Херсонська область', 'OBLAST', 4),
  ('UA-43', 'UA01000000000013043', 'Autonomous Republic of Crimea', 'Автономна Республіка Крим', 'AUTONOMOUS_REPUBLIC', 5),
  ('UA-40', 'UA85000000000065278', 'Sevastopol', 'Севастополь', 'CITY_WITH_SPECIAL_STATUS', 6)
) AS v(code, katottg, name_en, name_uk, kind, ord)
ORDER BY v.ord;
