import type { Clock, Page, PageRequest, ProductSearch, ProductSearchHit, ProductSearchQuery } from '@mostrador/core';
import { type DataSource, In, type QueryRunner } from 'typeorm';
import { ProductEntity } from '../entities/catalog.js';
import { productFromRow } from '../mappers/catalog.js';
import { toSafeInteger } from '../mappers/values.js';
import { DISCOUNT_ACTIVE_SQL, EFFECTIVE_PRICE_SQL } from '../repositories/catalog.js';
import { translateError } from '../repositories/sql.js';
import { foldText, queryWords } from './search-text.js';
import { type Correction, corrections } from './typos.js';

export interface PostgresProductSearchOptions {
  readonly clock?: Clock;
  /**
   * Minimum pg_trgm word_similarity for a typo match (0..1). 0.5 lets one wrong or missing letter
   * through in a 6-letter word ("taldro" → "taladro") without matching everything.
   */
  readonly typoThreshold?: number;
  /** Words shorter than this never match by typo (as in the in-memory search: ≤ 3 letters need to be exact). */
  readonly typoMinLength?: number;
}

/** Positional parameters collected while the SQL is built. */
class Parameters {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * A query word as the database folds it (lower, unaccented), its distinct lexemes under the
 * Spanish, English and unstemmed configurations, and whether any active product contains it
 * (as a prefix). An unknown word is treated as a typo: `corrections` are the vocabulary words
 * within its tolerated edit distance.
 */
export interface AnalyzedWord {
  readonly folded: string;
  /** Exact lexemes: the Spanish and English stems and the unstemmed word ("camaras" → cam, camara, camaras). */
  readonly lexemes: readonly string[];
  /** Unstemmed lexemes, matched as prefixes ("zapat" → zapatillas). Stems are not: "cam" would match too much. */
  readonly prefixes: readonly string[];
  readonly known: boolean;
  readonly corrections: readonly Correction[];
}

/** Trigram similarity floor for vocabulary candidates: loose on purpose, edit distance decides. */
const CANDIDATE_SIMILARITY = 0.2;
const CANDIDATES_PER_WORD = 40;

/** A lexeme as a tsquery operand: quoted, with quotes and backslashes escaped. */
const quoteLexeme = (lexeme: string): string => `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** `'remer':A | 'remera':A` style tsquery text over some lexemes. */
const lexemeQuery = (lexemes: readonly string[], suffix: '' | ':*' | ':A' | ':*A'): string =>
  lexemes.map((lexeme) => `${quoteLexeme(lexeme)}${suffix}`).join(' | ');

/** What a known word matches: any exact lexeme, or an unstemmed lexeme as a prefix (`weight` A: only in names). */
const wordQuery = (term: Pick<AnalyzedWord, 'lexemes' | 'prefixes'>, weight: '' | 'A' = ''): string =>
  [lexemeQuery(term.lexemes, weight === 'A' ? ':A' : ''), lexemeQuery(term.prefixes, weight === 'A' ? ':*A' : ':*')].join(' | ');

/**
 * Points per matched word, like the in-memory search: name-like fields (weight A) 3, others 1;
 * a prefix 70 % of that, a correction one edit away 50 %, two edits 35 %; a trigram-only
 * match 1.5 × word_similarity; +2 when the whole text appears in a name.
 */
/** A score constant as SQL text (2.1, not 2.0999999999999996). */
const points = (value: number): string => String(Math.round(value * 1000) / 1000);

const SCORE = { name: 3, other: 1, prefix: 0.7, oneEdit: 0.5, twoEdits: 0.35, trigramFactor: 1.5, phraseBonus: 2 } as const;

/**
 * ProductSearch on PostgreSQL (and PGlite): full text plus trigram typo tolerance.
 *
 * Three short statements in one REPEATABLE READ snapshot (more only when nothing matched):
 * 1. analyze the words: fold each like the documents and find its lexemes (Spanish and English
 *    stems and the unstemmed word). If the ranked query (2) then finds nothing, the words that
 *    no active product contains are treated as typos and the query runs again with them.
 *    An unknown word of 4+ letters gets corrections: vocabulary words (`search_words`, trigram
 *    GIN) proposed by trigram similarity and kept within 1 edit (4-5 letters) or 2 (6+), by
 *    optimal string alignment, so transpositions count once ("bfuanda" → bufanda);
 * 2. rank: every word must match (AND). A known word matches by full text on the generated
 *    `search_document` (any of its lexemes, or the unstemmed word as a prefix: "zapat" finds
 *    zapatillas, but the stem "cam" of "camaras" is not a prefix); an unknown word by its corrections, or
 *    else by trigram `word_similarity` on the unaccented names (`search_name`, GIN trigram
 *    index, threshold 0.5), so "taldro" finds "Taladro" while "mesa" does not drag in "masa".
 *    Score per word: 3 (name, sku or translated name, weight A), 1 (description or attributes),
 *    × 0.7 for a prefix, × 0.5 / 0.35 for a correction 1 / 2 edits away, or 1.5 × similarity
 *    for a trigram-only match; +2 when the whole text appears in a name.
 *    Filters: active; category and its descendants; effective price (discount active at
 *    `query.at`) within the bounds; in stock; on offer. Order: score desc, folded name (byte
 *    order), id. `count(*) OVER ()` gives the total;
 * 3. load the page's products.
 * Empty text browses, ordered by name.
 */
export class PostgresProductSearch implements ProductSearch {
  private readonly typoThreshold: number;
  private readonly typoMinLength: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: PostgresProductSearchOptions = {},
  ) {
    this.typoThreshold = options.typoThreshold ?? 0.5;
    this.typoMinLength = options.typoMinLength ?? 4;
  }

  async search(query: ProductSearchQuery, page: PageRequest): Promise<Page<ProductSearchHit>> {
    const at = query.at ?? this.options.clock?.now() ?? new Date();
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction('REPEATABLE READ');
      try {
        const hits = await this.run(runner, query, at, page);
        await runner.commitTransaction();
        return hits;
      } catch (error) {
        if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
        throw error;
      }
    } catch (error) {
      throw translateError(error);
    } finally {
      await runner.release();
    }
  }

  private async run(runner: QueryRunner, query: ProductSearchQuery, at: Date, page: PageRequest): Promise<Page<ProductSearchHit>> {
    const words = await this.analyze(runner, queryWords(query.text));
    const first = await this.rank(runner, query, words, at, page);
    // No hit, and some word may be a typo: correct the words that no product contains, rank again.
    if (first.total > 0 || !words.some((word) => word.folded.length >= this.typoMinLength)) return this.load(runner, first, page);
    const corrected = await this.correct(runner, words);
    if (corrected === null) return this.load(runner, first, page);
    if (corrected.some((word) => !word.known && word.corrections.length === 0)) {
      // `<%` reads its threshold from a setting: scope it to this transaction.
      await runner.query(`SELECT set_config('pg_trgm.word_similarity_threshold', $1, true)`, [String(this.typoThreshold)]);
    }
    return this.load(runner, await this.rank(runner, query, corrected, at, page), page);
  }

  /** Step 2: ranked ids of the page and the total. */
  private async rank(
    runner: QueryRunner,
    query: ProductSearchQuery,
    words: readonly AnalyzedWord[],
    at: Date,
    page: PageRequest,
  ): Promise<{ ranked: { id: string; score: number }[]; total: number }> {
    const { sql, countSql, values, countValues } = this.build(query, words, at, page);
    const rows = (await runner.query(sql, values)) as { id: string; score: number | string; total: number | string }[];
    let total: number;
    if (rows.length > 0) total = toSafeInteger(rows[0]!.total, 'count');
    else if (page.offset === 0) total = 0;
    else {
      // Paged past the end: the window count came back with no row, count separately.
      const counted = (await runner.query(countSql, countValues)) as { total: number | string }[];
      total = toSafeInteger(counted[0]?.total ?? 0, 'count');
    }
    return { ranked: rows.map((row) => ({ id: row.id, score: Number(row.score) })), total };
  }

  /** Step 3: the page's products, in ranked order. */
  private async load(
    runner: QueryRunner,
    result: { ranked: { id: string; score: number }[]; total: number },
    page: PageRequest,
  ): Promise<Page<ProductSearchHit>> {
    if (result.ranked.length === 0) return { items: [], total: result.total, offset: page.offset, limit: page.limit };
    const rows = await runner.manager.getRepository(ProductEntity).findBy({ id: In(result.ranked.map((hit) => hit.id)) });
    const byId = new Map(rows.map((row) => [row.id, row]));
    const items = result.ranked.flatMap((hit): ProductSearchHit[] => {
      const row = byId.get(hit.id);
      return row ? [{ product: productFromRow(row), score: hit.score }] : [];
    });
    return { items, total: result.total, offset: page.offset, limit: page.limit };
  }

  /** Step 1, no table read: each word folded like the documents, with its lexemes. Words are assumed known. */
  async analyze(runner: QueryRunner, words: readonly string[]): Promise<AnalyzedWord[]> {
    if (words.length === 0) return [];
    const rows = (await runner.query(
      // Parallel workers cost more than they save on these index-driven queries (and on a
      // small server they compete with the other requests): off for this transaction.
      `SELECT x.folded,
         tsvector_to_array(to_tsvector('spanish', x.folded) || to_tsvector('english', x.folded) || to_tsvector('simple', x.folded)) AS lexemes,
         tsvector_to_array(to_tsvector('simple', x.folded)) AS prefixes,
         set_config('max_parallel_workers_per_gather', '0', true) AS serial
       FROM unnest($1::text[]) WITH ORDINALITY AS t(word, position)
       CROSS JOIN LATERAL (SELECT lower(mostrador_unaccent(t.word)) AS folded) x
       ORDER BY t.position`,
      [[...words]],
    )) as { folded: string; lexemes: string[]; prefixes: string[] }[];
    return rows
      .filter((row) => row.lexemes.length > 0)
      .map((row) => ({ folded: row.folded, lexemes: row.lexemes, prefixes: row.prefixes, known: true, corrections: [] }));
  }

  /**
   * The typo path, only after a search found nothing: which words no active product contains
   * (one count per word, planned as GIN bitmap scans), and their corrections from the
   * vocabulary. Null when every word is known (nothing to correct: the AND itself failed).
   */
  private async correct(runner: QueryRunner, words: readonly AnalyzedWord[]): Promise<AnalyzedWord[] | null> {
    const params = new Parameters();
    const checks = words.map(
      (word, i) =>
        `(SELECT count(*) FROM products p WHERE p.active AND p.search_document @@ ${params.add(wordQuery(word))}::tsquery) > 0 AS k${i}`,
    );
    const known = ((await runner.query(`SELECT ${checks.join(', ')}`, params.values)) as Record<string, boolean>[])[0] ?? {};
    if (words.every((_, i) => known[`k${i}`] === true)) return null;
    const unknown = words
      .filter((word, i) => known[`k${i}`] !== true && word.folded.length >= this.typoMinLength)
      .map((word) => word.folded);
    const candidates = new Map<string, string[]>();
    if (unknown.length > 0) {
      await runner.query(`SELECT set_config('pg_trgm.similarity_threshold', $1, true)`, [String(CANDIDATE_SIMILARITY)]);
      const rows = (await runner.query(
        // Trigram neighbours; for short words (one edit allowed, where a swap leaves almost no
        // trigram in common: "msea"/"mesa") also every word with the same first letter and a
        // length within one (a range scan of the primary key).
        `SELECT t.word AS typed, s.word AS candidate
         FROM unnest($1::text[]) AS t(word)
         CROSS JOIN LATERAL (
           (SELECT v.word FROM search_words v WHERE v.word % t.word ORDER BY similarity(v.word, t.word) DESC, v.word LIMIT ${CANDIDATES_PER_WORD})
           UNION
           (SELECT v.word FROM search_words v
            WHERE length(t.word) <= 5 AND v.word >= left(t.word, 1) AND v.word < left(t.word, 1) || chr(1114111)
              AND length(v.word) BETWEEN length(t.word) - 1 AND length(t.word) + 1)
         ) s`,
        [unknown],
      )) as { typed: string; candidate: string }[];
      for (const row of rows) candidates.set(row.typed, [...(candidates.get(row.typed) ?? []), row.candidate]);
    }
    return words.map((word, i) =>
      known[`k${i}`] === true ? word : { ...word, known: false, corrections: corrections(word.folded, candidates.get(word.folded) ?? []) },
    );
  }

  /** Step 2: the ranked-id query (with window count and paging) and a plain count with the same filters. */
  build(
    query: ProductSearchQuery,
    terms: readonly AnalyzedWord[],
    at: Date,
    page: PageRequest,
  ): { sql: string; countSql: string; values: unknown[]; countValues: unknown[] } {
    const params = new Parameters();
    const where: string[] = ['p.active'];

    let score = '0::float8';
    if (terms.length > 0) {
      const parts: string[] = [];
      for (const term of terms) {
        if (term.known) {
          const tsquery = (text: string): string => `${params.add(text)}::tsquery`;
          where.push(`p.search_document @@ ${tsquery(wordQuery(term))}`);
          parts.push(`CASE
            WHEN p.search_document @@ ${tsquery(lexemeQuery(term.lexemes, ':A'))} THEN ${SCORE.name}
            WHEN p.search_document @@ ${tsquery(lexemeQuery(term.prefixes, ':*A'))} THEN ${points(SCORE.name * SCORE.prefix)}
            WHEN p.search_document @@ ${tsquery(lexemeQuery(term.lexemes, ''))} THEN ${SCORE.other}
            ELSE ${points(SCORE.other * SCORE.prefix)} END`);
        } else if (term.corrections.length > 0) {
          // Corrections are whole words of the vocabulary: exact unstemmed lexemes.
          const near = term.corrections.filter((correction) => correction.edits <= 1).map((correction) => correction.word);
          const far = term.corrections.filter((correction) => correction.edits > 1).map((correction) => correction.word);
          const tsquery = (words: readonly string[], suffix: '' | ':A'): string => `${params.add(lexemeQuery(words, suffix))}::tsquery`;
          where.push(`p.search_document @@ ${tsquery([...near, ...far], '')}`);
          const cases: string[] = [];
          if (near.length > 0) cases.push(`WHEN p.search_document @@ ${tsquery(near, ':A')} THEN ${points(SCORE.name * SCORE.oneEdit)}`);
          if (far.length > 0) cases.push(`WHEN p.search_document @@ ${tsquery(far, ':A')} THEN ${points(SCORE.name * SCORE.twoEdits)}`);
          if (near.length > 0) cases.push(`WHEN p.search_document @@ ${tsquery(near, '')} THEN ${points(SCORE.other * SCORE.oneEdit)}`);
          parts.push(`CASE ${cases.join(' ')} ELSE ${points(SCORE.other * SCORE.twoEdits)} END`);
        } else if (term.folded.length < this.typoMinLength) {
          where.push('false'); // too short to be a typo of anything: the AND fails
          parts.push('0');
        } else {
          const word = `${params.add(term.folded)}::text`;
          where.push(`${word} <% p.search_name`);
          parts.push(`${SCORE.trigramFactor} * word_similarity(${word}, p.search_name)`);
        }
      }
      const phrase = params.add(foldText(query.text.trim()).replace(/\s+/g, ' '));
      score = `(${parts.join(' + ')} + CASE WHEN strpos(p.search_name, lower(mostrador_unaccent(${phrase}::text))) > 0 THEN ${SCORE.phraseBonus} ELSE 0 END)::float8`;
    }

    if (query.categoryId !== undefined) {
      where.push(`p.category_id IN (
        WITH RECURSIVE tree(id) AS (
          SELECT ${params.add(query.categoryId)}::text COLLATE "C"
          UNION SELECT c.id FROM categories c JOIN tree ON c.parent_id = tree.id
        ) SELECT id FROM tree)`);
    }
    const needsAt = query.minPrice !== undefined || query.maxPrice !== undefined || query.onOfferOnly === true;
    const atParam = needsAt ? `${params.add(at)}::timestamptz` : '';
    if (query.minPrice !== undefined) where.push(`${EFFECTIVE_PRICE_SQL(atParam)} >= ${params.add(query.minPrice)}::bigint`);
    if (query.maxPrice !== undefined) where.push(`${EFFECTIVE_PRICE_SQL(atParam)} <= ${params.add(query.maxPrice)}::bigint`);
    if (query.inStockOnly) where.push('p.stock_on_hand - p.reserved > 0');
    if (query.onOfferOnly) where.push(DISCOUNT_ACTIVE_SQL(atParam));

    const filter = where.join('\n  AND ');
    const countSql = `SELECT count(*) AS total FROM products p WHERE ${filter}`;
    const countValues = [...params.values];
    const limit = params.add(page.limit);
    const offset = params.add(page.offset);
    const sql = `SELECT p.id, ${score} AS score, count(*) OVER () AS total
FROM products p
WHERE ${filter}
ORDER BY score DESC, lower(mostrador_unaccent(p.name)) COLLATE "C", p.id
LIMIT ${limit} OFFSET ${offset}`;
    return { sql, countSql, values: params.values, countValues };
  }
}
