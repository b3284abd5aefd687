import type { Locale } from '@mostrador/core';

/** The command menu Telegram shows next to the text field; the engine understands both names. */
export const BOT_COMMANDS: Readonly<Record<Locale, readonly { command: string; description: string }[]>> = {
  es: [
    { command: 'start', description: 'Empezar' },
    { command: 'menu', description: 'Menú principal' },
    { command: 'buscar', description: 'Buscar productos' },
    { command: 'carrito', description: 'Ver el carrito' },
    { command: 'pedidos', description: 'Mis pedidos' },
    { command: 'cancelar', description: 'Dejar lo que estás haciendo' },
    { command: 'idioma', description: 'Cambiar el idioma' },
    { command: 'ayuda', description: 'Ayuda' },
  ],
  en: [
    { command: 'start', description: 'Start' },
    { command: 'menu', description: 'Main menu' },
    { command: 'search', description: 'Search products' },
    { command: 'cart', description: 'See your cart' },
    { command: 'orders', description: 'My orders' },
    { command: 'cancel', description: 'Leave what you are doing' },
    { command: 'language', description: 'Change the language' },
    { command: 'help', description: 'Help' },
  ],
};
