import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeMarkup, markupToPlainText, parseMarkup } from '../../src/index.js';

describe('neutral markup', () => {
  it('parses bold, italic, strikethrough, links and line breaks', () => {
    expect(parseMarkup('*Hola* _vos_\n~~$ 10~~ [web](https://shop.example/a_b)')).toEqual([
      { type: 'bold', children: [{ type: 'text', text: 'Hola' }] },
      { type: 'text', text: ' ' },
      { type: 'italic', children: [{ type: 'text', text: 'vos' }] },
      { type: 'newline' },
      { type: 'strike', children: [{ type: 'text', text: '$ 10' }] },
      { type: 'text', text: ' ' },
      { type: 'link', url: 'https://shop.example/a_b', children: [{ type: 'text', text: 'web' }] },
    ]);
  });

  it('nests different spans but never the same one', () => {
    expect(parseMarkup('*a _b_ c*')).toEqual([
      {
        type: 'bold',
        children: [
          { type: 'text', text: 'a ' },
          { type: 'italic', children: [{ type: 'text', text: 'b' }] },
          { type: 'text', text: ' c' },
        ],
      },
    ]);
  });

  it('keeps anything that does not close as plain text', () => {
    expect(parseMarkup('2 * 3 = 6, [nota] y ** vacío')).toEqual([{ type: 'text', text: '2 * 3 = 6, [nota] y ** vacío' }]);
    expect(parseMarkup('_abierto sin cerrar')).toEqual([{ type: 'text', text: '_abierto sin cerrar' }]);
    expect(markupToPlainText(parseMarkup('precio_final [ver](no url)'))).toBe('precio_final [ver](no url)');
  });

  it('escapes user text so it always reads back literally', () => {
    expect(escapeMarkup('Mate *imperial* [x]_~\\')).toBe('Mate \\*imperial\\* \\[x\\]\\_\\~\\\\');
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(markupToPlainText(parseMarkup(escapeMarkup(text)))).toBe(text);
      }),
    );
  });

  it('keeps escaped user text inside formatting (names are trimmed first)', () => {
    fc.assert(
      fc.property(
        fc
          .string({ minLength: 1 })
          .map((text) => text.trim())
          .filter((text) => text !== ''),
        (name) => {
          const [node, ...rest] = parseMarkup(`*${escapeMarkup(name)}*`);
          expect(rest).toEqual([]);
          expect(node?.type).toBe('bold');
          expect(markupToPlainText(node && 'children' in node ? node.children : [])).toBe(name);
        },
      ),
    );
  });

  it('never throws and never invents text, whatever it is given', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('*', '_', '~', '[', ']', '(', ')', '\\', '\n', ' ', 'a', 'h') }), (text) => {
        expect(markupToPlainText(parseMarkup(text)).length).toBeLessThanOrEqual(text.length);
      }),
    );
  });
});
