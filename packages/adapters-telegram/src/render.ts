import { type MarkupNode, parseMarkup } from '@mostrador/core';

/*
 * The engine's neutral markup rendered as Telegram HTML (parse_mode 'HTML'). Telegram's length
 * limits (4096 for text, 1024 for captions) count the text a person reads, not the tags, so long
 * texts are split on what is read and each part is rendered with its tags closed and reopened.
 */

type Mark = { readonly tag: 'b' | 'i' | 's' } | { readonly tag: 'a'; readonly href: string };

/** A run of text with the formatting open around it, outermost first. */
interface Span {
  readonly text: string;
  readonly marks: readonly Mark[];
}

/**
 * A message text ready for Telegram, as HTML: `first` holds at most the first limit of read
 * characters (a caption, or the only part), `rest` the parts that did not fit, each within the
 * second limit. Parts with nothing but white space are empty (`first`) or left out (`rest`).
 */
export interface RenderedText {
  readonly first: string;
  readonly rest: readonly string[];
}

const LINKABLE = /^(https?:\/\/|tg:\/\/)/i;

const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (text: string): string => escapeHtml(text).replace(/"/g, '&quot;');

const toSpans = (nodes: readonly MarkupNode[], marks: readonly Mark[], out: Span[]): Span[] => {
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
        out.push({ text: node.text, marks });
        break;
      case 'newline':
        out.push({ text: '\n', marks });
        break;
      case 'bold':
        toSpans(node.children, [...marks, { tag: 'b' }], out);
        break;
      case 'italic':
        toSpans(node.children, [...marks, { tag: 'i' }], out);
        break;
      case 'strike':
        toSpans(node.children, [...marks, { tag: 's' }], out);
        break;
      case 'link':
        // Only web and tg: links become anchors; anything else (javascript:, data:, ...) stays its label.
        toSpans(node.children, LINKABLE.test(node.url) ? [...marks, { tag: 'a', href: node.url }] : marks, out);
        break;
    }
  }
  return out;
};

const sameMark = (a: Mark, b: Mark): boolean => a.tag === b.tag && (a.tag !== 'a' || (b.tag === 'a' && a.href === b.href));
const openTag = (mark: Mark): string => (mark.tag === 'a' ? `<a href="${escapeAttribute(mark.href)}">` : `<${mark.tag}>`);
const closeTag = (mark: Mark): string => `</${mark.tag}>`;

/** Renders spans as HTML, closing only the tags that end and opening only those that start. */
const spansToHtml = (spans: readonly Span[]): string => {
  let html = '';
  let open: readonly Mark[] = [];
  for (const span of spans) {
    if (span.text === '') continue;
    let shared = 0;
    while (shared < open.length && shared < span.marks.length && sameMark(open[shared] as Mark, span.marks[shared] as Mark)) shared += 1;
    for (let i = open.length - 1; i >= shared; i -= 1) html += closeTag(open[i] as Mark);
    for (let i = shared; i < span.marks.length; i += 1) html += openTag(span.marks[i] as Mark);
    html += escapeHtml(span.text);
    open = span.marks;
  }
  for (let i = open.length - 1; i >= 0; i -= 1) html += closeTag(open[i] as Mark);
  return html;
};

/** The spans covering [from, to) of the read text. */
const sliceSpans = (spans: readonly Span[], from: number, to: number): Span[] => {
  const out: Span[] = [];
  let offset = 0;
  for (const span of spans) {
    const start = offset;
    const end = offset + span.text.length;
    offset = end;
    if (end <= from || start >= to) continue;
    out.push({ text: span.text.slice(Math.max(0, from - start), Math.min(span.text.length, to - start)), marks: span.marks });
  }
  return out;
};

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

/**
 * Where to end a part that starts at `start` and may hold `limit` characters: after the last line
 * break in its second half, else the last space, else exactly at the limit (never inside a
 * surrogate pair). Returns [end of this part, start of the next].
 */
const cutPoint = (plain: string, start: number, limit: number): [number, number] => {
  const hardEnd = start + limit;
  const window = plain.slice(start, hardEnd + 1);
  for (const separator of ['\n', ' ']) {
    const at = window.lastIndexOf(separator);
    if (at > limit / 2 && at <= limit) return [start + at, start + at + 1];
  }
  const end = isHighSurrogate(plain.charCodeAt(hardEnd - 1)) ? hardEnd - 1 : hardEnd;
  return [end, end];
};

/**
 * Renders markup as Telegram HTML in parts: the first part holds at most `firstLimit` read
 * characters (a caption), the others at most `restLimit`.
 */
export function renderMarkup(text: string, firstLimit: number, restLimit: number = firstLimit): RenderedText {
  const spans = toSpans(parseMarkup(text), [], []);
  const plain = spans.map((span) => span.text).join('');
  const parts: string[] = [];
  let start = 0;
  let limit = firstLimit;
  while (start < plain.length) {
    const [end, next] = plain.length - start <= limit ? [plain.length, plain.length] : cutPoint(plain, start, limit);
    // Telegram strips white space around a message; stripping it here keeps parts from looking empty-ish.
    let from = start;
    let to = end;
    while (from < to && /\s/.test(plain[from] as string)) from += 1;
    while (to > from && /\s/.test(plain[to - 1] as string)) to -= 1;
    parts.push(from === to ? '' : spansToHtml(sliceSpans(spans, from, to)));
    start = next;
    limit = restLimit;
  }
  return { first: parts[0] ?? '', rest: parts.slice(1).filter((part) => part !== '') };
}

/** Every non-empty part of a rendered text, in order. */
export const allParts = (rendered: RenderedText): string[] => [rendered.first, ...rendered.rest].filter((part) => part !== '');
