import Ajv, { type ValidateFunction } from 'ajv';
import request from 'supertest';

interface MediaType {
  schema?: object;
}
interface ResponseObject {
  description?: string;
  content?: Record<string, MediaType>;
}
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { responses?: Record<string, ResponseObject> }>>;
  components?: { schemas?: Record<string, object> };
}

const JSON_TYPE = 'application/json';
const API_ERROR: ResponseObject = {
  content: { [JSON_TYPE]: { schema: { $ref: '#/components/schemas/ApiErrorResponse' } } },
};
const isSuccess = (status: string) => /^2\d\d$/.test(status);

/**
 * What the document leaves out of a route's success answers: no 2xx at all, a 2xx that says
 * neither "no body" (204) nor what its body is, or a JSON body without a schema.
 */
export function undocumentedSuccesses(document: OpenApiDocument): string[] {
  const problems: string[] = [];
  for (const [path, operations] of Object.entries(document.paths))
    for (const [method, operation] of Object.entries(operations)) {
      const route = `${method.toUpperCase()} ${path}`;
      const successes = Object.entries(operation.responses ?? {}).filter(([status]) =>
        isSuccess(status),
      );
      if (successes.length === 0) problems.push(`${route}: no 2xx answer`);
      for (const [status, response] of successes) {
        const content = Object.entries(response.content ?? {});
        if (status !== '204' && content.length === 0)
          problems.push(`${route} ${status}: no content type`);
        for (const [type, media] of content)
          if (type === JSON_TYPE && !media.schema) problems.push(`${route} ${status}: no schema`);
      }
    }
  return problems;
}

/** An answer of the API, as supertest gives it. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  text?: string;
}

/**
 * Checks real answers against the responses the document gives their route: status,
 * content type, and a JSON body against its schema (the contracts' own, generated; ajv).
 */
export class ResponseValidator {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {
    // The components under one id, so that `#/components/schemas/X` resolves inside them.
    this.ajv.addSchema({ $id: 'openapi.json', components: document.components ?? {} });
  }

  /**
   * Why the answer does not match its documented response; null when it does. A success must
   * be documented; an error, whatever its status, is an ApiErrorResponse unless the route
   * documents another body for it (the health check's 503).
   */
  check(method: string, route: string, answer: Answer): string | null {
    const status = String(answer.status);
    // Node's HTTP parser refuses some requests before the app sees them (a 431 for headers too
    // large, as the fuzz test sends): no content type, no body, nothing of the API's.
    if (answer.status >= 400 && !answer.headers['content-type'] && !answer.text) return null;
    const documented = this.document.paths[route]?.[method]?.responses?.[status];
    const response =
      answer.status >= 400 && !documented?.content?.[JSON_TYPE] ? API_ERROR : documented;
    if (!response) return `${status} is not documented`;
    const content = response.content ?? {};
    const types = Object.keys(content);
    const contentType = answer.headers['content-type'] ?? '';
    if (types.length === 0)
      return answer.text ? `a ${status} with a body, documented without one` : null;
    const type = types.find((candidate) => contentType.startsWith(candidate));
    if (!type) return `answered ${contentType || 'no content type'}, documented ${types}`;
    if (type !== JSON_TYPE) return null;
    const validate = this.validator(`${method} ${route} ${status}`, content[type].schema ?? {});
    if (validate(answer.body)) return null;
    const reasons = (validate.errors ?? []).map(
      ({ instancePath, message, params }) =>
        `body${instancePath} ${message}${'additionalProperty' in params ? `: ${params['additionalProperty']}` : ''}`,
    );
    return [...new Set(reasons)].join('; ');
  }

  private validator(key: string, schema: object): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      const rooted = JSON.parse(
        JSON.stringify(schema).replaceAll('"#/components/', '"openapi.json#/components/'),
      );
      validate = this.ajv.compile(rooted);
      this.compiled.set(key, validate);
    }
    return validate;
  }
}

type Agent = ReturnType<typeof request>;

/**
 * Every answer a test app gives through supertest, checked when the app closes against the
 * responses its own OpenAPI document gives their route: so each integration test
 * proves the contracts describe what it received, not only the authorization matrix.
 */
export class AnswerRecorder {
  private readonly answers: Array<{ method: string; url: string; answer: Answer }> = [];

  /** The agent, recording the answers of the requests made through it. */
  watch(agent: Agent): Agent {
    return new Proxy(agent, {
      get: (target, property, receiver) => {
        const value = Reflect.get(target, property, receiver);
        if (typeof property !== 'string' || !HTTP_METHODS.has(property)) return value;
        return (url: string) => {
          const test = (value as (url: string) => request.Test).call(target, url);
          test.on('response', (answer: Answer) =>
            this.answers.push({ method: property, url: test.url, answer }),
          );
          return test;
        };
      },
    });
  }

  /** What the recorded answers do not match in the document; [] when all do. */
  async mismatches(agent: Agent): Promise<string[]> {
    if (this.answers.length === 0) return [];
    const document: OpenApiDocument = (await agent.get('/api/openapi.json')).body;
    const validator = new ResponseValidator(document);
    const routes = routeMatchers(document);
    const problems = new Set<string>();
    for (const { method, url, answer } of this.answers) {
      const path = new URL(url).pathname;
      const route = routes.find((r) => r.pattern.test(path) && document.paths[r.route][method]);
      const mismatch = route && validator.check(method, route.route, answer);
      if (mismatch)
        problems.add(`${method.toUpperCase()} ${route.route} ${answer.status}: ${mismatch}`);
    }
    return [...problems];
  }
}

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** The document's paths as patterns, literal segments first (`/proposals/queue` before `{id}`). */
function routeMatchers(document: OpenApiDocument) {
  return Object.keys(document.paths)
    .map((route) => ({
      route,
      parameters: (route.match(/\{/g) ?? []).length,
      pattern: new RegExp(
        `^${route.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`,
      ),
    }))
    .sort((a, b) => a.parameters - b.parameters);
}
