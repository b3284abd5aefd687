import { type BotApiError, badRequest } from './api-error.js';
import type { TgMessageEntity } from './types.js';

/**
 * Telegram message formatting: parse_mode parsing into plain text + entities
 * (what the real server stores and returns), and the reverse rendering into
 * safe HTML for the browser chat page.
 *
 * Offsets and lengths are in UTF-16 code units, as in the Bot API; error
 * messages quote UTF-8 byte offsets of the input, as Telegram's do.
 */

export interface FormattedText {
  text: string;
  entities: TgMessageEntity[];
}

export function parseFormatted(input: string, parseMode: string | undefined): FormattedText {
  if (parseMode === undefined || parseMode === '') return { text: input, entities: [] };
  switch (parseMode.toLowerCase()) {
    case 'html':
      return parseHtml(input);
    case 'markdownv2':
      return parseMarkdown(input, true);
    case 'markdown':
      return parseMarkdown(input, false);
    default:
      throw badRequest('unsupported parse_mode');
  }
}

const entityError = (what: string): BotApiError => badRequest(`can't parse entities: ${what}`);
const byteOffset = (input: string, index: number): number => Buffer.byteLength(input.slice(0, index), 'utf8');

function sortEntities(entities: TgMessageEntity[]): TgMessageEntity[] {
  return entities.filter((entity) => entity.length > 0).sort((a, b) => a.offset - b.offset || b.length - a.length);
}

// ---------------------------------------------------------------------------
// HTML

interface OpenTag {
  tag: string;
  start: number;
  entity: Omit<TgMessageEntity, 'offset' | 'length'> | undefined;
}

const HTML_TAGS: Record<string, string> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  'tg-spoiler': 'spoiler',
  span: 'spoiler',
  a: 'text_link',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
  'tg-emoji': 'custom_emoji',
};

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

function decodeHtmlEntity(input: string, at: number): { value: string; next: number } | undefined {
  const match = /^&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/.exec(input.slice(at, at + 12));
  if (!match?.[1]) return undefined;
  const body = match[1];
  let value: string | undefined;
  if (body.startsWith('#x') || body.startsWith('#X')) value = safeCodePoint(Number.parseInt(body.slice(2), 16));
  else if (body.startsWith('#')) value = safeCodePoint(Number.parseInt(body.slice(1), 10));
  // Only the four documented named entities are decoded; others stay literal text.
  else value = NAMED_ENTITIES[body];
  return value === undefined ? undefined : { value, next: at + match[0].length };
}

function safeCodePoint(code: number): string | undefined {
  if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff) return undefined;
  return String.fromCodePoint(code);
}

function decodeAttribute(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; ) {
    const decoded = raw[i] === '&' ? decodeHtmlEntity(raw, i) : undefined;
    if (decoded) {
      out += decoded.value;
      i = decoded.next;
    } else {
      out += raw[i];
      i++;
    }
  }
  return out;
}

export function parseHtml(input: string): FormattedText {
  let text = '';
  const entities: TgMessageEntity[] = [];
  const stack: OpenTag[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i] as string;
    if (ch === '&') {
      const decoded = decodeHtmlEntity(input, i);
      if (decoded) {
        text += decoded.value;
        i = decoded.next;
      } else {
        text += ch;
        i++;
      }
      continue;
    }
    if (ch !== '<') {
      text += ch;
      i++;
      continue;
    }
    const tagStart = i;
    if (input[i + 1] === '/') {
      const close = input.indexOf('>', i);
      if (close < 0) throw entityError(`Unclosed end tag at byte offset ${byteOffset(input, tagStart)}`);
      const name = input
        .slice(i + 2, close)
        .trim()
        .toLowerCase();
      const open = stack.pop();
      if (!open) throw entityError(`Unexpected end tag at byte offset ${byteOffset(input, tagStart)}`);
      if (open.tag !== name) {
        throw entityError(`Unmatched end tag at byte offset ${byteOffset(input, tagStart)}, expected "</${open.tag}>", found "</${name}>"`);
      }
      if (open.entity) entities.push({ ...open.entity, offset: open.start, length: text.length - open.start });
      i = close + 1;
      continue;
    }

    const nameMatch = /^[a-zA-Z][a-zA-Z0-9-]*/.exec(input.slice(i + 1, i + 40));
    const name = (nameMatch?.[0] ?? '').toLowerCase();
    let cursor = i + 1 + (nameMatch?.[0].length ?? 0);
    if (!name || HTML_TAGS[name] === undefined) {
      throw entityError(`Unsupported start tag "${name}" at byte offset ${byteOffset(input, tagStart)}`);
    }
    const attributes = new Map<string, string>();
    for (;;) {
      while (cursor < input.length && /\s/.test(input[cursor] as string)) cursor++;
      if (cursor >= input.length) throw entityError(`Unclosed start tag at byte offset ${byteOffset(input, tagStart)}`);
      if (input[cursor] === '>') break;
      if (input[cursor] === '/' && input[cursor + 1] === '>') {
        throw entityError(`Unsupported start tag "${name}/" at byte offset ${byteOffset(input, tagStart)}`);
      }
      const attr = /^[^\s=>/]+/.exec(input.slice(cursor));
      if (!attr) throw entityError(`Unexpected end of name token at byte offset ${byteOffset(input, cursor)}`);
      cursor += attr[0].length;
      let value = '';
      while (/\s/.test(input[cursor] ?? '')) cursor++;
      if (input[cursor] === '=') {
        cursor++;
        while (/\s/.test(input[cursor] ?? '')) cursor++;
        const quote = input[cursor];
        if (quote === '"' || quote === "'") {
          const end = input.indexOf(quote, cursor + 1);
          if (end < 0) throw entityError(`Unclosed start tag at byte offset ${byteOffset(input, tagStart)}`);
          value = input.slice(cursor + 1, end);
          cursor = end + 1;
        } else {
          const raw = /^[^\s>]*/.exec(input.slice(cursor))?.[0] ?? '';
          value = raw;
          cursor += raw.length;
        }
      }
      attributes.set(attr[0].toLowerCase(), decodeAttribute(value));
    }
    i = cursor + 1;
    stack.push({ tag: name, start: text.length, entity: entityForTag(name, attributes, stack, input, tagStart) });
  }
  const unclosed = stack.pop();
  if (unclosed) throw entityError(`Can't find end tag corresponding to start tag "${unclosed.tag}"`);
  return { text, entities: sortEntities(entities) };
}

function entityForTag(name: string, attributes: Map<string, string>, stack: OpenTag[], input: string, tagStart: number): OpenTag['entity'] {
  switch (name) {
    case 'span':
      if (attributes.get('class') !== 'tg-spoiler') {
        throw entityError(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(input, tagStart)}`);
      }
      return { type: 'spoiler' };
    case 'a': {
      const href = attributes.get('href');
      // An anchor without a usable href is kept as plain text, as Telegram does.
      return href ? { type: 'text_link', url: href } : undefined;
    }
    case 'code': {
      const parent = stack[stack.length - 1];
      const language = /^language-(.+)$/.exec(attributes.get('class') ?? '')?.[1];
      // <pre><code class="language-x"> annotates the pre block instead of adding a code entity.
      if (parent?.tag === 'pre' && parent.entity) {
        if (language) parent.entity.language = language;
        return undefined;
      }
      return { type: 'code' };
    }
    case 'blockquote':
      return { type: attributes.has('expandable') ? 'expandable_blockquote' : 'blockquote' };
    case 'tg-emoji': {
      const id = attributes.get('emoji-id');
      if (!id) throw entityError(`Custom emoji identifier expected at byte offset ${byteOffset(input, tagStart)}`);
      return { type: 'custom_emoji', custom_emoji_id: id };
    }
    default:
      return { type: HTML_TAGS[name] as string };
  }
}

// ---------------------------------------------------------------------------
// Markdown (MarkdownV2, and the legacy Markdown subset)

const V2_RESERVED = new Set(['_', '*', '[', ']', '(', ')', '~', '`', '>', '#', '+', '-', '=', '|', '{', '}', '.', '!']);

interface OpenMark {
  type: string;
  start: number;
  index: number;
}

export function parseMarkdown(input: string, v2: boolean): FormattedText {
  let text = '';
  const entities: TgMessageEntity[] = [];
  const stack: OpenMark[] = [];
  const unterminated = (index: number): BotApiError =>
    entityError(`Can't find end of the entity starting at byte offset ${byteOffset(input, index)}`);
  const toggle = (type: string, index: number): void => {
    const at = stack.findIndex((mark) => mark.type === type);
    if (at >= 0) {
      const [mark] = stack.splice(at, 1);
      if (mark) entities.push({ type, offset: mark.start, length: text.length - mark.start });
    } else {
      stack.push({ type, start: text.length, index });
    }
  };
  let blockquote: number | undefined;

  let i = 0;
  while (i < input.length) {
    const ch = input[i] as string;
    const atLineStart = i === 0 || input[i - 1] === '\n';
    if (v2 && ch === '\\' && i + 1 < input.length) {
      const next = input.codePointAt(i + 1) ?? 0;
      if (next >= 1 && next <= 126) {
        text += input[i + 1];
        i += 2;
        continue;
      }
    }
    if (ch === '`') {
      const fence = input.startsWith('```', i);
      const open = fence ? 3 : 1;
      const { content, end } = readCode(input, i + open, fence ? '```' : '`', v2);
      if (end < 0) throw unterminated(i);
      let body = content;
      let language: string | undefined;
      if (fence) {
        const newline = body.indexOf('\n');
        const first = newline < 0 ? '' : body.slice(0, newline);
        if (newline >= 0 && /^[^\s`]+$/.test(first)) {
          language = first;
          body = body.slice(newline + 1);
        } else if (newline === 0) {
          body = body.slice(1);
        }
      }
      const entity: TgMessageEntity = { type: fence ? 'pre' : 'code', offset: text.length, length: body.length };
      if (language) entity.language = language;
      entities.push(entity);
      text += body;
      i = end + open;
      continue;
    }
    if (v2 && ch === '>' && atLineStart) {
      if (blockquote === undefined) blockquote = text.length;
      i++;
      continue;
    }
    if (ch === '\n' && blockquote !== undefined && input[i + 1] !== '>') {
      entities.push({ type: 'blockquote', offset: blockquote, length: text.length - blockquote });
      blockquote = undefined;
    }
    if (ch === '*') {
      toggle('bold', i);
      i++;
      continue;
    }
    if (ch === '_') {
      if (v2 && input[i + 1] === '_') {
        toggle('underline', i);
        i += 2;
      } else {
        toggle('italic', i);
        i++;
      }
      continue;
    }
    if (v2 && ch === '~') {
      toggle('strikethrough', i);
      i++;
      continue;
    }
    if (v2 && ch === '|' && input[i + 1] === '|') {
      toggle('spoiler', i);
      i += 2;
      continue;
    }
    if (ch === '[') {
      stack.push({ type: 'link', start: text.length, index: i });
      i++;
      continue;
    }
    if (ch === ']' && stack[stack.length - 1]?.type === 'link') {
      const link = stack.pop() as OpenMark;
      if (input[i + 1] !== '(') {
        if (v2) throw unterminated(link.index);
        i++;
        continue;
      }
      let url = '';
      let j = i + 2;
      while (j < input.length && input[j] !== ')') {
        if (v2 && input[j] === '\\' && j + 1 < input.length) j++;
        url += input[j];
        j++;
      }
      if (j >= input.length) throw unterminated(link.index);
      entities.push({ type: 'text_link', offset: link.start, length: text.length - link.start, url });
      i = j + 1;
      continue;
    }
    if (v2 && V2_RESERVED.has(ch)) {
      throw entityError(`Character '${ch}' is reserved and must be escaped with the preceding '\\'`);
    }
    text += ch;
    i++;
  }
  if (blockquote !== undefined) entities.push({ type: 'blockquote', offset: blockquote, length: text.length - blockquote });
  const open = stack[0];
  if (open) throw unterminated(open.index);
  return { text, entities: sortEntities(entities) };
}

function readCode(input: string, from: number, close: string, v2: boolean): { content: string; end: number } {
  let content = '';
  let j = from;
  while (j < input.length) {
    if (input.startsWith(close, j)) return { content, end: j };
    if (v2 && input[j] === '\\' && j + 1 < input.length) j++;
    content += input[j];
    j++;
  }
  return { content, end: -1 };
}

// ---------------------------------------------------------------------------
// Safe HTML rendering for the chat page

const escapeMap: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => escapeMap[c] as string);
}

/** Only schemes that cannot run script in the page are ever placed in an href. */
export function safeHref(url: string): string | undefined {
  const trimmed = url.trim();
  if (/^(https?:\/\/|tg:\/\/|mailto:)/i.test(trimmed)) return trimmed;
  return undefined;
}

function openTag(entity: TgMessageEntity, text: string): { open: string; close: string } | undefined {
  switch (entity.type) {
    case 'bold':
      return { open: '<b>', close: '</b>' };
    case 'italic':
      return { open: '<i>', close: '</i>' };
    case 'underline':
      return { open: '<u>', close: '</u>' };
    case 'strikethrough':
      return { open: '<s>', close: '</s>' };
    case 'code':
      return { open: '<code>', close: '</code>' };
    case 'pre':
      return { open: '<pre>', close: '</pre>' };
    case 'spoiler':
      return { open: '<span class="tg-spoiler">', close: '</span>' };
    case 'blockquote':
    case 'expandable_blockquote':
      return { open: '<blockquote>', close: '</blockquote>' };
    case 'text_link':
    case 'url': {
      const target = entity.type === 'url' ? text.slice(entity.offset, entity.offset + entity.length) : (entity.url ?? '');
      const href = safeHref(entity.type === 'url' && !/^[a-z]+:/i.test(target) ? `http://${target}` : target);
      if (!href) return undefined;
      return { open: `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">`, close: '</a>' };
    }
    default:
      return undefined;
  }
}

/**
 * Renders text + entities as HTML that only ever contains b, i, u, s, code,
 * pre, blockquote, a (http/https/tg/mailto) and the spoiler span: every
 * character of the text itself is escaped, so no input can inject markup.
 * Crossing entities are closed and reopened to keep the output well nested.
 */
export function renderEntitiesHtml(text: string, entities: readonly TgMessageEntity[] | undefined): string {
  const rendered = sortEntities([...(entities ?? [])])
    .map((entity) => ({ entity, tags: openTag(entity, text), end: entity.offset + entity.length }))
    .filter((item): item is { entity: TgMessageEntity; tags: { open: string; close: string }; end: number } => Boolean(item.tags));
  const boundaries = new Set<number>([0, text.length]);
  for (const item of rendered) {
    boundaries.add(Math.max(0, Math.min(text.length, item.entity.offset)));
    boundaries.add(Math.max(0, Math.min(text.length, item.end)));
  }
  const points = [...boundaries].sort((a, b) => a - b);
  const stack: typeof rendered = [];
  let out = '';
  let next = 0;
  for (const point of points) {
    if (point > next) {
      out += escapeHtml(text.slice(next, point));
      next = point;
    }
    // Close everything ending here; reopen the ones popped on the way that continue.
    const ending = stack.filter((item) => item.end <= point);
    if (ending.length > 0) {
      const reopen: typeof rendered = [];
      while (stack.some((item) => item.end <= point)) {
        const top = stack.pop() as (typeof rendered)[number];
        out += top.tags.close;
        if (top.end > point) reopen.unshift(top);
      }
      for (const item of reopen) {
        out += item.tags.open;
        stack.push(item);
      }
    }
    for (const item of rendered) {
      if (item.entity.offset === point && item.end > point) {
        out += item.tags.open;
        stack.push(item);
      }
    }
  }
  while (stack.length > 0) out += (stack.pop() as (typeof rendered)[number]).tags.close;
  return out;
}
