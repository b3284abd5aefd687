import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * The whole schema, hand-written. It runs unchanged on PostgreSQL (13+) and PGlite, and every
 * statement is idempotent (IF NOT EXISTS / OR REPLACE), so re-running it on a migrated database
 * changes nothing.
 *
 * Conventions:
 * - ids are text with the "C" collation (byte order, like JavaScript's `<`), so ORDER BY id is
 *   identical everywhere; names are ordered with an explicit COLLATE "C" in queries;
 * - money is bigint centavos plus a currency column; documents (lines, history, totals,
 *   translations) are JSONB; every timestamp is timestamptz;
 * - aggregates refer to each other by id without foreign keys (like the in-memory store):
 *   use cases own cross-aggregate integrity, and repositories stay independent of save order.
 */

/** Where CREATE EXTENSION put unaccent and pg_trgm (usually public). */
const extensionSchema = async (queryRunner: QueryRunner, extension: string): Promise<string> => {
  const rows = (await queryRunner.query(
    `SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = $1`,
    [extension],
  )) as { schema: string }[];
  const schema = rows[0]?.schema;
  if (!schema) throw new Error(`extension ${extension} is not installed`);
  return `"${schema.replaceAll('"', '""')}"`;
};

export class InitialSchema1764100000000 implements MigrationInterface {
  readonly name = 'InitialSchema1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    const unaccentSchema = await extensionSchema(queryRunner, 'unaccent');
    const trgmSchema = await extensionSchema(queryRunner, 'pg_trgm');

    // unaccent() is only STABLE (its dictionary could change), so it cannot appear in generated
    // columns or index expressions. This wrapper pins the dictionary and is declared IMMUTABLE,
    // the documented way to index unaccented text. Schema-qualified so it does not depend on
    // search_path (pg_dump/restore runs with an empty one).
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION mostrador_unaccent(input text) RETURNS text
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $fn$ SELECT ${unaccentSchema}.unaccent('${unaccentSchema}.unaccent'::regdictionary, input) $fn$`);
    // The values of a flat JSON object (product attributes) as one text, for the search document.
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION mostrador_json_values(document jsonb) RETURNS text
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $fn$ SELECT coalesce(string_agg(value, ' '), '') FROM jsonb_each_text(CASE WHEN jsonb_typeof(document) = 'object' THEN document ELSE '{}'::jsonb END) $fn$`);

    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS categories (
        id text COLLATE "C" PRIMARY KEY,
        slug text NOT NULL,
        name text NOT NULL,
        parent_id text COLLATE "C" NULL,
        position integer NOT NULL DEFAULT 0,
        translations jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX IF NOT EXISTS categories_slug_key ON categories (slug)`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS categories_parent_idx ON categories (parent_id)`);

    // fillfactor 90 leaves room on each page so stock updates (reserve, commit...) are HOT
    // updates that touch no index, the GIN ones included.
    // Search columns (generated, so every writer keeps them right):
    // - search_name: lower, unaccented names (es + en) for trigram typo matching;
    // - search_document: weighted tsvector, Spanish and English stemming plus unstemmed words,
    //   name/translated names/sku weight A, description and attributes weight C. The SKU is
    //   indexed as its alphanumeric parts and compacted ("TAL-001" → tal, 001, tal001).
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS products (
        id text COLLATE "C" PRIMARY KEY,
        sku text NOT NULL,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        category_id text COLLATE "C" NULL,
        attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
        images jsonb NOT NULL DEFAULT '[]'::jsonb,
        price_amount bigint NOT NULL,
        currency text NOT NULL DEFAULT 'ARS',
        vat_rate integer NOT NULL,
        stock_on_hand integer NOT NULL DEFAULT 0,
        reserved integer NOT NULL DEFAULT 0,
        discount_kind text NULL CHECK (discount_kind IN ('percent', 'amount')),
        discount_basis_points integer NULL,
        discount_amount bigint NULL,
        discount_currency text NULL,
        discount_valid_from timestamptz NULL,
        discount_valid_until timestamptz NULL,
        active boolean NOT NULL DEFAULT true,
        translations jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        search_name text GENERATED ALWAYS AS (
          lower(mostrador_unaccent(
            name || ' ' || coalesce(translations -> 'es' ->> 'name', '') || ' ' || coalesce(translations -> 'en' ->> 'name', '')
          ))
        ) STORED,
        search_document tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('spanish'::regconfig, mostrador_unaccent(name || ' ' || coalesce(translations -> 'es' ->> 'name', ''))), 'A')
          || setweight(to_tsvector('english'::regconfig, mostrador_unaccent(name || ' ' || coalesce(translations -> 'en' ->> 'name', ''))), 'A')
          || setweight(to_tsvector('simple'::regconfig, mostrador_unaccent(
               name || ' ' || coalesce(translations -> 'es' ->> 'name', '') || ' ' || coalesce(translations -> 'en' ->> 'name', '')
             )), 'A')
          || setweight(to_tsvector('simple'::regconfig,
               regexp_replace(lower(mostrador_unaccent(sku)), '[^a-z0-9]+', ' ', 'g') || ' ' || regexp_replace(lower(mostrador_unaccent(sku)), '[^a-z0-9]+', '', 'g')
             ), 'A')
          || setweight(to_tsvector('spanish'::regconfig, mostrador_unaccent(
               description || ' ' || coalesce(translations -> 'es' ->> 'description', '') || ' ' || mostrador_json_values(attributes)
             )), 'C')
          || setweight(to_tsvector('english'::regconfig, mostrador_unaccent(
               coalesce(translations -> 'en' ->> 'description', '') || ' ' || mostrador_json_values(attributes)
             )), 'C')
          || setweight(to_tsvector('simple'::regconfig, mostrador_unaccent(
               description || ' ' || coalesce(translations -> 'es' ->> 'description', '') || ' '
               || coalesce(translations -> 'en' ->> 'description', '') || ' ' || mostrador_json_values(attributes)
             )), 'C')
        ) STORED
      ) WITH (fillfactor = 90)`);
    await queryRunner.query(`CREATE UNIQUE INDEX IF NOT EXISTS products_sku_key ON products (sku)`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS products_category_idx ON products (category_id)`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS products_name_idx ON products ((name COLLATE "C"), id)`);
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS products_browse_idx ON products ((lower(mostrador_unaccent(name)) COLLATE "C"), id) WHERE active`,
    );
    // A small GIN pending list (256 kB instead of 4 MB): inserts are still batched into the
    // index, but a search never scans a long list of not-yet-merged entries. This matters on
    // PGlite, which has no autovacuum to merge them.
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS products_search_document_idx ON products USING gin (search_document) WITH (gin_pending_list_limit = 256)`,
    );
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS products_search_name_trgm_idx ON products USING gin (search_name ${trgmSchema}.gin_trgm_ops) WITH (gin_pending_list_limit = 256)`,
    );

    // The search vocabulary: every distinct folded word of the catalog's texts. A query word
    // that matches no product is looked up here (trigram candidates, then edit distance in the
    // adapter) to correct typos, transpositions included ("bfuanda" → bufanda), which trigram
    // similarity on whole names alone misses. Words are only added (a stale word just corrects
    // to nothing); inserts are collected once per statement, sorted (no deadlocks), and updates
    // only when a text column really changed (stock updates never touch it).
    await queryRunner.query(`CREATE TABLE IF NOT EXISTS search_words (word text COLLATE "C" PRIMARY KEY)`);
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS search_words_trgm_idx ON search_words USING gin (word ${trgmSchema}.gin_trgm_ops) WITH (gin_pending_list_limit = 256)`,
    );
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION mostrador_search_text(name text, description text, translations jsonb, attributes jsonb) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $fn$ SELECT lower(mostrador_unaccent(concat_ws(' ', name, description,
        translations -> 'es' ->> 'name', translations -> 'es' ->> 'description',
        translations -> 'en' ->> 'name', translations -> 'en' ->> 'description',
        mostrador_json_values(coalesce(attributes, '{}'::jsonb))))) $fn$`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION mostrador_collect_search_words() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_LEVEL = 'STATEMENT' THEN
          INSERT INTO search_words (word)
          SELECT DISTINCT w FROM changed_products p,
            regexp_split_to_table(mostrador_search_text(p.name, p.description, p.translations, p.attributes), '[^a-z0-9]+') AS w
          WHERE length(w) BETWEEN 3 AND 40 ORDER BY w
          ON CONFLICT DO NOTHING;
        ELSE
          INSERT INTO search_words (word)
          SELECT DISTINCT w FROM regexp_split_to_table(mostrador_search_text(NEW.name, NEW.description, NEW.translations, NEW.attributes), '[^a-z0-9]+') AS w
          WHERE length(w) BETWEEN 3 AND 40 ORDER BY w
          ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
      END
      $fn$`);

    await queryRunner.query(`
      CREATE OR REPLACE TRIGGER products_search_words_insert AFTER INSERT ON products
      REFERENCING NEW TABLE AS changed_products
      FOR EACH STATEMENT EXECUTE FUNCTION mostrador_collect_search_words()`);
    await queryRunner.query(`
      CREATE OR REPLACE TRIGGER products_search_words_update AFTER UPDATE OF name, description, translations, attributes ON products
      FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.description IS DISTINCT FROM NEW.description
        OR OLD.translations IS DISTINCT FROM NEW.translations OR OLD.attributes IS DISTINCT FROM NEW.attributes)
      EXECUTE FUNCTION mostrador_collect_search_words()`);

    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS stock_movements (
        id text COLLATE "C" PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        product_id text COLLATE "C" NOT NULL,
        delta integer NOT NULL,
        reason text NOT NULL,
        note text NULL,
        by text NOT NULL,
        order_id text COLLATE "C" NULL,
        at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS stock_movements_product_idx ON stock_movements (product_id, at DESC, seq DESC)`);

    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS customers (
        id text COLLATE "C" PRIMARY KEY,
        name text NOT NULL,
        language text NOT NULL DEFAULT 'es',
        marketing_consent boolean NOT NULL DEFAULT false,
        phone text NULL,
        email text NULL,
        tax_profile jsonb NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS customers_name_idx ON customers ((name COLLATE "C"), id)`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS customers_consent_idx ON customers (marketing_consent) WHERE marketing_consent`);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS customer_identities (
        customer_id text COLLATE "C" NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
        channel text NOT NULL,
        user_id text NOT NULL,
        position integer NOT NULL DEFAULT 0,
        PRIMARY KEY (customer_id, channel, user_id)
      )`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS customer_identities_lookup_idx ON customer_identities (channel, user_id)`);

    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS carts (
        id text COLLATE "C" PRIMARY KEY,
        customer_id text COLLATE "C" NOT NULL,
        channel text NOT NULL,
        lines jsonb NOT NULL DEFAULT '[]'::jsonb,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX IF NOT EXISTS carts_customer_channel_key ON carts (customer_id, channel)`);

    await queryRunner.query(`CREATE SEQUENCE IF NOT EXISTS order_number_seq AS bigint START WITH 1 MINVALUE 1`);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS orders (
        id text COLLATE "C" PRIMARY KEY,
        number integer NOT NULL,
        customer_id text COLLATE "C" NOT NULL,
        channel text NOT NULL,
        status text NOT NULL,
        lines jsonb NOT NULL,
        total_amount bigint NOT NULL,
        currency text NOT NULL,
        contact jsonb NOT NULL,
        delivery jsonb NOT NULL,
        billing jsonb NULL,
        reservation_expires_at timestamptz NOT NULL,
        history jsonb NOT NULL DEFAULT '[]'::jsonb,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version integer NOT NULL CHECK (version >= 1)
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX IF NOT EXISTS orders_number_key ON orders (number)`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS orders_customer_idx ON orders (customer_id, created_at DESC)`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS orders_created_idx ON orders (created_at DESC, number DESC)`);
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS orders_expiry_idx ON orders (reservation_expires_at, number) WHERE status = 'placed'`,
    );
    // An order saved with a number the sequence has not reached yet (an import, a fixture)
    // moves the sequence past it, so nextval never hands that number out again. The common
    // path (number <= last_value) takes no lock; the rare one serializes on an advisory lock.
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION mostrador_orders_number_follow() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      DECLARE
        last bigint;
      BEGIN
        SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END INTO last FROM order_number_seq;
        IF NEW.number > last THEN
          PERFORM pg_advisory_xact_lock(727274001);
          SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END INTO last FROM order_number_seq;
          IF NEW.number > last THEN
            PERFORM setval('order_number_seq', NEW.number, true);
          END IF;
        END IF;
        RETURN NEW;
      END
      $fn$`);
    await queryRunner.query(`
      CREATE OR REPLACE TRIGGER orders_number_follow AFTER INSERT ON orders
      FOR EACH ROW EXECUTE FUNCTION mostrador_orders_number_follow()`);

    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS payments (
        id text COLLATE "C" PRIMARY KEY,
        order_id text COLLATE "C" NOT NULL,
        provider text NOT NULL,
        provider_payment_id text NOT NULL,
        status text NOT NULL,
        status_detail text NULL,
        amount bigint NOT NULL,
        currency text NOT NULL,
        processed_event_ids jsonb NOT NULL DEFAULT '[]'::jsonb,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX IF NOT EXISTS payments_provider_key ON payments (provider, provider_payment_id)`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS payments_order_idx ON payments (order_id, created_at)`);

    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS invoices (
        id text COLLATE "C" PRIMARY KEY,
        order_id text COLLATE "C" NOT NULL,
        issuer_cuit text NOT NULL,
        point_of_sale integer NOT NULL,
        voucher_type text NOT NULL,
        number integer NOT NULL,
        issue_date timestamptz NOT NULL,
        buyer jsonb NULL,
        totals jsonb NOT NULL,
        total_amount bigint NOT NULL,
        currency text NOT NULL,
        status text NOT NULL,
        cae text NULL,
        cae_due_date timestamptz NULL,
        qr_payload text NULL,
        errors jsonb NOT NULL DEFAULT '[]'::jsonb,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT invoices_number_key UNIQUE (issuer_cuit, point_of_sale, voucher_type, number)
      )`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS invoices_order_idx ON invoices (order_id, created_at)`);

    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS staff_users (
        id text COLLATE "C" PRIMARY KEY,
        email text NOT NULL,
        name text NOT NULL,
        password_hash text NOT NULL,
        roles text[] NOT NULL DEFAULT '{}',
        active boolean NOT NULL DEFAULT true,
        chat_channel text NULL,
        chat_user_id text NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX IF NOT EXISTS staff_users_email_key ON staff_users (lower(email))`);
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS staff_users_chat_idx ON staff_users (chat_channel, chat_user_id) WHERE chat_channel IS NOT NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS refresh_tokens (
        id text COLLATE "C" PRIMARY KEY,
        user_id text COLLATE "C" NOT NULL,
        family_id text COLLATE "C" NOT NULL,
        token_hash text NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz NULL,
        revoked_at timestamptz NULL,
        created_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX IF NOT EXISTS refresh_tokens_hash_key ON refresh_tokens (token_hash)`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS refresh_tokens_family_idx ON refresh_tokens (family_id)`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS refresh_tokens_user_idx ON refresh_tokens (user_id)`);

    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS outbox (
        id text COLLATE "C" PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        type text NOT NULL,
        aggregate_id text NOT NULL,
        payload jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        dispatched_at timestamptz NULL,
        attempts integer NOT NULL DEFAULT 0
      )`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS outbox_pending_idx ON outbox (seq) WHERE dispatched_at IS NULL`);

    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS settings (
        key text COLLATE "C" PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS conversations (
        channel text NOT NULL,
        chat_id text NOT NULL,
        state jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (channel, chat_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS processed_updates (
        channel text NOT NULL,
        update_key text NOT NULL,
        processed_at timestamptz NOT NULL,
        PRIMARY KEY (channel, update_key)
      )`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS processed_updates_age_idx ON processed_updates (processed_at)`);

    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS images (
        id text COLLATE "C" PRIMARY KEY,
        mime_type text NOT NULL,
        bytes bytea NOT NULL,
        byte_size integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'images',
      'processed_updates',
      'conversations',
      'settings',
      'outbox',
      'refresh_tokens',
      'staff_users',
      'invoices',
      'payments',
      'orders',
      'carts',
      'customer_identities',
      'customers',
      'stock_movements',
      'products',
      'search_words',
      'categories',
    ]) {
      await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await queryRunner.query(`DROP FUNCTION IF EXISTS mostrador_orders_number_follow()`);
    await queryRunner.query(`DROP SEQUENCE IF EXISTS order_number_seq`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS mostrador_collect_search_words()`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS mostrador_search_text(text, text, jsonb, jsonb)`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS mostrador_json_values(jsonb)`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS mostrador_unaccent(text)`);
  }
}
