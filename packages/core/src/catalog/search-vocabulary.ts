/*
 * Words a search treats as the same thing, in Spanish (es-AR) and English, folded (lower case,
 * no accents). Kept small and generic on purpose: any shop's customers write these, and a wrong
 * synonym costs more (unrelated results) than a missing one (a partial match still ranks).
 */

/** Groups of interchangeable words: any word of a group matches any other. */
const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['pintura', 'pinturas', 'pintureria', 'paint', 'paints', 'painting'],
  [
    'lampara',
    'lamparas',
    'lamparita',
    'lamparitas',
    'bombita',
    'bombitas',
    'bombilla',
    'bombillas',
    'foco',
    'focos',
    'bulb',
    'bulbs',
    'lamp',
    'lamps',
  ],
  ['luz', 'luces', 'iluminacion', 'light', 'lights', 'lighting'],
  ['cano', 'canos', 'caneria', 'canerias', 'tubo', 'tubos', 'tuberia', 'tuberias', 'pipe', 'pipes'],
  ['canilla', 'canillas', 'grifo', 'grifos', 'griferia', 'faucet', 'faucets'],
  ['herramienta', 'herramientas', 'tool', 'tools'],
  ['plomeria', 'plumbing', 'sanitarios'],
  ['jardin', 'jardineria', 'garden', 'gardening'],
  ['cocina', 'kitchen', 'bazar'],
  ['almacen', 'pantry', 'comestibles', 'alimentos', 'groceries'],
  ['amoladora', 'amoladoras', 'esmeriladora', 'esmeriladoras', 'grinder', 'grinders'],
  ['destornillador', 'destornilladores', 'desarmador', 'desarmadores', 'screwdriver', 'screwdrivers'],
  ['pava', 'pavas', 'hervidor', 'kettle', 'kettles'],
  ['anteojos', 'lentes', 'gafas', 'glasses', 'goggles'],
  ['guante', 'guantes', 'glove', 'gloves'],
  ['teflon', 'ptfe'],
  ['llave', 'llaves', 'wrench', 'wrenches', 'spanner', 'spanners'],
  ['mecha', 'mechas', 'broca', 'brocas'],
  ['manguera', 'mangueras', 'hose', 'hoses'],
  ['seguridad', 'safety'],
  ['electricidad', 'electrical'],
];

/** One-way synonyms: the word also matches these (a power strip is a "zapatilla", not every "zapatilla" a power strip). */
const ONE_WAY: Readonly<Record<string, readonly string[]>> = {
  alargue: ['zapatilla', 'prolongador'],
  alargador: ['zapatilla', 'prolongador'],
  prolongador: ['zapatilla'],
  cortacesped: ['cortadora', 'mower'],
  podadora: ['tijera', 'shears'],
};

/**
 * Units of measure and how they are written. A number glued to a unit ("12w", "20mm") is split
 * into the number and the unit by `words`, and a unit word matches any spelling of its unit.
 */
const UNIT_GROUPS: readonly (readonly string[])[] = [
  ['w', 'watt', 'watts', 'vatio', 'vatios'],
  ['v', 'volt', 'volts', 'voltio', 'voltios'],
  ['a', 'amp', 'amps', 'amper', 'amperes', 'ampere'],
  ['mm', 'milimetro', 'milimetros', 'millimeter', 'millimeters', 'millimetre', 'millimetres'],
  ['cm', 'centimetro', 'centimetros', 'centimeter', 'centimeters', 'centimetre', 'centimetres'],
  ['m', 'mt', 'mts', 'metro', 'metros', 'meter', 'meters', 'metre', 'metres'],
  ['l', 'lt', 'lts', 'litro', 'litros', 'liter', 'liters', 'litre', 'litres'],
  ['ml', 'mililitro', 'mililitros', 'milliliter', 'milliliters', 'millilitre', 'millilitres'],
  ['kg', 'kgs', 'kilo', 'kilos', 'kilogramo', 'kilogramos', 'kilogram', 'kilograms'],
  ['g', 'gr', 'grs', 'gramo', 'gramos', 'gram', 'grams'],
  ['oz', 'onza', 'onzas', 'ounce', 'ounces'],
];

/**
 * Inch words: catalogs write inches as `"` (8"), which is no word, so after a number these say
 * nothing a product's text could match; the number is what is searched.
 */
export const INCH_WORDS: ReadonlySet<string> = new Set(['pulgada', 'pulgadas', 'plg', 'inch', 'inches']);

const indexGroups = (groups: readonly (readonly string[])[]): Map<string, readonly string[]> => {
  const index = new Map<string, string[]>();
  for (const group of groups) {
    for (const word of group) {
      const known = index.get(word) ?? [];
      index.set(word, [...new Set([...known, ...group])]);
    }
  }
  return index;
};

const SYNONYMS = indexGroups(SYNONYM_GROUPS);
const UNITS = indexGroups(UNIT_GROUPS);

/** The spellings of a unit word ("lts" → l, lt, lts, litro, …), or null when it is no unit. */
export const unitSpellings = (word: string): readonly string[] | null => UNITS.get(word) ?? null;

/** The word and the words a search treats as the same (the word first). */
export const synonymsOf = (word: string): readonly string[] => {
  const found = new Set([word, ...(SYNONYMS.get(word) ?? []), ...(ONE_WAY[word] ?? [])]);
  return [...found];
};
