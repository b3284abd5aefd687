import { Raster } from './png.js';

type Rgb = readonly [number, number, number];

/** 5×7 glyphs for the letters and digits product initials use. */
const GLYPHS: Record<string, readonly string[]> = {
  A: ['01110', '10001', '10001', '11111', '10001', '10001', '10001'],
  B: ['11110', '10001', '10001', '11110', '10001', '10001', '11110'],
  C: ['01111', '10000', '10000', '10000', '10000', '10000', '01111'],
  D: ['11110', '10001', '10001', '10001', '10001', '10001', '11110'],
  E: ['11111', '10000', '10000', '11110', '10000', '10000', '11111'],
  F: ['11111', '10000', '10000', '11110', '10000', '10000', '10000'],
  G: ['01111', '10000', '10000', '10011', '10001', '10001', '01111'],
  H: ['10001', '10001', '10001', '11111', '10001', '10001', '10001'],
  I: ['11111', '00100', '00100', '00100', '00100', '00100', '11111'],
  J: ['00111', '00010', '00010', '00010', '10010', '10010', '01100'],
  K: ['10001', '10010', '10100', '11000', '10100', '10010', '10001'],
  L: ['10000', '10000', '10000', '10000', '10000', '10000', '11111'],
  M: ['10001', '11011', '10101', '10101', '10001', '10001', '10001'],
  N: ['10001', '11001', '10101', '10011', '10001', '10001', '10001'],
  O: ['01110', '10001', '10001', '10001', '10001', '10001', '01110'],
  P: ['11110', '10001', '10001', '11110', '10000', '10000', '10000'],
  Q: ['01110', '10001', '10001', '10001', '10101', '10010', '01101'],
  R: ['11110', '10001', '10001', '11110', '10100', '10010', '10001'],
  S: ['01111', '10000', '10000', '01110', '00001', '00001', '11110'],
  T: ['11111', '00100', '00100', '00100', '00100', '00100', '00100'],
  U: ['10001', '10001', '10001', '10001', '10001', '10001', '01110'],
  V: ['10001', '10001', '10001', '10001', '10001', '01010', '00100'],
  W: ['10001', '10001', '10001', '10101', '10101', '10101', '01010'],
  X: ['10001', '10001', '01010', '00100', '01010', '10001', '10001'],
  Y: ['10001', '10001', '01010', '00100', '00100', '00100', '00100'],
  Z: ['11111', '00001', '00010', '00100', '01000', '10000', '11111'],
  '0': ['01110', '10001', '10011', '10101', '11001', '10001', '01110'],
  '1': ['00100', '01100', '00100', '00100', '00100', '00100', '01110'],
  '2': ['01110', '10001', '00001', '00010', '00100', '01000', '11111'],
  '3': ['11110', '00001', '00001', '01110', '00001', '00001', '11110'],
  '4': ['00010', '00110', '01010', '10010', '11111', '00010', '00010'],
  '5': ['11111', '10000', '11110', '00001', '00001', '10001', '01110'],
  '6': ['01110', '10000', '10000', '11110', '10001', '10001', '01110'],
  '7': ['11111', '00001', '00010', '00100', '01000', '01000', '01000'],
  '8': ['01110', '10001', '10001', '01110', '10001', '10001', '01110'],
  '9': ['01110', '10001', '10001', '01111', '00001', '00001', '01110'],
};

const hash = (text: string): number => {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h;
};

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [
  Math.round(a[0] + (b[0] - a[0]) * t),
  Math.round(a[1] + (b[1] - a[1]) * t),
  Math.round(a[2] + (b[2] - a[2]) * t),
];

const fold = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase();

/**
 * A product picture drawn locally (the demo downloads nothing): a gradient in the category's
 * colour, a rounded card, a shape that varies per product, and the product's initials.
 */
export function drawProductImage(name: string, baseColor: Rgb, size = 320): Uint8Array {
  const raster = new Raster(size, size);
  const h = hash(name);
  const accent: Rgb = [
    (baseColor[0] + (h & 0x3f)) % 256,
    (baseColor[1] + ((h >> 6) & 0x3f)) % 256,
    (baseColor[2] + ((h >> 12) & 0x3f)) % 256,
  ];
  const light: Rgb = mix(baseColor, [255, 255, 255], 0.75);
  for (let y = 0; y < size; y++) {
    const row = mix(light, baseColor, y / size);
    for (let x = 0; x < size; x++) raster.set(x, y, row);
  }
  // A shape per product: circle, diamond or bars, centred in the upper part.
  const cx = size / 2;
  const cy = size * 0.42;
  const r = size * 0.22;
  const shape = h % 3;
  for (let y = Math.floor(cy - r); y <= cy + r; y++) {
    for (let x = Math.floor(cx - r); x <= cx + r; x++) {
      const dx = x - cx;
      const dy = y - cy;
      const inside =
        shape === 0
          ? dx * dx + dy * dy <= r * r
          : shape === 1
            ? Math.abs(dx) + Math.abs(dy) <= r
            : Math.abs(dx) <= r && Math.floor((dy + r) / (r / 3)) % 2 === 0;
      if (inside) raster.set(x, y, accent);
    }
  }
  // Initials: the first letters of the first two words, in white 5×7 glyphs scaled up.
  const initials = fold(name)
    .split(/[^A-Z0-9]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0])
    .join('');
  const scale = Math.floor(size / 32);
  const glyphWidth = 6 * scale;
  let x0 = Math.round(cx - (initials.length * glyphWidth) / 2);
  const y0 = Math.round(size * 0.74);
  for (const letter of initials) {
    const glyph = GLYPHS[letter];
    if (glyph) {
      glyph.forEach((row, gy) => {
        [...row].forEach((bit, gx) => {
          if (bit !== '1') return;
          for (let sy = 0; sy < scale; sy++)
            for (let sx = 0; sx < scale; sx++) raster.set(x0 + gx * scale + sx, y0 + gy * scale + sy, [255, 255, 255]);
        });
      });
    }
    x0 += glyphWidth;
  }
  return raster.toPng();
}
