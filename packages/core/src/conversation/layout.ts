import { escapeMarkup } from './markup.js';
import type { ChannelCapabilities, Choice, OutboundMessage } from './messages.js';
import type { ChoiceAction, ChoiceEntry, PendingQuestion, ScreenRef } from './state.js';

/*
 * From what a screen wants to what a channel can show: rows split to the channel's width, the
 * button budget respected, text cut to the channel's limit, and opaque ids assigned to choices.
 */

export type ActionChoiceSpec = { readonly label: string } & ChoiceAction;
export type UrlChoiceSpec = { readonly label: string; readonly url: string };
export type ChoiceSpec = ActionChoiceSpec | UrlChoiceSpec;

/** What a screen renders: channel-independent, before ids are assigned. */
export interface ScreenView {
  readonly text: string;
  readonly imageId?: string | null;
  readonly page?: { readonly index: number; readonly count: number };
  /** List items (one per row usually), shown first; the ones at the end are dropped if the channel's button budget is short. */
  readonly list?: readonly (readonly ChoiceSpec[])[];
  /** Fixed rows after the list (paging, actions, back, menu). */
  readonly rows: readonly (readonly ChoiceSpec[])[];
  /** What free text answers while this screen is current. */
  readonly pending?: PendingQuestion;
  /** Label of a "share my phone number" control; kept only on channels that declare `contactRequest`. */
  readonly requestContact?: string;
}

export const choice = <A extends ChoiceAction['action']>(
  label: string,
  action: A,
  args: Extract<ChoiceAction, { action: A }>['args'],
): ActionChoiceSpec => ({ label, action, args }) as ActionChoiceSpec;

export const openScreen = (label: string, screen: ScreenRef): ActionChoiceSpec => choice(label, 'open', { screen });
export const updateScreen = (label: string, screen: ScreenRef): ActionChoiceSpec => choice(label, 'update', { screen });

/** The most list items a page shows when buttons are plenty. */
export const PREFERRED_PAGE_SIZE = 8;

/** Items per page so that the items plus `fixedButtons` (paging, back, menu) fit the channel's button budget. */
export const listPageSize = (capabilities: ChannelCapabilities, fixedButtons: number): number =>
  Math.max(1, Math.min(PREFERRED_PAGE_SIZE, capabilities.maxButtons - fixedButtons));

/** The first `end` UTF-16 units of `text`, one fewer if that would split a surrogate pair (an emoji). */
const sliceWhole = (text: string, end: number): string => {
  const cut = text.slice(0, Math.max(0, end));
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
};

/** Cuts plain text at a word boundary to at most `max` characters, ending with "…". */
export const truncatePlain = (text: string, max: number): string => {
  const clean = text.trim();
  if (clean.length <= max) return clean;
  if (max <= 1) return '…'.slice(0, Math.max(0, max));
  const cut = sliceWhole(clean, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
};

/**
 * Cuts markup to at most `max` characters, preferring a line break, then a space, and never
 * leaving a dangling escape. Screens keep formatting within one line, so a cut at a line break
 * never splits a span.
 */
export const fitMarkup = (text: string, max: number): string => {
  if (text.length <= max) return text;
  let cut = sliceWhole(text, max - 1);
  const newline = cut.lastIndexOf('\n');
  const space = cut.lastIndexOf(' ');
  if (newline > max * 0.5) cut = cut.slice(0, newline);
  else if (space > max * 0.5) cut = cut.slice(0, space);
  const trailingBackslashes = /\\+$/.exec(cut)?.[0].length ?? 0;
  if (trailingBackslashes % 2 === 1) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
};

/**
 * Choice labels are plain text, cut to the channel's `maxChoiceLabelLength`. Names carry brand and
 * variant at the end, so screens leave room for them (see `productChoice`).
 */
const labelLimit = (capabilities: ChannelCapabilities): number => Math.max(1, Math.floor(capabilities.maxChoiceLabelLength));

/** The engine never uses longer choice ids, whatever the channel carries: shorter payloads, smaller stored state. */
export const MAX_CHOICE_ID_BYTES = 16;
/** A channel must carry at least this many bytes of choice id (a random prefix and a counter). */
export const MIN_CHOICE_PAYLOAD_BYTES = 8;
/** Room the counter part of a choice id may take: 36^3 choices per screen, far above any button budget. */
const COUNTER_CHARS = 3;

/** How long the engine's choice ids may be on a channel: `min(16, maxChoicePayloadBytes)`. */
export const choiceIdBytes = (capabilities: ChannelCapabilities): number =>
  Math.min(MAX_CHOICE_ID_BYTES, Math.floor(capabilities.maxChoicePayloadBytes));

/**
 * Refuses capabilities the engine cannot work with, naming the field, so a channel adapter that
 * declares them fails when it is composed rather than on a person's first tap.
 */
export const assertUsableCapabilities = (channel: string, capabilities: ChannelCapabilities): void => {
  const payload = capabilities.maxChoicePayloadBytes;
  if (!Number.isFinite(payload) || payload < MIN_CHOICE_PAYLOAD_BYTES) {
    throw new Error(
      `channel "${channel}" declares maxChoicePayloadBytes ${payload}; the conversation engine needs at least ${MIN_CHOICE_PAYLOAD_BYTES} bytes of choice id`,
    );
  }
  if (!Number.isFinite(capabilities.maxChoiceLabelLength) || capabilities.maxChoiceLabelLength < 1) {
    throw new Error(`channel "${channel}" declares maxChoiceLabelLength ${capabilities.maxChoiceLabelLength}; it must be at least 1`);
  }
};

const isUrlChoice = (spec: ChoiceSpec): spec is UrlChoiceSpec => 'url' in spec;

type Rows = readonly (readonly ChoiceSpec[])[];

const splitRows = (rows: Rows, perRow: number): ChoiceSpec[][] => {
  const split: ChoiceSpec[][] = [];
  for (const row of rows) {
    for (let i = 0; i < row.length; i += perRow) split.push(row.slice(i, i + perRow));
  }
  return split;
};

const countChoices = (rows: Rows): number => rows.reduce((count, row) => count + row.length, 0);

/** Splits rows wider than the channel allows; drops list items from the end, then fixed choices from the end, until the total fits. */
const fitRows = (list: Rows, fixed: Rows, capabilities: ChannelCapabilities): ChoiceSpec[][] => {
  const perRow = Math.max(1, capabilities.maxButtonsPerRow);
  const budget = Math.max(0, capabilities.maxButtons);
  const listRows = splitRows(list, perRow);
  const fixedRows = splitRows(fixed, perRow);
  let excess = countChoices(listRows) + countChoices(fixedRows) - budget;
  for (const rows of [listRows, fixedRows]) {
    for (let r = rows.length - 1; r >= 0 && excess > 0; r -= 1) {
      const row = rows[r] as ChoiceSpec[];
      const drop = Math.min(excess, row.length);
      row.splice(row.length - drop, drop);
      excess -= drop;
    }
  }
  return [...listRows, ...fixedRows].filter((row) => row.length > 0);
};

/**
 * Ids for one rendered screen: a fresh random prefix + a counter, so ids from older messages never
 * match. ASCII only, so characters are bytes; at most `maxBytes` long (at least 8).
 */
export const choiceIdSource = (prefix: string, maxBytes = MAX_CHOICE_ID_BYTES): (() => string) => {
  const room = Math.max(1, Math.min(8, maxBytes - COUNTER_CHARS));
  const safe = prefix.replace(/[^A-Za-z0-9]/g, '').slice(0, room) || 'c';
  let next = 0;
  return () => {
    const id = `${safe}${(next++).toString(36)}`;
    if (id.length > maxBytes) throw new Error(`more choices on one screen than ${maxBytes}-byte ids can number`);
    return id;
  };
};

/** The message a channel gets for a screen, and the choice table the engine keeps for it. */
export const materialize = (
  view: ScreenView,
  capabilities: ChannelCapabilities,
  nextId: () => string,
): { message: OutboundMessage; table: ChoiceEntry[] } => {
  const limit = labelLimit(capabilities);
  let text = view.text;
  /** Shortens labels; URL choices a channel cannot show as buttons become links in the text. */
  const prepare = (rows: Rows): ChoiceSpec[][] =>
    rows
      .map((row) =>
        row.flatMap((spec): ChoiceSpec[] => {
          const label = truncatePlain(spec.label, limit);
          if (!isUrlChoice(spec) || capabilities.urlButtons) return [{ ...spec, label }];
          text += `\n[${escapeMarkup(label)}](${spec.url.replace(/[\\)]/g, (char) => `\\${char}`)})`;
          return [];
        }),
      )
      .filter((row) => row.length > 0);
  const rows = fitRows(prepare(view.list ?? []), prepare(view.rows), capabilities);
  const table: ChoiceEntry[] = [];
  const choices: Choice[][] = rows.map((row) =>
    row.map((spec): Choice => {
      if (isUrlChoice(spec)) return { url: spec.url, label: spec.label };
      const entry = { ...spec, id: nextId() } as ChoiceEntry;
      table.push(entry);
      return { id: entry.id, label: entry.label };
    }),
  );
  const imageId = view.imageId && capabilities.images ? view.imageId : undefined;
  const max = imageId ? capabilities.maxCaptionLength : capabilities.maxTextLength;
  const message: OutboundMessage = {
    text: fitMarkup(text, max),
    ...(imageId ? { imageId } : {}),
    ...(choices.length > 0 ? { choices } : {}),
    ...(view.page ? { page: view.page } : {}),
    ...(view.requestContact && capabilities.contactRequest ? { requestContact: view.requestContact } : {}),
  };
  return { message, table };
};

/**
 * How channels without buttons number choices ("1. …"): id choices in reading order, left to
 * right and top to bottom; URL choices are not numbered. The engine resolves a digit the same way.
 */
export const numberChoices = (choices: OutboundMessage['choices']): { number: number; id: string; label: string }[] => {
  const numbered: { number: number; id: string; label: string }[] = [];
  for (const row of choices ?? []) {
    for (const item of row) {
      if ('id' in item) numbered.push({ number: numbered.length + 1, id: item.id, label: item.label });
    }
  }
  return numbered;
};

/** A label or typed text as compared with labels: no case, accents, emoji or punctuation. */
export const normalizeLabel = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** A label without its trailing count: "🛒 Mi carrito (2)" → "🛒 Mi carrito". */
export const withoutCount = (label: string): string => label.replace(/\s*\([^)]*\)\s*$/, '');

/** The offered choice a typed answer means: its number ("2") or its label, ignoring case, accents, emoji and a "(n)" count. */
export const resolveTypedChoice = (table: readonly ChoiceEntry[], text: string): ChoiceEntry | null => {
  const trimmed = text.trim();
  if (/^\d{1,3}$/.test(trimmed)) return table[Number(trimmed) - 1] ?? null;
  const typed = normalizeLabel(trimmed);
  if (typed === '') return null;
  return (
    table.find((entry) => normalizeLabel(entry.label) === typed) ??
    table.find((entry) => normalizeLabel(withoutCount(entry.label)) === typed) ??
    null
  );
};

/**
 * Whether a typed text is an option number on this channel: only where options are shown
 * numbered (no inline buttons), and only a bare number from 1 to the most options one message
 * can carry there (`maxButtons`). Anything else that looks numeric — "550w", "20 mm", a number
 * above that budget such as a 4-digit SKU or "550" on a 10-option channel — can never name an
 * option, so it stays a search. Where choices are buttons, numbers are not shown, so a number
 * that picks nothing is a search too.
 */
export const isOptionNumber = (text: string, capabilities: ChannelCapabilities): boolean => {
  if (capabilities.inlineButtons) return false;
  const trimmed = text.trim();
  if (!/^[1-9]\d{0,2}$/.test(trimmed)) return false;
  return Number(trimmed) <= Math.max(1, Math.floor(capabilities.maxButtons));
};
