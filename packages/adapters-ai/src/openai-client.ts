import OpenAI from 'openai';

/**
 * The `openai` SDK client every OpenAI adapter here uses: any OpenAI-compatible server
 * (`baseURL`), never retried by the SDK (the adapters and their callers decide what a failure
 * means). Exported so the tools (`pnpm eval`) reach a model exactly as the app does.
 */
export const createOpenAiClient = (options: { readonly apiKey: string; readonly baseURL?: string | undefined }): OpenAI =>
  new OpenAI({ apiKey: options.apiKey, ...(options.baseURL ? { baseURL: options.baseURL } : {}), maxRetries: 0 });
