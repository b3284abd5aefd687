/**
 * `pnpm bench`: every benchmark, each with its baseline measured in the same run and the ratio
 * printed. Not part of `pnpm test`: timings are reported, never asserted.
 * `pnpm bench search` or `pnpm bench telegram` runs one.
 */
import { pathToFileURL } from 'node:url';

interface Benchmark {
  readonly name: string;
  /** Runs the benchmark and prints its table (with the baseline and ratios). */
  run(): Promise<void>;
}

const BENCHMARKS: readonly Benchmark[] = [
  {
    name: 'search',
    run: async () => {
      const { runSearchBenchmark } = await import('../packages/adapters-persistence/bench/search.bench.js');
      await runSearchBenchmark();
    },
  },
  {
    name: 'telegram',
    run: async () => {
      const { runTelegramWebhookBenchmark, formatTelegramWebhookBenchmark } = await import('./bench/telegram-webhook.bench.js');
      const result = await runTelegramWebhookBenchmark({ log: (line) => console.log(line) });
      console.log(`\n${formatTelegramWebhookBenchmark(result)}`);
    },
  },
];

async function main(selected: readonly string[]): Promise<void> {
  const chosen = selected.length > 0 ? BENCHMARKS.filter((b) => selected.includes(b.name)) : BENCHMARKS;
  if (chosen.length === 0) throw new Error(`unknown benchmark; choose from ${BENCHMARKS.map((b) => b.name).join(', ')}`);
  for (const benchmark of chosen) {
    const started = performance.now();
    console.log(`\n=== ${benchmark.name} ===`);
    await benchmark.run();
    console.log(`(${benchmark.name}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
