import { bindToken, resolveToken, type Startable, TOKENS, ValidationError } from '@mostrador/core';
import { ContainerModule } from 'inversify';
import { z } from 'zod';
import { indexCatalogImages } from './catalog-image-indexer.js';
import { LocalAssistant } from './local-assistant.js';
import { LocalImageMatcher } from './local-image-matcher.js';
import { OpenAiAssistant } from './openai-assistant.js';
import { createOpenAiClient } from './openai-client.js';
import { OpenAiImageAnalyzer } from './openai-image-analyzer.js';

const OPTIONS = z.object({
  openai: z
    .object({
      apiKey: z.string().trim().min(1, 'must not be empty'),
      baseURL: z.string().trim().url('must be an http(s) URL').optional(),
      model: z.string().trim().min(1, 'must name a model'),
      visionModel: z.string().trim().min(1).optional(),
      timeoutMs: z.number().int().min(500).max(120_000).optional(),
    })
    .nullable()
    .default(null),
  shopName: z.string().trim().min(1),
  /** Re-index catalog images this often (ms); 0: only at start. Default 5 minutes. */
  reindexEveryMs: z
    .number()
    .int()
    .min(0)
    .default(5 * 60_000),
  localMatcher: z.boolean().default(true),
});

export type AiModuleOptions = z.input<typeof OPTIONS>;

/**
 * The registration entry point. Validates its options now (naming the bad one, never echoing the
 * key). It always binds `TOKENS.LocalAssistant` (`LocalAssistant`: intents answered from the
 * read-only tools, no AI service). With `openai` set it binds `TOKENS.Assistant` (`OpenAiAssistant`) and
 * `TOKENS.ImageAnalyzer` (`OpenAiImageAnalyzer`, on `visionModel`, else `model`); without it binds
 * neither (the engine keeps its local behaviour). With `localMatcher` (default) it binds
 * `TOKENS.ProductImageMatcher` (`LocalImageMatcher` over `TOKENS.ImageFingerprints`, which
 * persistence binds) and a Startable (phase `connect`: after seeding and imports at start) that indexes the catalog's
 * images at start and every `reindexEveryMs`.
 */
export function aiModule(options: AiModuleOptions): ContainerModule {
  const parsed = OPTIONS.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError('AI.OPTIONS_INVALID', `ai option ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`, {
      option: issue?.path.join('.') ?? '',
    });
  }
  const resolved = parsed.data;
  return new ContainerModule((load) => {
    bindToken(load, TOKENS.LocalAssistant).toConstantValue(new LocalAssistant());
    const openai = resolved.openai;
    if (openai) {
      const client = createOpenAiClient({ apiKey: openai.apiKey, baseURL: openai.baseURL });
      bindToken(load, TOKENS.Assistant)
        .toDynamicValue(
          (context) =>
            new OpenAiAssistant(client, {
              model: openai.model,
              shopName: resolved.shopName,
              ...(openai.timeoutMs ? { timeoutMs: openai.timeoutMs } : {}),
              clock: resolveToken(context, TOKENS.Clock),
              logger: resolveToken(context, TOKENS.Logger),
            }),
        )
        .inSingletonScope();
      bindToken(load, TOKENS.ImageAnalyzer).toConstantValue(
        new OpenAiImageAnalyzer(client, {
          model: openai.visionModel ?? openai.model,
          ...(openai.timeoutMs ? { timeoutMs: openai.timeoutMs } : {}),
        }),
      );
    }
    if (resolved.localMatcher) {
      bindToken(load, TOKENS.ProductImageMatcher)
        .toDynamicValue(
          (context) =>
            new LocalImageMatcher(resolveToken(context, TOKENS.ImageFingerprints), { clock: resolveToken(context, TOKENS.Clock) }),
        )
        .inSingletonScope();
      bindToken(load, TOKENS.Startable)
        .toDynamicValue((context) => {
          let timer: NodeJS.Timeout | null = null;
          let running: Promise<unknown> = Promise.resolve();
          const logger = resolveToken(context, TOKENS.Logger);
          const run = (): Promise<unknown> => {
            running = running
              .then(() =>
                indexCatalogImages({
                  products: resolveToken(context, TOKENS.UnitOfWork).repositories.products,
                  images: resolveToken(context, TOKENS.ImageStore),
                  fingerprints: resolveToken(context, TOKENS.ImageFingerprints),
                  matcher: resolveToken(context, TOKENS.ProductImageMatcher),
                  logger,
                }),
              )
              .then((report) => logger.info('catalog images indexed for photo search', { ...report }))
              .catch((error: unknown) =>
                logger.error('catalog image indexing failed', { code: (error as { code?: string }).code ?? 'UNKNOWN' }),
              );
            return running;
          };
          const startable: Startable = {
            name: 'photo search index',
            phase: 'connect',
            start: async () => {
              await run();
              if (resolved.reindexEveryMs > 0) {
                timer = setInterval(() => void run(), resolved.reindexEveryMs);
                timer.unref();
              }
            },
            stop: async () => {
              if (timer) clearInterval(timer);
              timer = null;
              await running;
            },
          };
          return startable;
        })
        .inSingletonScope();
    }
  });
}
