// Holds the REST answers the node suite receives to docs/openapi.yaml, as the Java black-box tests do
// (OpenApiContract): the status must be one the operation lists (or one any request may meet, per the document's
// x-securevox-any-route-errors), the content type one of its media types and a JSON body valid against its schema.
// Validator: Ajv's JSON Schema 2020-12 build (maintained; OpenAPI 3.1 schemas are 2020-12 schemas); the document is
// added to it whole under one id, so the schemas' $refs resolve inside it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import YAML from 'yaml';

const DOCUMENT_ID = 'https://securevox.invalid/openapi.json';
const document = YAML.parse(readFileSync(fileURLToPath(new URL('../../../../docs/openapi.yaml', import.meta.url)), 'utf8'));
// strict: false, because the document's own keys (paths, info, ...) are not JSON Schema keywords.
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema(document, DOCUMENT_ID);

const routes = Object.entries(document.paths)
  .map(([template, item]) => ({
    template,
    item,
    params: (template.match(/\{/g) || []).length,
    pattern: new RegExp(`^${template.split(/(\{[^}]+\})/).map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))).join('')}$`),
  }))
  // A literal path before a template that matches it too.
  .sort((a, b) => a.params - b.params);

const pointer = (...parts) => parts.map((p) => String(p).replaceAll('~', '~0').replaceAll('/', '~1')).map(encodeURIComponent).join('/');

function resolve(node) {
  if (!node || !node.$ref) return node;
  return node.$ref.slice(2).split('/').reduce((at, key) => at[key.replaceAll('~1', '/').replaceAll('~0', '~')], document);
}

function fail(request, problem, text) {
  const shown = text.length > 600 ? `${text.slice(0, 600)}…` : text;
  throw new Error(`OpenAPI (docs/openapi.yaml): ${request}: ${problem}; body: ${shown}`);
}

function validate(request, ref, text) {
  let body;
  try {
    body = JSON.parse(text);
  } catch (e) {
    fail(request, `the body is not JSON (${e.message})`, text);
  }
  const check = ajv.getSchema(`${DOCUMENT_ID}#${ref}`);
  if (!check(body)) fail(request, `the body does not match #${ref}: ${ajv.errorsText(check.errors)}`, text);
  return body;
}

function validateError(request, type, text) {
  if (type !== 'application/json') fail(request, 'an error without the API\'s JSON error body', text);
  return validate(request, '/components/schemas/Error', text);
}

/** Whether the answer is one any request may meet before its route (checked as such). */
function anyRouteError(request, status, type, text) {
  const codes = document['x-securevox-any-route-errors']?.[String(status)];
  if (!codes) return false;
  const code = validateError(request, type, text).error.code;
  if (!codes.includes(code)) fail(request, `error code ${code} is none of the route's nor those any route may answer ${status} with`, text);
  return true;
}

/**
 * Throws when an answer of the server is not what the document describes.
 * @param {string} method the request's method
 * @param {string} path the request's path (a query is ignored)
 * @param {{status: number, headers: object, text: string}} res as httpRequest resolves it
 */
export function checkResponse(method, path, res) {
  const verb = method.toUpperCase();
  const bare = decodeURIComponent(path.split('?')[0]);
  if (verb === 'OPTIONS' || bare.startsWith('/socket.io/')) return;
  const request = `${verb} ${bare} → ${res.status}`;
  const type = (res.headers['content-type'] || '').split(';')[0].trim().toLowerCase();
  const route = routes.find((r) => r.pattern.test(bare));
  if (!route) {
    if (bare.startsWith('/api/') && res.status !== 404) fail(request, 'the path is no route of the document, yet it was not answered 404', res.text);
    if (res.status >= 400) validateError(request, type, res.text);
    return;
  }
  const operation = route.item[verb === 'HEAD' ? 'get' : verb.toLowerCase()];
  if (!operation) {
    if (anyRouteError(request, res.status, type, res.text)) return;
    if (res.status !== 405 && res.status !== 404) fail(request, `${route.template} has no ${verb} in the document, yet it was not answered 405`, res.text);
    validateError(request, type, res.text);
    return;
  }
  const listed = operation.responses[String(res.status)];
  if (!listed) {
    if (anyRouteError(request, res.status, type, res.text)) return;
    fail(request, `${verb} ${route.template} lists ${Object.keys(operation.responses).join(', ')} (not ${res.status})`, res.text);
  }
  const response = resolve(listed);
  for (const [name, header] of Object.entries(response.headers || {})) {
    if (resolve(header).required && res.headers[name.toLowerCase()] === undefined) fail(request, `header ${name} missing`, res.text);
  }
  if (!response.content) {
    if (res.text !== '') fail(request, 'the document describes no body for it', res.text);
    return;
  }
  if (!response.content[type]) fail(request, `content type ${type || '(none)'} (expected: one of ${Object.keys(response.content).join(', ')})`, res.text);
  if (verb === 'HEAD' || type !== 'application/json') return;
  const where = listed.$ref
    ? `${listed.$ref.slice(1)}/content/${pointer(type)}/schema`
    : `/${pointer('paths', route.template, verb.toLowerCase(), 'responses', res.status, 'content', type, 'schema')}`;
  validate(request, where, res.text);
}
