/**
 * A binary-safe multipart/form-data parser for a fully buffered body.
 *
 * It accepts what real clients send, including grammY's terse form
 * (`content-disposition:form-data;name="x";filename=photo.jpg`, lower-case,
 * no spaces, unquoted file name) as well as the RFC 7578 form browsers use.
 */

export interface MultipartPart {
  name: string;
  /** Present for file parts. */
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export class MultipartError extends Error {}

/** Extracts the boundary from a Content-Type header, or undefined when it is not multipart. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data/i.test(contentType.trim())) return undefined;
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  const crlfDelimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
  const lfDelimiter = Buffer.from(`\n--${boundary}`, 'latin1');
  const parts: MultipartPart[] = [];
  let position = body.indexOf(delimiter);
  if (position < 0) throw new MultipartError('multipart boundary not found in body');

  for (;;) {
    let cursor = position + delimiter.length;
    // "--" right after a delimiter closes the body; anything after is epilogue.
    if (body[cursor] === 0x2d && body[cursor + 1] === 0x2d) break;
    cursor = skipLineEnd(body, cursor);
    const { headersEnd, dataStart } = findHeaderEnd(body, cursor);
    const headers = parseHeaders(body.subarray(cursor, headersEnd).toString('utf8'));
    // The data ends at CRLF + delimiter; the delimiter alone may legally occur inside binary data.
    let dataEnd = body.indexOf(crlfDelimiter, dataStart - 2);
    let next = dataEnd + 2;
    if (dataEnd < 0) {
      dataEnd = body.indexOf(lfDelimiter, dataStart - 1);
      next = dataEnd + 1;
    }
    if (dataEnd < 0) throw new MultipartError('unterminated multipart body');
    if (dataEnd < dataStart) dataEnd = dataStart;

    const disposition = headers.get('content-disposition');
    if (!disposition) throw new MultipartError('part without content-disposition');
    const params = parseDisposition(disposition);
    const name = params.get('name');
    if (name === undefined) throw new MultipartError('part without a name');
    const part: MultipartPart = { name, data: Buffer.from(body.subarray(dataStart, dataEnd)) };
    const filename = params.get('filename*') ?? params.get('filename');
    if (filename !== undefined) part.filename = filename;
    const contentType = headers.get('content-type');
    if (contentType !== undefined) part.contentType = contentType;
    parts.push(part);
    position = next;
  }
  return parts;
}

function skipLineEnd(body: Buffer, at: number): number {
  let cursor = at;
  // Tolerate transport padding (spaces/tabs) after the delimiter, as RFC 2046 allows.
  while (body[cursor] === 0x20 || body[cursor] === 0x09) cursor++;
  if (body[cursor] === 0x0d && body[cursor + 1] === 0x0a) return cursor + 2;
  if (body[cursor] === 0x0a) return cursor + 1;
  throw new MultipartError('malformed boundary line');
}

/** Where the part's header block ends and its data starts (after the blank line). */
function findHeaderEnd(body: Buffer, from: number): { headersEnd: number; dataStart: number } {
  // A part with no headers at all starts directly with the blank line.
  if (body[from] === 0x0d && body[from + 1] === 0x0a) return { headersEnd: from, dataStart: from + 2 };
  if (body[from] === 0x0a) return { headersEnd: from, dataStart: from + 1 };
  const crlf = body.indexOf('\r\n\r\n', from, 'latin1');
  const lf = body.indexOf('\n\n', from, 'latin1');
  if (crlf >= 0 && (lf < 0 || crlf <= lf)) return { headersEnd: crlf, dataStart: crlf + 4 };
  if (lf >= 0) return { headersEnd: lf, dataStart: lf + 2 };
  throw new MultipartError('unterminated part headers');
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function parseDisposition(value: string): Map<string, string> {
  const params = new Map<string, string>();
  let rest = value.replace(/^\s*form-data\s*/i, '');
  while (rest.length > 0) {
    rest = rest.replace(/^[\s;]+/, '');
    const eq = rest.indexOf('=');
    if (eq < 0) break;
    const key = rest.slice(0, eq).trim().toLowerCase();
    rest = rest.slice(eq + 1).trimStart();
    let raw: string;
    if (rest.startsWith('"')) {
      let end = 1;
      let out = '';
      while (end < rest.length && rest[end] !== '"') {
        // Browsers escape quotes as %22, curl and others as \" : accept both.
        if (rest[end] === '\\' && end + 1 < rest.length) end++;
        out += rest[end];
        end++;
      }
      raw = out;
      rest = rest.slice(end + 1);
    } else if (key === 'filename') {
      // grammY writes the file name unquoted and last: it may contain ';' or spaces.
      raw = rest.trim();
      rest = '';
    } else {
      const semi = rest.indexOf(';');
      raw = (semi < 0 ? rest : rest.slice(0, semi)).trim();
      rest = semi < 0 ? '' : rest.slice(semi);
    }
    params.set(key, key.endsWith('*') ? decodeExtValue(raw) : raw);
  }
  return params;
}

/** RFC 5987 `charset'lang'percent-encoded` values (filename*=UTF-8''...). */
function decodeExtValue(raw: string): string {
  const match = /^[^']*'[^']*'(.*)$/.exec(raw);
  try {
    return decodeURIComponent(match?.[1] ?? raw);
  } catch {
    return raw;
  }
}
