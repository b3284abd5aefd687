/** Escapes text for HTML element content and quoted attribute values. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** A data: URL of bytes, the only kind of URL the worker lets a document load. */
export const dataUrl = (mimeType: string, bytes: Uint8Array | string): string =>
  `data:${mimeType};base64,${Buffer.from(bytes).toString('base64')}`;
