/*
 * Just enough XML for SOAP requests: elements (prefixes dropped: ARCA's clients send different
 * namespaces, the service matches local names), attributes, text, CDATA, entities. No DTDs.
 */

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

export class XmlError extends Error {}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export const decodeEntities = (text: string): string =>
  text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return ENTITIES[entity] ?? whole;
  });

export const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const localName = (qualified: string): string => qualified.slice(qualified.indexOf(':') + 1);

export const parseXml = (xml: string): XmlElement => {
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  const token =
    /<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<\/\s*([\w.:-]+)\s*>|<([\w.:-]+)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  let match: RegExpExecArray | null;
  let consumed = 0;
  // biome-ignore lint/suspicious/noAssignInExpressions: the classic tokenizer loop
  while ((match = token.exec(xml)) !== null) {
    if (match.index !== consumed) throw new XmlError(`malformed XML at offset ${consumed}`);
    consumed = token.lastIndex;
    const top = stack[stack.length - 1] as XmlElement;
    const [whole, cdata, closing, opening, attrs, selfClosing, text] = match;
    if (cdata !== undefined) top.text += cdata;
    else if (closing !== undefined) {
      if (stack.length < 2 || top.name !== localName(closing)) throw new XmlError(`unexpected </${closing}>`);
      stack.pop();
    } else if (opening !== undefined) {
      const attributes: Record<string, string> = {};
      for (const attr of (attrs ?? '').matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        attributes[attr[1] as string] = decodeEntities(attr[2] ?? attr[3] ?? '');
      }
      const element: XmlElement = { name: localName(opening), attributes, children: [], text: '' };
      top.children.push(element);
      if (selfClosing !== '/') stack.push(element);
    } else if (text !== undefined) top.text += decodeEntities(text);
    else if (whole.startsWith('<!DOCTYPE')) throw new XmlError('DTDs are not accepted');
  }
  if (consumed !== xml.length || stack.length !== 1) throw new XmlError('unterminated XML');
  const element = root.children[0];
  if (!element || root.children.length > 1) throw new XmlError('an XML document has one root element');
  return element;
};

export const child = (element: XmlElement | undefined, name: string): XmlElement | undefined =>
  element?.children.find((c) => c.name === name);

export const childrenNamed = (element: XmlElement | undefined, name: string): XmlElement[] =>
  element?.children.filter((c) => c.name === name) ?? [];

/** Trimmed text of a child element, undefined when absent. */
export const textOf = (element: XmlElement | undefined, name: string): string | undefined => {
  const found = child(element, name);
  return found === undefined ? undefined : found.text.trim();
};

/** Serializes `{ Tag: value }` trees as elements in key order; arrays repeat the tag; null/undefined is left out. */
export type XmlValue = string | number | null | undefined | XmlTree | readonly XmlTree[];
export interface XmlTree {
  readonly [tag: string]: XmlValue;
}

export const toXml = (tree: XmlTree): string => {
  let out = '';
  for (const [tag, value] of Object.entries(tree)) {
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) for (const item of value as readonly XmlTree[]) out += `<${tag}>${toXml(item)}</${tag}>`;
    else if (typeof value === 'object') out += `<${tag}>${toXml(value as XmlTree)}</${tag}>`;
    else out += `<${tag}>${escapeXml(String(value))}</${tag}>`;
  }
  return out;
};
