/**
 * `pnpm eval`: how well the shop understands customers without an AI service, on labelled data.
 *
 * - photos: the local photo matcher (adapters-ai) over the demo catalog's pictures: 20 photos made
 *   from catalog pictures (crops, slight rotations, lighter/darker, rescaled, noisy) must find
 *   their product first (`photoTop1` ≥ 0.9), and 10 unrelated pictures must match nothing
 *   (`unrelatedMatched` = 0);
 * - intents: the local assistant's intent accuracy on labelled questions. Not measured yet: it
 *   reports `intentAccuracy: null` (no number is made up) until the local assistant lands.
 *
 * Exits non-zero when a measured target is missed; the last line is one JSON object.
 */
import { pathToFileURL } from 'node:url';
import { runPhotoEval } from './eval/photo-eval.js';

const PHOTO_TOP1_TARGET = 0.9;

async function main(): Promise<boolean> {
  console.log('=== photos (local matcher, demo catalog) ===');
  const photos = await runPhotoEval();
  console.log(`catalog images indexed: ${photos.catalogImages}`);
  console.log(
    `catalog photos: ${photos.photoTop1Hits}/${photos.catalogPhotos} found first (top-1 ${photos.photoTop1}; target ≥ ${PHOTO_TOP1_TARGET})`,
  );
  console.log(`unrelated photos matched: ${photos.unrelatedMatched}/${photos.unrelatedPhotos} (target 0)`);
  console.log(`match time: p50 ${photos.matchMs.p50} ms, max ${photos.matchMs.max} ms (informative; see pnpm bench for timings)`);
  for (const miss of photos.misses)
    console.log(`  miss: ${miss.label} → ${miss.got ?? 'nothing'}${miss.similarity === null ? '' : ` (${miss.similarity})`}`);
  console.log('\n=== intents (local assistant) ===');
  console.log('not measured: the local assistant is not part of this build yet (intentAccuracy: null)');
  const met = photos.photoTop1 >= PHOTO_TOP1_TARGET && photos.unrelatedMatched === 0;
  console.log(
    JSON.stringify({
      met,
      intentAccuracy: null,
      photoTop1: photos.photoTop1,
      unrelatedMatched: photos.unrelatedMatched,
      photos: {
        catalogImages: photos.catalogImages,
        catalogPhotos: photos.catalogPhotos,
        unrelatedPhotos: photos.unrelatedPhotos,
        matchMs: photos.matchMs,
        misses: photos.misses,
      },
      targets: { photoTop1: `>= ${PHOTO_TOP1_TARGET}`, unrelatedMatched: 0, intentAccuracy: '>= 0.9 (when measured)' },
    }),
  );
  return met;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
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
