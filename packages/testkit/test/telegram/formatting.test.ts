import { describe, expect, it } from 'vitest';
import { parseFormatted, parseMultipart, renderEntitiesHtml } from '../../src/telegram/index.js';
import { multipartBody, trickyPng } from './helpers.js';

describe('Telegram HTML parsing', () => {
  it('measures offsets in UTF-16 code units and decodes the supported entities', () => {
    const { text, entities } = parseFormatted(
      '🛒 <b>Carrito</b> &quot;x&quot; &#128512; <tg-spoiler>s</tg-spoiler> <span class="tg-spoiler">t</span>',
      'HTML',
    );
    expect(text).toBe('🛒 Carrito "x" 😀 s t');
    expect(entities).toEqual([
      { type: 'bold', offset: 3, length: 7 },
      { type: 'spoiler', offset: 18, length: 1 },
      { type: 'spoiler', offset: 20, length: 1 },
    ]);
  });

  it('reports errors with UTF-8 byte offsets', () => {
    expect(() => parseFormatted('ñandú <p>x</p>', 'HTML')).toThrow('Unsupported start tag "p" at byte offset 8');
    expect(() => parseFormatted('x </b>', 'HTML')).toThrow('Unexpected end tag at byte offset 2');
    expect(() => parseFormatted('<b x', 'HTML')).toThrow('Unclosed start tag at byte offset 0');
    expect(() => parseFormatted('<span>x</span>', 'HTML')).toThrow('must have class "tg-spoiler"');
  });

  it('keeps text verbatim without parse_mode', () => {
    expect(parseFormatted('<b>no</b>', undefined)).toEqual({ text: '<b>no</b>', entities: [] });
  });
});

describe('safe rendering', () => {
  it('nests crossing entities and escapes every character', () => {
    const html = renderEntitiesHtml('abc<d>', [
      { type: 'bold', offset: 0, length: 3 },
      { type: 'italic', offset: 1, length: 4 },
      { type: 'custom_unknown', offset: 0, length: 6 },
    ]);
    expect(html).toBe('<b>a<i>bc</i></b><i>&lt;d</i>&gt;');
  });

  it('renders only safe link schemes', () => {
    expect(renderEntitiesHtml('a', [{ type: 'text_link', offset: 0, length: 1, url: 'data:text/html,x' }])).toBe('a');
    expect(renderEntitiesHtml('b', [{ type: 'text_link', offset: 0, length: 1, url: 'tg://user?id=1' }])).toBe(
      '<a href="tg://user?id=1" target="_blank" rel="noopener noreferrer">b</a>',
    );
    expect(renderEntitiesHtml('shop.example', [{ type: 'url', offset: 0, length: 12 }])).toContain('href="http://shop.example"');
  });
});

describe('multipart parser', () => {
  it('keeps binary parts byte-exact in both header styles', () => {
    const bytes = trickyPng();
    for (const style of ['grammy', 'rfc'] as const) {
      const { body, contentType } = multipartBody(
        { chat_id: '42', caption: 'línea 1\r\nlínea 2' },
        [{ name: 'photo', filename: style === 'grammy' ? 'my photo; v2.jpg' : 'my "photo".jpg', data: bytes }],
        style,
      );
      const boundary = /boundary=(.+)$/.exec(contentType)?.[1] as string;
      const parts = parseMultipart(body, boundary);
      expect(parts.map((part) => part.name)).toEqual(['chat_id', 'caption', 'photo']);
      expect(parts[1]?.data.toString()).toBe('línea 1\r\nlínea 2');
      expect(parts[2]?.data.equals(bytes)).toBe(true);
      expect(parts[2]?.filename).toBe(style === 'grammy' ? 'my photo; v2.jpg' : 'my "photo".jpg');
    }
  });

  it('accepts empty parts and rejects a truncated body', () => {
    const { body, contentType } = multipartBody({ empty: '' }, []);
    const boundary = /boundary=(.+)$/.exec(contentType)?.[1] as string;
    expect(parseMultipart(body, boundary)).toEqual([{ name: 'empty', data: Buffer.alloc(0) }]);
    expect(() => parseMultipart(body.subarray(0, body.length - 20), boundary)).toThrow();
  });
});
