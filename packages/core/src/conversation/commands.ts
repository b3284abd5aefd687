/** What the engine does for a slash command, whatever the language it was typed in. */
export type CommandName =
  | 'start'
  | 'menu'
  | 'cart'
  | 'orders'
  | 'search'
  | 'offers'
  | 'catalog'
  | 'language'
  | 'help'
  | 'link'
  | 'staff'
  // Offers: stop (/baja, /stop) and start again (/alta, /start is taken).
  | 'optout'
  | 'optin'
  | 'cancel';

const ALIASES: Readonly<Record<string, CommandName>> = {
  start: 'start',
  menu: 'menu',
  inicio: 'menu',
  carrito: 'cart',
  cart: 'cart',
  pedidos: 'orders',
  orders: 'orders',
  buscar: 'search',
  search: 'search',
  ofertas: 'offers',
  offers: 'offers',
  catalogo: 'catalog',
  catalog: 'catalog',
  idioma: 'language',
  language: 'language',
  ayuda: 'help',
  help: 'help',
  vincular: 'link',
  link: 'link',
  staff: 'staff',
  baja: 'optout',
  stop: 'optout',
  alta: 'optin',
  unsubscribe: 'optout',
  subscribe: 'optin',
  // Leaves the flow under way (checkout, a confirmation, a staff question).
  cancelar: 'cancel',
  cancel: 'cancel',
};

/** Words that bring the menu back on channels without commands. */
const MENU_WORDS: ReadonlySet<string> = new Set(['menu', 'inicio', 'hola', 'hi', 'hello', 'start']);

/** "/Menú" → "menu": no slash, no accents, lower case. */
export const normalizeCommand = (command: string): string =>
  command.trim().replace(/^\//, '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export const commandNamed = (command: string): CommandName | null => ALIASES[normalizeCommand(command)] ?? null;

/**
 * "/buscar remera azul" → { command: 'buscar', args: 'remera azul' }; null when the text is no
 * command. Addressing a command to someone (a suffix after the name) is a channel's business: its
 * adapter strips it, so "/menu@x" here is no command.
 */
export const parseTypedCommand = (text: string): { command: string; args: string } | null => {
  const match = /^\/([\p{L}\p{N}_]+)(?:\s+([\s\S]*))?$/u.exec(text.trim());
  return match ? { command: match[1] ?? '', args: (match[2] ?? '').trim() } : null;
};

export const isMenuWord = (text: string): boolean => MENU_WORDS.has(normalizeCommand(text));

/**
 * Start payloads (the `deepLink` of a `start` event, or the argument of a typed `/start`) follow
 * core's own convention on every channel: `p_<productId>` opens that product's card; anything
 * else opens the menu. Payloads stay within 64 characters of `A-Za-z0-9_-`, which every
 * channel's links can carry.
 */
const PRODUCT_PAYLOAD_PREFIX = 'p_';

/** The start payload that opens a product's card. */
export const productStartPayload = (productId: string): string => `${PRODUCT_PAYLOAD_PREFIX}${productId}`;

/** The product a start payload opens, or null. */
export const productFromStartPayload = (payload: string | null): string | null =>
  payload?.startsWith(PRODUCT_PAYLOAD_PREFIX) && payload.length > PRODUCT_PAYLOAD_PREFIX.length
    ? payload.slice(PRODUCT_PAYLOAD_PREFIX.length)
    : null;
