-- array_to_string is STABLE, so a generated column cannot call it directly. Joining a text[] with a
-- space depends on nothing but its input, so this wrapper is honestly IMMUTABLE; the search vector of
-- coercion_factors (affected groups) uses it.
CREATE OR REPLACE FUNCTION tot_immutable_join(text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT array_to_string($1, ' ') $$;
