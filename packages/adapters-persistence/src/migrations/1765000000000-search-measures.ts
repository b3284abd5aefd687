import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Measures match however they are written: "12w", "12 W", "1.5mm" and "1,5 mm" are the same
 * words. Core's `words` splits a number from the letters after it and from the decimals after a
 * point, in queries and in the in-memory search; the search document now does the same
 * (`mostrador_search_split`, applied after unaccenting), so "Taladro 550W" is found by
 * "taladro 550 w" and "Lámpara 12 W" by "lampara 12w". The generated column is dropped and added
 * again (a table rewrite, and its GIN index rebuilt): the expression of a generated column cannot
 * be altered in place. Runs unchanged on PostgreSQL and PGlite.
 */

/** The search document, with `wrap` applied to every unaccented text before it is parsed. */
const searchDocument = (wrap: (text: string) => string): string => `
  setweight(to_tsvector('spanish'::regconfig, ${wrap(`mostrador_unaccent(name || ' ' || coalesce(translations -> 'es' ->> 'name', ''))`)}), 'A')
  || setweight(to_tsvector('english'::regconfig, ${wrap(`mostrador_unaccent(name || ' ' || coalesce(translations -> 'en' ->> 'name', ''))`)}), 'A')
  || setweight(to_tsvector('simple'::regconfig, ${wrap(`mostrador_unaccent(
       name || ' ' || coalesce(translations -> 'es' ->> 'name', '') || ' ' || coalesce(translations -> 'en' ->> 'name', '')
     )`)}), 'A')
  || setweight(to_tsvector('simple'::regconfig,
       regexp_replace(lower(mostrador_unaccent(sku)), '[^a-z0-9]+', ' ', 'g') || ' ' || regexp_replace(lower(mostrador_unaccent(sku)), '[^a-z0-9]+', '', 'g')
     ), 'A')
  || setweight(to_tsvector('spanish'::regconfig, ${wrap(`mostrador_unaccent(
       description || ' ' || coalesce(translations -> 'es' ->> 'description', '') || ' ' || mostrador_json_values(attributes)
     )`)}), 'C')
  || setweight(to_tsvector('english'::regconfig, ${wrap(`mostrador_unaccent(
       coalesce(translations -> 'en' ->> 'description', '') || ' ' || mostrador_json_values(attributes)
     )`)}), 'C')
  || setweight(to_tsvector('simple'::regconfig, ${wrap(`mostrador_unaccent(
       description || ' ' || coalesce(translations -> 'es' ->> 'description', '') || ' '
       || coalesce(translations -> 'en' ->> 'description', '') || ' ' || mostrador_json_values(attributes)
     )`)}), 'C')`;

const replaceDocument = async (queryRunner: QueryRunner, expression: string): Promise<void> => {
  await queryRunner.query(`ALTER TABLE products DROP COLUMN IF EXISTS search_document`);
  await queryRunner.query(`ALTER TABLE products ADD COLUMN search_document tsvector GENERATED ALWAYS AS (${expression}) STORED`);
  await queryRunner.query(
    `CREATE INDEX IF NOT EXISTS products_search_document_idx ON products USING gin (search_document) WITH (gin_pending_list_limit = 256)`,
  );
};

export class SearchMeasures1765000000000 implements MigrationInterface {
  readonly name = 'SearchMeasures1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // "550W" → "550 W", "1.5" → "1 5" (the parser keeps "1.5" whole; core's words split it).
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION mostrador_search_split(input text) RETURNS text
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $fn$ SELECT regexp_replace(regexp_replace(input, '([0-9])[.](?=[0-9])', '\\1 ', 'g'), '([0-9])(?=[[:alpha:]])', '\\1 ', 'g') $fn$`);
    // Idempotent like the others: a document that already splits measures is left alone.
    const [current] = (await queryRunner.query(
      `SELECT pg_get_expr(d.adbin, d.adrelid) AS expression FROM pg_attrdef d
       JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
       WHERE d.adrelid = 'products'::regclass AND a.attname = 'search_document'`,
    )) as { expression: string }[];
    if (current?.expression.includes('mostrador_search_split')) return;
    await replaceDocument(
      queryRunner,
      searchDocument((text) => `mostrador_search_split(${text})`),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await replaceDocument(
      queryRunner,
      searchDocument((text) => text),
    );
    await queryRunner.query(`DROP FUNCTION IF EXISTS mostrador_search_split(text)`);
  }
}
