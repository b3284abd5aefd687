/*
 * The engine's neutral markup: `*bold*`, `_italic_`, `~~strikethrough~~`, `[label](https://url)`
 * and line breaks. A backslash makes the next character literal; a `*`, `_` or `~~` followed by
 * a space opens nothing. Channel adapters parse it with
 * `parseMarkup` and render the tree in their own format (HTML, a chat app's asterisks, plain text, ...).
 * Anything that does not close (a lone `*`, a `[` without `](url)`) is plain text, so a parse
 * never fails.
 */

export type MarkupNode =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'newline' }
  | { readonly type: 'bold'; readonly children: readonly MarkupNode[] }
  | { readonly type: 'italic'; readonly children: readonly MarkupNode[] }
  | { readonly type: 'strike'; readonly children: readonly MarkupNode[] }
  | { readonly type: 'link'; readonly url: string; readonly children: readonly MarkupNode[] };

type Style = 'bold' | 'italic' | 'strike';
/** Spans open around the text being parsed: the same kind never nests, nor a link in a link. */
type Context = ReadonlySet<Style | 'link'>;

const SPECIAL = /[\\*_~[\]]/g;

/** Makes user or catalog text literal inside markup: `*`, `_`, `~`, `[`, `]` and `\` get a backslash. */
export const escapeMarkup = (text: string): string => text.replace(SPECIAL, (char) => `\\${char}`);

const DELIMITERS: readonly { readonly style: Style; readonly open: string }[] = [
  { style: 'strike', open: '~~' },
  { style: 'bold', open: '*' },
  { style: 'italic', open: '_' },
];

/** Index of the first unescaped occurrence of `token` at or after `from`, or -1. */
const findUnescaped = (source: string, token: string, from: number): number => {
  for (let i = from; i < source.length; i += 1) {
    if (source[i] === '\\') {
      i += 1;
      continue;
    }
    if (source.startsWith(token, i)) return i;
  }
  return -1;
};

const isSpace = (char: string | undefined): boolean => char === undefined || /\s/.test(char);

/**
 * Where the span opened by `token` just before `from` closes, or -1. An opener followed by a
 * space is literal (`2 * 3 * 4` stays as written), so spans start right at their text; empty
 * spans and spans running past `end` are literal too.
 */
const findClosing = (source: string, token: string, from: number, end: number): number => {
  if (isSpace(source[from]) || source.startsWith(token, from)) return -1;
  const close = findUnescaped(source, token, from);
  return close >= 0 && close + token.length <= end ? close : -1;
};

/** Parses `[label](url)` starting at `start` (which holds `[`), or null when it is not a link. */
const matchLink = (source: string, start: number, end: number): { label: string; url: string; next: number } | null => {
  const close = findUnescaped(source, ']', start + 1);
  if (close < 0 || close >= end || source[close + 1] !== '(') return null;
  let url = '';
  for (let i = close + 2; i < end; i += 1) {
    const char = source[i];
    if (char === '\\' && i + 1 < end) {
      url += source[i + 1];
      i += 1;
    } else if (char === ')') {
      return url === '' || /\s/.test(url) ? null : { label: source.slice(start + 1, close), url, next: i + 1 };
    } else {
      url += char;
    }
  }
  return null;
};

const parseRange = (source: string, start: number, end: number, open: Context): MarkupNode[] => {
  const nodes: MarkupNode[] = [];
  let text = '';
  const flush = (): void => {
    if (text !== '') nodes.push({ type: 'text', text });
    text = '';
  };
  let i = start;
  outer: while (i < end) {
    const char = source[i] as string;
    if (char === '\\' && i + 1 < end) {
      text += source[i + 1];
      i += 2;
      continue;
    }
    if (char === '\n') {
      flush();
      nodes.push({ type: 'newline' });
      i += 1;
      continue;
    }
    if (char === '[' && !open.has('link')) {
      const link = matchLink(source, i, end);
      if (link) {
        flush();
        const labelStart = i + 1;
        nodes.push({
          type: 'link',
          url: link.url,
          children: parseRange(source, labelStart, labelStart + link.label.length, new Set(open).add('link')),
        });
        i = link.next;
        continue;
      }
    }
    for (const { style, open: token } of DELIMITERS) {
      if (open.has(style) || !source.startsWith(token, i)) continue;
      const close = findClosing(source, token, i + token.length, end);
      if (close >= 0) {
        flush();
        const inner = new Set<Style | 'link'>(open).add(style);
        nodes.push({ type: style, children: parseRange(source, i + token.length, close, inner) });
        i = close + token.length;
        continue outer;
      }
    }
    text += char;
    i += 1;
  }
  flush();
  return nodes;
};

/** Parses neutral markup into a tree adapters render. Never throws. */
export const parseMarkup = (text: string): MarkupNode[] => parseRange(text, 0, text.length, new Set<Style | 'link'>());

/** The text a person reads, without markup (for length checks and plain-text channels). */
export const markupToPlainText = (nodes: readonly MarkupNode[]): string =>
  nodes
    .map((node) => {
      switch (node.type) {
        case 'text':
          return node.text;
        case 'newline':
          return '\n';
        default:
          return markupToPlainText(node.children);
      }
    })
    .join('');
