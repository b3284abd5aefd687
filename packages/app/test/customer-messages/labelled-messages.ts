/**
 * Customer messages as people write them to a shop in Argentina (es-AR, voseo) and in English:
 * questions, filler words, typos, units, category words, emoji, greetings. Each is labelled with
 * what the chat must do with it against the demo catalog (`src/demo/catalog-data.ts`). Run by
 * `customer-messages.e2e.test.ts` through the conversation engine on PostgreSQL and PGlite.
 *
 * Labels:
 * - `find`: the first product listed names all these words (folded: case, accents, "12w" = "12 W");
 *   several strings: any one of them (a category or synonym, where any of its products is right).
 * - `nothing`: a search for exactly this text (the product words of the message) that finds nothing.
 * - `answer`: no search; the screen shown (`menu` for greetings, thanks, emoji, punctuation),
 *   or `cancel` (a cancel, answered with a note and no search).
 */
export type Expectation =
  | { readonly find: string | readonly string[] }
  | { readonly nothing: string }
  | { readonly answer: 'menu' | 'offers' | 'categories' | 'help' | 'cancel' };

export interface LabelledMessage {
  readonly locale: 'es' | 'en';
  readonly text: string;
  readonly expect: Expectation;
}

const POWER_TOOLS_ES = ['taladro percutor', 'amoladora angular', 'atornillador inalambrico', 'sierra circular', 'lijadora orbital'];
const HAND_TOOLS_ES = ['martillo', 'destornillador', 'juego de llaves', 'pinza universal', 'cinta metrica'];
const PAINT_ES = ['latex interior', 'esmalte sintetico', 'rodillo de lana', 'pincel'];
const GARDEN_ES = ['manguera reforzada', 'cortadora de cesped', 'tijera de podar', 'pala de punta'];
const LIGHTING_ES = ['lampara led', 'panel led', 'reflector led', 'tira led'];
const PLUMBING_ES = ['canilla monocomando', 'cano termofusion', 'cinta de teflon', 'flexible para canilla'];
const ELECTRICAL_ES = [
  'cable unipolar',
  'tomacorriente doble',
  'interruptor termomagnetico',
  'disyuntor diferencial',
  'zapatilla electrica',
];

const es = (text: string, expect: Expectation): LabelledMessage => ({ locale: 'es', text, expect });
const en = (text: string, expect: Expectation): LabelledMessage => ({ locale: 'en', text, expect });

export const LABELLED_MESSAGES: readonly LabelledMessage[] = [
  // ---- es-AR ----
  es('cuánto sale la amoladora?', { find: 'amoladora' }),
  es('tenés tornillos?', { nothing: 'tornillos' }),
  es('busco martillo', { find: 'martillo' }),
  es('necesito un taladro', { find: 'taladro' }),
  es('tienen cinta de teflón?', { find: 'cinta de teflon' }),
  es('precio amoladora', { find: 'amoladora' }),
  es('pintura', { find: PAINT_ES }),
  es('pinturería', { find: PAINT_ES }),
  es('pintura blanca 4 litros', { find: ['latex interior 4 litros', 'esmalte sintetico 4 litros'] }),
  es('látex 4 litros', { find: 'latex 4 litros' }),
  es('lampara led 12w', { find: 'lampara led 12 w' }),
  es('caño 20mm', { find: 'cano termofusion 20 mm' }),
  es('taladro 550w', { find: 'taladro 550 w' }),
  es('me pasás el precio de la pava eléctrica?', { find: 'pava electrica' }),
  es('hola', { answer: 'menu' }),
  es('buenas', { answer: 'menu' }),
  es('Holaaa!! 👋', { answer: 'menu' }),
  es('gracias', { answer: 'menu' }),
  es('muchas gracias!!', { answer: 'menu' }),
  es('👍', { answer: 'menu' }),
  es('🔨🔨', { answer: 'menu' }),
  es('?', { answer: 'menu' }),
  es('cancelar', { answer: 'cancel' }),
  es('tenés guantes de trabajo talle 10?', { find: 'guantes de trabajo talle 10' }),
  es('hay stock de yerba?', { find: 'yerba' }),
  es('quiero comprar dulce de leche', { find: 'dulce de leche' }),
  es('harina 000 tienen?', { find: 'harina 000' }),
  es('una lamparita de 9w', { find: 'lampara led 9 w' }),
  es('reflector led 100 w', { find: 'reflector led 100 w' }),
  es('amoladora bosh', { find: 'amoladora bosch' }),
  es('taladro percutor dewalt', { find: 'taladro percutor dewalt' }),
  es('destornillador philips', { find: 'destornillador phillips' }),
  es('cinta metrica 5m', { find: 'cinta metrica 5 m' }),
  es('pinza 8 pulgadas', { find: 'pinza universal' }),
  es('canilla monocomando', { find: 'canilla monocomando' }),
  es('cable 2,5mm', { find: 'cable unipolar 2 5 mm' }),
  es('disyuntor 40a', { find: 'disyuntor 40 a' }),
  es('tenés zapatilla eléctrica de 8 tomas?', { find: 'zapatilla electrica 8 tomas' }),
  es('un alargue', { find: 'zapatilla electrica' }),
  es('manguera de 25 metros', { find: 'manguera 25 m' }),
  es('tijera de podar', { find: 'tijera de podar' }),
  es('casco amarillo', { find: 'casco amarillo' }),
  es('olla 24 cm', { find: 'olla 24 cm' }),
  es('ofertas', { answer: 'offers' }),
  es('¿tienen alguna promo?', { answer: 'offers' }),
  es('qué venden?', { answer: 'categories' }),
  es('buen día! tienen anteojos de seguridad?', { find: 'anteojos de seguridad' }),
  es('chau, gracias', { answer: 'menu' }),
  es('herramientas', { find: [...POWER_TOOLS_ES, ...HAND_TOOLS_ES] }),
  es('jardín', { find: GARDEN_ES }),
  es('iluminación', { find: LIGHTING_ES }),
  es('plomeria', { find: PLUMBING_ES }),
  es('electricidad', { find: ELECTRICAL_ES }),
  es('precio del esmalte sintetico de 1 litro', { find: 'esmalte sintetico 1 litro' }),
  es('che, cuánto está el rodillo?', { find: 'rodillo' }),
  es('holaa tenés pincel del 20?', { find: 'pincel 20' }),
  es('olla de acero essen', { find: 'olla de acero essen' }),
  es('kit de llaves combinadas 12 piezas', { find: 'llaves combinadas 12 piezas' }),
  es('ayuda', { answer: 'help' }),
  es('la amoladra de 900w cuanto sale', { find: 'amoladora 900 w' }),
  // ---- English ----
  en('how much is the angle grinder?', { find: 'angle grinder' }),
  en('do you have screws?', { nothing: 'screws' }),
  en('hi', { answer: 'menu' }),
  en('hello there', { answer: 'menu' }),
  en('thanks!', { answer: 'menu' }),
  en('thank you so much', { answer: 'menu' }),
  en('ok', { answer: 'menu' }),
  en('cancel', { answer: 'cancel' }),
  en('👌', { answer: 'menu' }),
  en('...', { answer: 'menu' }),
  en("I'm looking for a hammer drill", { find: 'hammer drill' }),
  en('do you sell LED bulbs?', { find: 'led bulb' }),
  en('led bulb 12w', { find: 'led bulb 12 w' }),
  en('paint', { find: ['interior latex paint', 'synthetic enamel', 'wool paint roller', 'paint brush'] }),
  en('white paint 4 litres', { find: ['interior latex paint 4 litres', 'synthetic enamel 4 litres'] }),
  en('fusion pipe 20mm', { find: 'fusion weld pipe 20 mm' }),
  en('any deals?', { answer: 'offers' }),
  en('what do you sell?', { answer: 'categories' }),
  en('need a circular saw', { find: 'circular saw' }),
  en('price of the cordless screwdriver', { find: 'cordless screwdriver' }),
  en('got any ptfe tape?', { find: 'ptfe tape' }),
  en('work gloves size 9', { find: 'work gloves 9' }),
  en('safety glasses', { find: 'safety glasses' }),
  en('do you have a tape measure 8m?', { find: 'tape measure 8 m' }),
  en('combination pliers', { find: 'combination pliers' }),
  en('how much for the electric kettle', { find: 'electric kettle' }),
  en('yerba mate 1kg', { find: 'yerba mate 1 kg' }),
  en('dulce de leche please', { find: 'dulce de leche' }),
  en('flour', { find: 'flour' }),
  en('garden', { find: ['garden hose', 'lawn mower', 'pruning shears', 'pointed shovel'] }),
  en('lighting', { find: ['led bulb', 'led panel', 'floodlight', 'led strip'] }),
  en('plumbing', { find: ['single lever tap', 'fusion weld pipe', 'ptfe tape', 'tap connector hose'] }),
  en('power tools', { find: ['hammer drill', 'angle grinder', 'cordless screwdriver', 'circular saw', 'orbital sander'] }),
  en('hand tools', { find: ['claw hammer', 'screwdriver', 'combination wrench set', 'combination pliers', 'tape measure'] }),
  en('lawn mower 1600w', { find: 'lawn mower 1600 w' }),
  en('outdoor floodlight 50 watts', { find: 'floodlight 50 w' }),
  en('circuit breaker 25a', { find: 'circuit breaker 25 a' }),
  en('grinder', { find: 'angle grinder' }),
  en('do u have hammers', { find: 'hammer' }),
  en("what's the price of the steel pot 20cm?", { find: 'steel pot 20 cm' }),
  en('knife set', { find: 'knife set' }),
  en('help', { answer: 'help' }),
  en('good morning', { answer: 'menu' }),
  en('bye', { answer: 'menu' }),
  en('hey do you have ear defenders?', { find: 'ear defenders' }),
  en('single lever tap', { find: 'single lever tap' }),
  en('recessed led panel 24w', { find: 'recessed led panel 24 w' }),
  en('wool roller 22 cm', { find: 'wool paint roller 22 cm' }),
  en('hamer drill', { find: 'hammer drill' }),
  en('is the screwdrivr in stock?', { find: 'screwdriver' }),
  en('how much are the work gloves?', { find: 'work gloves' }),
  en('pruning shears pls', { find: 'pruning shears' }),
  en('do you guys have a steel pot?', { find: 'steel pot' }),
  en('can i get a paint roller 17cm', { find: 'wool paint roller 17 cm' }),
  en('looking for an orbital sander', { find: 'orbital sander' }),
  en('wheres the kettle', { find: 'electric kettle' }),
  en('yerba mate playadito', { find: 'yerba mate playadito' }),
  en('any LED strip RGB?', { find: 'led strip rgb' }),
  en('the 18v cordless screwdriver with 2 batteries', { find: 'cordless screwdriver 18 v 2 batteries' }),
  en('dewalt circular saw price', { find: 'circular saw dewalt' }),
];
