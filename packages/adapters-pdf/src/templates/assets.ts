import { dataUrl, escapeHtml } from './html.js';

/** What every document shows besides its data: the shop's logo. */
export interface DocumentAssets {
  /** A data: URL (PNG, JPEG or SVG); null: a monogram of the shop's initial. */
  readonly logo: string | null;
}

/** A round monogram with the shop's first letter, when no logo is configured. */
export const monogram = (shop: string): string => {
  const initial = escapeHtml((shop.trim()[0] ?? 'M').toUpperCase());
  return dataUrl(
    'image/svg+xml',
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><circle cx="32" cy="32" r="31" fill="#2f6fad"/>` +
      `<text x="32" y="43" font-family="DejaVu Sans, sans-serif" font-size="32" font-weight="bold" fill="#fff" text-anchor="middle">${initial}</text></svg>`,
  );
};

export const logoOf = (assets: DocumentAssets, shop: string): string => assets.logo ?? monogram(shop);
