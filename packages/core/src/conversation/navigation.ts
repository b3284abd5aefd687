import { type ConversationState, MAX_STACK, type ScreenRef } from './state.js';

/** Where the person goes after an event. */
export type Navigation =
  /** Show the current screen again, as a new message. */
  | { readonly kind: 'stay' }
  /** Send only the notes; the last screen and its choices stay valid. */
  | { readonly kind: 'keep' }
  /** Open a screen on top of the current one. */
  | { readonly kind: 'open'; readonly screen: ScreenRef }
  /** Replace the current screen; edits the tapped message when it is the same screen (paging). */
  | { readonly kind: 'update'; readonly screen: ScreenRef }
  /** Start over: the screen with only the main menu under it. */
  | { readonly kind: 'reset'; readonly screen: ScreenRef }
  | { readonly kind: 'back' };

export const MENU: ScreenRef = { name: 'menu' };
export const STAY: Navigation = { kind: 'stay' };
export const KEEP: Navigation = { kind: 'keep' };
export const BACK: Navigation = { kind: 'back' };
export const TO_MENU: Navigation = { kind: 'reset', screen: MENU };
export const open = (screen: ScreenRef): Navigation => ({ kind: 'open', screen });
export const update = (screen: ScreenRef): Navigation => ({ kind: 'update', screen });
export const reset = (screen: ScreenRef): Navigation => ({ kind: 'reset', screen });

/** Applies a navigation to the state (`stay` and `keep` change nothing). */
export const navigate = (state: ConversationState, navigation: Navigation): ConversationState => {
  switch (navigation.kind) {
    case 'stay':
    case 'keep':
      return state;
    case 'open':
      return { ...state, screen: navigation.screen, stack: [...state.stack, state.screen].slice(-MAX_STACK) };
    case 'update':
      return { ...state, screen: navigation.screen };
    case 'reset':
      return { ...state, screen: navigation.screen, stack: navigation.screen.name === 'menu' ? [] : [MENU] };
    case 'back':
      return { ...state, screen: state.stack[state.stack.length - 1] ?? MENU, stack: state.stack.slice(0, -1) };
  }
};
