import { AdapterError } from '@mostrador/core';
import { describe, expect, it } from 'vitest';
import { toInlineKeyboard } from '../src/keyboard.js';
import { allParts, renderMarkup } from '../src/render.js';

const html = (text: string) => allParts(renderMarkup(text, 4096));

describe('renderMarkup', () => {
  it('escapes what HTML would read and renders bold, italic, strike and links', () => {
    expect(html('*Remera <b> & "Co"*')).toEqual(['<b>Remera &lt;b&gt; &amp; "Co"</b>']);
    expect(html('_hoy_ ~~$ 10.000~~ *$ 8.000*\n[Pagar](https://mp.example/p?a=1&b="2")')).toEqual([
      '<i>hoy</i> <s>$ 10.000</s> <b>$ 8.000</b>\n<a href="https://mp.example/p?a=1&amp;b=&quot;2&quot;">Pagar</a>',
    ]);
    expect(html('*negrita con _cursiva_ adentro*')).toEqual(['<b>negrita con <i>cursiva</i> adentro</b>']);
    expect(html('[abrir](tg://resolve?domain=shop) [mal](javascript:void)')).toEqual(['<a href="tg://resolve?domain=shop">abrir</a> mal']);
    expect(html('precio \\*sin\\* formato')).toEqual(['precio *sin* formato']);
  });

  it('splits long texts on line breaks, closing and reopening tags, within the limit of read characters', () => {
    const line = `${'a'.repeat(9)}\n`;
    const rendered = renderMarkup(`*${line.repeat(3)}*`, 25);

    expect(rendered.first).toBe(`<b>${'a'.repeat(9)}\n${'a'.repeat(9)}</b>`);
    expect(rendered.rest).toEqual([`<b>${'a'.repeat(9)}</b>`]);
  });

  it('cuts words only when a part has no space or line break to cut at, and never inside an emoji', () => {
    expect(allParts(renderMarkup('x'.repeat(10), 4))).toEqual(['xxxx', 'xxxx', 'xx']);
    expect(allParts(renderMarkup('aaa😀b', 4))).toEqual(['aaa', '😀b']);
    expect(allParts(renderMarkup('uno dos tres', 8))).toEqual(['uno dos', 'tres']);
  });

  it('uses a smaller first part for captions', () => {
    const rendered = renderMarkup('uno dos tres cuatro cinco', 8, 100);
    expect(rendered).toEqual({ first: 'uno dos', rest: ['tres cuatro cinco'] });
  });

  it('renders nothing for blank texts', () => {
    expect(renderMarkup('', 10)).toEqual({ first: '', rest: [] });
    expect(allParts(renderMarkup('  \n ', 10))).toEqual([]);
  });
});

describe('toInlineKeyboard', () => {
  it('wraps long rows at 8 and keeps URL buttons', () => {
    const row = Array.from({ length: 10 }, (_, i) => ({ id: `p:${i}`, label: String(i) }));
    const keyboard = toInlineKeyboard([row, [{ url: 'https://shop.example', label: 'Web' }]]);

    expect(keyboard?.inline_keyboard.map((r) => r.length)).toEqual([8, 2, 1]);
    expect(keyboard?.inline_keyboard[2]).toEqual([{ text: 'Web', url: 'https://shop.example' }]);
    expect(toInlineKeyboard(undefined)).toBeNull();
    expect(toInlineKeyboard([[]])).toBeNull();
  });

  it('refuses callback data over 64 bytes, more than 100 buttons and unsafe URLs', () => {
    const many = Array.from({ length: 101 }, (_, i) => ({ id: `p:${i}`, label: String(i) }));
    for (const choices of [
      [[{ id: 'x'.repeat(65), label: 'x' }]],
      [many],
      [[{ url: 'javascript:alert(1)', label: 'x' }]],
      [[{ id: '', label: 'x' }]],
    ]) {
      expect(() => toInlineKeyboard(choices)).toThrow(AdapterError);
    }
    expect(toInlineKeyboard([[{ id: 'x'.repeat(64), label: 'x' }]])).not.toBeNull();
  });
});
