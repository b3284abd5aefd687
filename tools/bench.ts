/**
 * `pnpm bench`: every benchmark, each with its baseline measured in the same run and the ratio
 * printed. Not part of `pnpm test`: timings are reported, never asserted in tests.
 * `pnpm bench search`, `pnpm bench telegram`, `pnpm bench import`, `pnpm bench broadcast`, `pnpm bench assistant` or `pnpm bench pdf` runs one. Each benchmark has a target; the command
 * exits non-zero when one is missed, and its last line is one JSON object with every figure.
 */
import { pathToFileURL } from 'node:url';

interface Outcome {
  /** Everything measured, for the closing JSON line. */
  readonly figures: unknown;
  /** What the benchmark must reach, in words, and whether it did. */
  readonly target: string;
  readonly met: boolean;
}

interface Benchmark {
  readonly name: string;
  /** Runs the benchmark, prints its table (with the baseline and ratios) and says whether it met its target. */
  run(): Promise<Outcome>;
}

const BENCHMARKS: readonly Benchmark[] = [
  {
    name: 'search',
    run: async () => {
      const { runSearchBenchmark } = await import('../packages/adapters-persistence/bench/search.bench.js');
      const rows = await runSearchBenchmark();
      const postgres = rows.find((row) => row.database === 'postgres');
      // Ranked search must stay faster than the ILIKE a shop writes first, and under 20 ms at p99 on PostgreSQL.
      const met = rows.every((row) => row.ratioP50 < 1 && row.ratioP99 < 1) && postgres !== undefined && postgres.search.p99 < 20;
      return {
        figures: rows.map((row) => ({
          database: row.database,
          products: row.products,
          queries: row.queries,
          p50Ms: row.search.p50,
          p99Ms: row.search.p99,
          withHits: row.search.withHits,
          baseline: { p50Ms: row.ilike.p50, p99Ms: row.ilike.p99, withHits: row.ilike.withHits },
          ratioP50: row.ratioP50,
          ratioP99: row.ratioP99,
        })),
        target: 'PostgreSQL p99 < 20 ms; p50 and p99 below the ILIKE baseline on every database',
        met,
      };
    },
  },
  {
    name: 'telegram',
    run: async () => {
      const { runTelegramWebhookBenchmark, formatTelegramWebhookBenchmark } = await import('./bench/telegram-webhook.bench.js');
      const result = await runTelegramWebhookBenchmark({ log: (line) => console.log(line) });
      console.log(`\n${formatTelegramWebhookBenchmark(result)}`);
      return {
        figures: result,
        target: 'throughput ≥ 0.75× a bare grammY bot and p99 ≤ 2× its p99, same run',
        met: result.ratio.updatesPerSecond >= 0.75 && result.ratio.p99 <= 2,
      };
    },
  },
  {
    name: 'import',
    run: async () => {
      const { runImportBenchmark, formatImportBenchmark } = await import('./bench/import.bench.js');
      const figures = await runImportBenchmark({ log: (line) => console.log(line) });
      console.log(`\n${formatImportBenchmark(figures)}`);
      return {
        figures,
        target:
          '10,000 rows imported in ≤ 5 s on PostgreSQL and on PGlite (creating and updating); p99 of concurrent GET /products?limit=1 ≤ 1 s',
        met: figures.every((row) => row.createMs <= 5_000 && row.updateMs <= 5_000 && row.concurrent.p99Ms <= 1_000),
      };
    },
  },
  {
    name: 'broadcast',
    run: async () => {
      const { runBroadcastBenchmark, formatBroadcastBenchmark, broadcastTargetMet } = await import('./bench/broadcast.bench.js');
      const figures = await runBroadcastBenchmark({ log: (line) => console.log(line) });
      console.log(`\n${formatBroadcastBenchmark(figures)}`);
      return {
        figures,
        target:
          'two workers sending to the Telegram emulator at its limit, on Redis and on the embedded queue: achieved/configured rate ≥ 0.95, zero 429s, zero duplicates, zero missing; the campaign completed with every recipient sent and none uncertain',
        met: figures.every(broadcastTargetMet),
      };
    },
  },
  {
    name: 'assistant',
    run: async () => {
      const { runAssistantBenchmark, formatAssistantBenchmark, assistantTargetMet, ASSISTANT_TARGETS } = await import(
        './bench/assistant.bench.js'
      );
      const figures = await runAssistantBenchmark({ log: (line) => console.log(line) });
      console.log(`\n${formatAssistantBenchmark(figures)}`);
      return {
        figures,
        target: `over a plain search turn, same run (PostgreSQL, demo catalog): the local assistant adds ≤ ${ASSISTANT_TARGETS.assistantAdds.p50} ms at p50 and ≤ ${ASSISTANT_TARGETS.assistantAdds.p99} ms at p99; the local photo matcher ≤ ${ASSISTANT_TARGETS.photoAdds.p50} ms at p50 and ≤ ${ASSISTANT_TARGETS.photoAdds.p99} ms at p99`,
        met: assistantTargetMet(figures),
      };
    },
  },
  {
    name: 'pdf',
    run: async () => {
      const { runPdfBenchmark, formatPdfBenchmark } = await import('../packages/adapters-pdf/bench/pdf.bench.js');
      const figures = await runPdfBenchmark({ log: (line) => console.log(line) });
      console.log(`\n${formatPdfBenchmark(figures)}`);
      return {
        figures,
        target:
          'invoice PDF with the long-running worker: median ≤ 250 ms and ≥ 2.4× faster than one WeasyPrint process per document, same run',
        met: figures.workerMedianMs <= 250 && figures.speedup >= 2.4,
      };
    },
  },
];

async function main(selected: readonly string[]): Promise<boolean> {
  const chosen = selected.length > 0 ? BENCHMARKS.filter((b) => selected.includes(b.name)) : BENCHMARKS;
  if (chosen.length === 0) throw new Error(`unknown benchmark; choose from ${BENCHMARKS.map((b) => b.name).join(', ')}`);
  const summary: Record<string, { target: string; met: boolean; seconds: number; figures: unknown }> = {};
  for (const benchmark of chosen) {
    const started = performance.now();
    console.log(`\n=== ${benchmark.name} ===`);
    const outcome = await benchmark.run();
    const seconds = Number(((performance.now() - started) / 1000).toFixed(1));
    console.log(`(${benchmark.name}: ${seconds} s; target ${outcome.met ? 'met' : 'MISSED'}: ${outcome.target})`);
    summary[benchmark.name] = { target: outcome.target, met: outcome.met, seconds, figures: outcome.figures };
  }
  const met = Object.values(summary).every((entry) => entry.met);
  console.log(JSON.stringify({ met, benchmarks: summary }));
  return met;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (met) => {
      process.exitCode = met ? 0 : 1;
    },
    (error: unknown) => {
      console.error(error);
      console.log(JSON.stringify({ met: false, error: error instanceof Error ? error.message : String(error) }));
      process.exitCode = 1;
    },
  );
}
