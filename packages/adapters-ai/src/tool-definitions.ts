import type { AssistantToolResult, AssistantTools } from '@mostrador/core';
import { z } from 'zod';

/** A tool as Chat Completions declares it. */
export interface FunctionTool {
  readonly type: 'function';
  readonly function: { readonly name: string; readonly description: string; readonly parameters: Record<string, unknown> };
}

const productId = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'a product id as the tools returned it');
const empty = z.object({}).strict();

/**
 * The read-only tools the model may call: their wire names, the JSON schema the model sees, the
 * argument validation (zod; anything else is refused before a tool runs) and the core tool each
 * calls. No tool writes: the model can look things up, never change them.
 */
const TOOLS = {
  search_products: {
    description: 'Search the shop catalog. Returns active products with id, name, current price and units available.',
    parameters: {
      type: 'object',
      properties: { query: { type: 'string', description: 'What the customer is looking for, in their words.' } },
      required: ['query'],
      additionalProperties: false,
    },
    args: z.object({ query: z.string().trim().min(1).max(120) }).strict(),
    run: async (tools: AssistantTools, args: { query: string }): Promise<AssistantToolResult> => ({
      tool: 'searchProducts',
      result: await tools.searchProducts(args.query),
    }),
  },
  product_detail: {
    description:
      'Details of one product by id (from search_products or current_offers): description, attributes, price, list price, units available.',
    parameters: { type: 'object', properties: { product_id: { type: 'string' } }, required: ['product_id'], additionalProperties: false },
    args: z.object({ product_id: productId }).strict(),
    run: async (tools: AssistantTools, args: { product_id: string }): Promise<AssistantToolResult> => ({
      tool: 'productDetail',
      result: await tools.productDetail(args.product_id),
    }),
  },
  stock: {
    description: 'Units available now of one product by id.',
    parameters: { type: 'object', properties: { product_id: { type: 'string' } }, required: ['product_id'], additionalProperties: false },
    args: z.object({ product_id: productId }).strict(),
    run: async (tools: AssistantTools, args: { product_id: string }): Promise<AssistantToolResult> => ({
      tool: 'stock',
      result: await tools.stock(args.product_id),
    }),
  },
  current_offers: {
    description: 'Products on offer now, with the offer price, the list price and the discount percentage.',
    parameters: { type: 'object', properties: {}, additionalProperties: false },
    args: empty,
    run: async (tools: AssistantTools): Promise<AssistantToolResult> => ({ tool: 'offers', result: await tools.offers() }),
  },
  my_orders: {
    description: "The asking customer's own latest orders: number, status and total. There is no way to see other customers' orders.",
    parameters: { type: 'object', properties: {}, additionalProperties: false },
    args: empty,
    run: async (tools: AssistantTools): Promise<AssistantToolResult> => ({ tool: 'myOrders', result: await tools.myOrders() }),
  },
  shop_info: {
    description: "The shop's opening hours, shipping and payment methods. A null field means the shop did not say.",
    parameters: { type: 'object', properties: {}, additionalProperties: false },
    args: empty,
    run: async (tools: AssistantTools): Promise<AssistantToolResult> => ({ tool: 'shopInfo', result: await tools.shopInfo() }),
  },
} as const;

export type ToolName = keyof typeof TOOLS;

export const TOOL_DEFINITIONS: readonly FunctionTool[] = Object.entries(TOOLS).map(([name, tool]) => ({
  type: 'function',
  function: { name, description: tool.description, parameters: tool.parameters },
}));

/** What running one tool call gave: the result (for grounding) and the content sent back to the model. */
export type ToolOutcome =
  | { readonly ok: true; readonly result: AssistantToolResult; readonly content: string }
  | { readonly ok: false; readonly content: string };

/**
 * Runs one tool call the model asked for. Unknown tools and arguments that fail validation are
 * not run: the model is told what was wrong (so it can try again), nothing else happens.
 */
export async function runToolCall(tools: AssistantTools, name: string, rawArguments: string): Promise<ToolOutcome> {
  const tool = (TOOLS as Record<string, (typeof TOOLS)[ToolName]>)[name];
  if (!tool) return { ok: false, content: JSON.stringify({ error: `unknown tool "${name.slice(0, 40)}"` }) };
  let parsed: unknown;
  try {
    parsed = rawArguments.trim() === '' ? {} : JSON.parse(rawArguments);
  } catch {
    return { ok: false, content: JSON.stringify({ error: 'arguments are not valid JSON' }) };
  }
  const args = tool.args.safeParse(parsed);
  if (!args.success) {
    const issue = args.error.issues[0];
    return {
      ok: false,
      content: JSON.stringify({ error: `invalid arguments: ${issue?.path.join('.') || '(root)'} ${issue?.message ?? ''}`.trim() }),
    };
  }
  const result = await (tool.run as (tools: AssistantTools, args: unknown) => Promise<AssistantToolResult>)(tools, args.data);
  return { ok: true, result, content: JSON.stringify(result.result) };
}
