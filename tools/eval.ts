/**
 * `pnpm eval`: how well the shop understands customers without an AI service, on labelled data.
 *
 * - photos: the local photo matcher (adapters-ai) over the demo catalog's pictures: 20 photos made
 *   from catalog pictures (crops, slight rotations, lighter/darker, rescaled, noisy) must find
 *   their product first (`photoTop1` ≥ 0.9), and 10 unrelated pictures must match nothing
 *   (`unrelatedMatched` = 0);
 * - intents: the local assistant's intent detection (core's `detectAssistantIntent`) on labelled
 *   customer questions, half es-AR and half English (`eval/assistant-questions.ts`): a main set
 *   written before the detection and a held-out set written after it and never used to change it.
 *   `intentAccuracy` (all of them) and `heldOutAccuracy` must both be ≥ 0.9; follow-ups that name
 *   no product ("¿y cuánto sale?") are a set of their own (`followUpAccuracy` ≥ 0.9, in-sample);
 * - a configured model (`eval/model-eval.ts`), when OPENAI_API_KEY or OPENAI_BASE_URL is set
 *   (OPENAI_MODEL, default gpt-4o-mini) and the server answers a short probe: the same questions
 *   through the OpenAI assistant adapter over the demo catalog, scored by the tools it called
 *   (`model: { name, intentAccuracy, … }`). Informative: it sets no target. Otherwise
 *   `model: null` and the reason is printed.
 *
 * Exits non-zero when a measured target is missed; the last line is one JSON object.
 */
import { pathToFileURL } from 'node:url';
import { runIntentEval } from './eval/intent-eval.js';
import { type ModelEvalOutcome, modelConfigFromEnv, runModelEval } from './eval/model-eval.js';
import { runPhotoEval } from './eval/photo-eval.js';

const PHOTO_TOP1_TARGET = 0.9;
const INTENT_ACCURACY_TARGET = 0.9;

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
  const intents = runIntentEval();
  for (const [name, set] of [
    ['main set (written first)', intents.main],
    ['held-out set (written after)', intents.heldOut],
    ['all', intents.all],
    ['follow-ups with no product words (in-sample)', intents.followUps],
  ] as const) {
    console.log(
      `${name}: ${set.correct}/${set.questions} (accuracy ${set.accuracy}; es ${set.byLocale.es}, en ${set.byLocale.en}; target ≥ ${INTENT_ACCURACY_TARGET})`,
    );
  }
  for (const miss of [...intents.all.misses, ...intents.followUps.misses])
    console.log(`  miss: “${miss.text}” → ${miss.got} (expected ${miss.expected})`);

  console.log('\n=== intents (configured model) ===');
  const configured = modelConfigFromEnv();
  const outcome: ModelEvalOutcome = configured.config ? await runModelEval(configured.config) : { model: null, reason: configured.reason };
  const model = outcome.model;
  if (!model) console.log(`model: none (${outcome.reason})`);
  else {
    console.log(
      `${model.name}: ${model.all.correct}/${model.all.questions} understood by the tools it called (accuracy ${model.intentAccuracy}; es ${model.all.byLocale.es}, en ${model.all.byLocale.en}); follow-ups ${model.followUps.correct}/${model.followUps.questions}`,
    );
    console.log(
      `provider failures: ${model.unavailable}; answers replaced by the grounding: ${model.replacedAnswers}; turn p50 ${model.answerMs.p50} ms, max ${model.answerMs.max} ms`,
    );
    for (const miss of model.misses) console.log(`  miss: “${miss.text}” → tools [${miss.tools.join(', ')}] (expected ${miss.expected})`);
  }
  const met =
    photos.photoTop1 >= PHOTO_TOP1_TARGET &&
    photos.unrelatedMatched === 0 &&
    intents.all.accuracy >= INTENT_ACCURACY_TARGET &&
    intents.heldOut.accuracy >= INTENT_ACCURACY_TARGET &&
    intents.followUps.accuracy >= INTENT_ACCURACY_TARGET;
  console.log(
    JSON.stringify({
      met,
      intentAccuracy: intents.all.accuracy,
      heldOutAccuracy: intents.heldOut.accuracy,
      followUpAccuracy: intents.followUps.accuracy,
      photoTop1: photos.photoTop1,
      unrelatedMatched: photos.unrelatedMatched,
      intents: {
        questions: intents.all.questions,
        main: { questions: intents.main.questions, accuracy: intents.main.accuracy, byLocale: intents.main.byLocale },
        heldOut: { questions: intents.heldOut.questions, accuracy: intents.heldOut.accuracy, byLocale: intents.heldOut.byLocale },
        followUps: { questions: intents.followUps.questions, accuracy: intents.followUps.accuracy, byLocale: intents.followUps.byLocale },
        misses: [...intents.all.misses, ...intents.followUps.misses],
      },
      model,
      ...(model ? {} : { modelReason: outcome.reason }),
      photos: {
        catalogImages: photos.catalogImages,
        catalogPhotos: photos.catalogPhotos,
        unrelatedPhotos: photos.unrelatedPhotos,
        matchMs: photos.matchMs,
        misses: photos.misses,
      },
      targets: {
        photoTop1: `>= ${PHOTO_TOP1_TARGET}`,
        unrelatedMatched: 0,
        intentAccuracy: `>= ${INTENT_ACCURACY_TARGET}`,
        heldOutAccuracy: `>= ${INTENT_ACCURACY_TARGET}`,
        followUpAccuracy: `>= ${INTENT_ACCURACY_TARGET}`,
      },
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
