import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';

/** The parts of an OpenAPI 3.1 document the conformance check reads. */
export interface OpenApiDocument {
  readonly openapi: string;
  readonly paths: Readonly<Record<string, Readonly<Record<string, OpenApiOperation>>>>;
  readonly components?: { readonly schemas?: Readonly<Record<string, unknown>> };
}

export interface OpenApiOperation {
  readonly security?: readonly unknown[];
  readonly responses: Readonly<Record<string, OpenApiResponse>>;
}

interface OpenApiResponse {
  readonly description: string;
  readonly headers?: Readonly<Record<string, unknown>>;
  readonly content?: Readonly<Record<string, { readonly schema?: Record<string, unknown> }>>;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** A response as read off the wire: the body is consumed once, so it is read before checking. */
export interface ObservedResponse {
  readonly status: number;
  readonly contentType: string | null;
  readonly headers: Headers;
  readonly body: Uint8Array;
}

export async function observe(response: Response): Promise<ObservedResponse> {
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    headers: response.headers,
    body: new Uint8Array(await response.arrayBuffer()),
  };
}

// ajv-formats is CommonJS: TypeScript sees its module object as the default import, Node its function.
const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? (addFormatsModule as unknown as FormatsPlugin);

const COMPONENTS_ID = 'urn:openapi:components';

/** A copy of `value` whose `#/components/schemas/X` references point into the schema registered as COMPONENTS_ID. */
function withComponentRefs<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withComponentRefs) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, member]) => [
      key,
      key === '$ref' && typeof member === 'string' && member.startsWith('#/components/schemas/')
        ? `${COMPONENTS_ID}#/$defs/${member.slice('#/components/schemas/'.length)}`
        : withComponentRefs(member),
    ]),
  ) as T;
}

const baseMediaType = (contentType: string): string => contentType.split(';')[0]!.trim().toLowerCase();
const isJsonMediaType = (mediaType: string): boolean => mediaType === 'application/json' || mediaType.endsWith('+json');

/** `image/png` matches a declared `image/png` or `image/*` (OpenAPI media type ranges). */
const declaredMediaTypeFor = (declared: readonly string[], actual: string): string | undefined =>
  declared.find((candidate) => candidate === actual) ??
  declared.find((candidate) => candidate.endsWith('/*') && actual.startsWith(candidate.slice(0, -1))) ??
  declared.find((candidate) => candidate === '*/*');

/**
 * Checks real responses against an OpenAPI 3.1 document: the status must be declared for the
 * operation (no `default` to hide behind), the content type must be one declared for it (none
 * for a response declared without content), a JSON body must satisfy the declared schema (Ajv,
 * JSON Schema 2020-12, as OpenAPI 3.1 uses), a text body its string schema, and the headers
 * declared for the status must be present. Returns what is wrong, empty when it conforms.
 */
export class OpenApiConformance {
  readonly #ajv: Ajv2020;
  readonly #validators = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {
    this.#ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats(this.#ajv);
    // OpenAPI's own format for file contents: any bytes.
    this.#ajv.addFormat('binary', true);
    // The document's named schemas, for the `#/components/schemas/…` references of its answers.
    this.#ajv.addSchema({ $id: COMPONENTS_ID, $defs: withComponentRefs(document.components?.schemas ?? {}) });
  }

  operation(method: string, pathTemplate: string): OpenApiOperation | undefined {
    return this.document.paths[pathTemplate]?.[method.toLowerCase()];
  }

  check(method: string, pathTemplate: string, response: ObservedResponse): string[] {
    const where = `${method.toUpperCase()} ${pathTemplate} → ${response.status}`;
    const operation = this.operation(method, pathTemplate);
    if (!operation) return [`${where}: the document has no such operation`];
    const problems: string[] = [];
    // A catch-all would declare any status: it is a fault itself, and never stands in for the status.
    if ('default' in operation.responses) problems.push(`${where}: the operation declares a catch-all "default" response`);
    // An exact status first, then its range (`4XX`), as OpenAPI reads them.
    const declared = operation.responses[String(response.status)] ?? operation.responses[`${Math.floor(response.status / 100)}XX`];
    if (!declared) return [...problems, `${where}: status not declared (declared: ${Object.keys(operation.responses).join(', ')})`];

    for (const header of Object.keys(declared.headers ?? {})) {
      if (!response.headers.has(header)) problems.push(`${where}: declared header ${header} is missing`);
    }
    const content = declared.content ?? {};
    const declaredTypes = Object.keys(content);
    if (declaredTypes.length === 0) {
      if (response.body.byteLength > 0) problems.push(`${where}: declared without a body but has ${response.body.byteLength} bytes`);
      return problems;
    }
    // `*/*` (an integration's own answer) admits no body at all too.
    if (response.body.byteLength === 0 && !response.contentType && declaredTypes.includes('*/*')) return problems;
    if (!response.contentType) return [...problems, `${where}: no Content-Type (declared: ${declaredTypes.join(', ')})`];
    const actual = baseMediaType(response.contentType);
    const mediaType = declaredMediaTypeFor(declaredTypes, actual);
    if (!mediaType) return [...problems, `${where}: Content-Type ${actual} not declared (declared: ${declaredTypes.join(', ')})`];
    const schema = content[mediaType]!.schema;
    if (!schema) return [...problems, `${where}: ${mediaType} declared without a schema`];

    let value: unknown;
    if (isJsonMediaType(actual)) {
      try {
        value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(response.body));
      } catch (error) {
        return [...problems, `${where}: the ${actual} body is not JSON (${(error as Error).message})`];
      }
    } else if (actual.startsWith('text/')) {
      value = new TextDecoder('utf-8', { fatal: true }).decode(response.body);
    } else if (mediaType === '*/*') {
      return problems;
    } else {
      // Binary content (images): nothing to validate but that there is some.
      if (response.body.byteLength === 0) problems.push(`${where}: empty ${actual} body`);
      return problems;
    }
    const validate = this.#validator(`${method} ${pathTemplate} ${response.status} ${mediaType}`, schema);
    if (!validate(value)) {
      for (const error of validate.errors ?? []) {
        problems.push(`${where}: body ${error.instancePath || '(root)'} ${error.message} ${JSON.stringify(error.params)}`);
      }
    }
    return problems;
  }

  #validator(key: string, schema: Record<string, unknown>): ValidateFunction {
    let validate = this.#validators.get(key);
    if (!validate) {
      validate = this.#ajv.compile(withComponentRefs(schema));
      this.#validators.set(key, validate);
    }
    return validate;
  }
}
