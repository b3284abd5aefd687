import { XMLParser } from 'fast-xml-parser';

/** Elements that repeat in ARCA's answers: always read as arrays. */
const REPEATED = new Set(['Err', 'Obs', 'Evt', 'FECAEDetResponse', 'AlicIva', 'Tributo', 'CbteAsoc']);

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (name) => REPEATED.has(name),
});

/** A parsed element: children by local name (namespace prefixes dropped), text as strings. */
export type XmlNode = { readonly [name: string]: XmlNode | XmlNode[] | string | undefined };

export const parseXml = (xml: string): XmlNode => parser.parse(xml) as XmlNode;

export const node = (value: XmlNode | XmlNode[] | string | undefined): XmlNode | undefined =>
  value !== undefined && typeof value === 'object' && !Array.isArray(value) ? value : undefined;

export const nodes = (value: XmlNode | XmlNode[] | string | undefined): XmlNode[] =>
  Array.isArray(value) ? value : value !== undefined && typeof value === 'object' ? [value] : [];

export const text = (value: XmlNode | XmlNode[] | string | undefined): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';

export const escapeXml = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** An ordered element tree: `[name, text | children]`; children in the order ARCA's xs:sequence wants. */
export type XmlElement = readonly [string, string | number | readonly XmlElement[]];

export const toXml = (elements: readonly XmlElement[]): string =>
  elements.map(([name, value]) => `<${name}>${typeof value === 'object' ? toXml(value) : escapeXml(String(value))}</${name}>`).join('');
