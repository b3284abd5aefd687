/** What the engine does for a slash command, whatever the language it was typed in. */
export type CommandName = 'start' | 'menu' | 'cart' | 'orders' | 'search' | 'offers' | 'catalog' | 'language' | 'help' | 'link' | 'staff';

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
};

/** Words that bring the menu back on channels without commands. */
const MENU_WORDS: ReadonlySet<string> = new Set(['menu', 'inicio', 'hola', 'hi', 'hello', 'start']);

/** "/Menú@MiBot" → "menu": no slash, no addressee, no accents, lower case. */
export const normalizeCommand = (command: string): string =>
  command.trim().replace(/^\//, '').replace(/@.*$/, '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export const commandNamed = (command: string): CommandName | null => ALIASES[normalizeCommand(command)] ?? null;

/** "/buscar@MiBot remera azul" → { command: 'buscar', args: 'remera azul' }; null when the text is no command. */
export const parseTypedCommand = (text: string): { command: string; args: string } | null => {
  const match = /^\/([\p{L}\p{N}_]+)(?:@\S+)?(?:\s+([\s\S]*))?$/u.exec(text.trim());
  return match ? { command: match[1] ?? '', args: (match[2] ?? '').trim() } : null;
};

export const isMenuWord = (text: string): boolean => MENU_WORDS.has(normalizeCommand(text));
