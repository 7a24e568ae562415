// Lints EchoTune's OpenAPI documents with @redocly/cli (recommended rules; errors fail, warnings are printed) and
// checks that the public document and the services' documents describe the same operations.
// Run after the module build (the documents are written to <module>/target/openapi at build time):
//   npm ci --prefix deploy/openapi-lint && node deploy/openapi-lint/lint.mjs
// docs/operations.md "OpenAPI documents" says what each check means and how to read a failure.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const BACKENDS = ['chat-service', 'llm-router-service', 'recommender-service', 'playlist-service',
  'ingestion-service', 'insights-service'];
// The hand-written public document, and the gateway's stored copy of what /q/openapi serves from it.
const PUBLIC_SOURCE = join(repo, 'gateway-service', 'src', 'main', 'resources', 'META-INF', 'openapi.yaml');
const PUBLIC_SERVED = join(repo, 'gateway-service', 'target', 'openapi', 'openapi.json');
// Paths the gateway answers itself (PublicDocumentRoutesTest checks them against its resources); every other public
// operation is forwarded and must be one of a service's own.
const GATEWAY_OWNED = [/^\/auth\//, /^\/oauth\//, /^\/api\/v1\/auth\//, /^\/api\/v1\/me(\/|$)/, /^\/api\/v1\/admin\/partners(\/|$)/];
// What a service serves beside the public API: service-to-service calls (never routed by the gateway).
const NOT_PUBLIC = [/^\/internal\//, /^\/q\//];
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

function fail(message) {
  console.error(`openapi-lint: ${message}`);
  process.exit(1);
}

const documents = [PUBLIC_SOURCE, PUBLIC_SERVED, ...BACKENDS.map((m) => join(repo, m, 'target', 'openapi', 'openapi.json'))];
const absent = documents.filter((file) => !existsSync(file));
if (absent.length > 0) {
  fail(`no document at ${absent.map((f) => relative(repo, f)).join(', ')}: build the modules first (mvn package)`);
}

// One redocly process for all documents (its start-up is most of the time).
const redocly = join(here, 'node_modules', '.bin', 'redocly');
if (!existsSync(redocly)) {
  fail('@redocly/cli is not installed: npm ci --prefix deploy/openapi-lint');
}
const lint = spawnSync(redocly, ['lint', '--format=stylish', ...documents.map((f) => relative(repo, f))],
  { cwd: repo, encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true' } });
// One line per problem, without redocly's boxed notices (a Node.js deprecation banner) and its repeated preamble.
const summary = `${lint.stdout}${lint.stderr}`.split('\n')
  .filter((line) => line.trim() !== '' && !/[║╔╚]|^No configurations were provided/.test(line)).join('\n');
console.log(summary);
if (lint.status !== 0) {
  fail('the documents above have errors (details: npx --prefix deploy/openapi-lint redocly lint <file>)');
}

function operations(file) {
  const document = JSON.parse(readFileSync(file, 'utf8'));
  const found = new Set();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      if (item[method]) {
        found.add(`${method.toUpperCase()} ${path.replace(/\{[^}]*}/g, '{}')}`);
      }
    }
  }
  return found;
}

const pathOf = (operation) => operation.slice(operation.indexOf(' ') + 1);
const publicOperations = operations(PUBLIC_SERVED);
const served = new Map();
for (const module of BACKENDS) {
  for (const operation of operations(join(repo, module, 'target', 'openapi', 'openapi.json'))) {
    served.set(operation, module);
  }
}
const problems = [];
for (const operation of publicOperations) {
  if (!GATEWAY_OWNED.some((re) => re.test(pathOf(operation))) && !served.has(operation)) {
    problems.push(`${operation} is in the public document, but no service serves it`);
  }
}
for (const [operation, module] of served) {
  if (!NOT_PUBLIC.some((re) => re.test(pathOf(operation))) && !publicOperations.has(operation)) {
    problems.push(`${operation} (${module}) is missing from the public document`);
  }
}
if (problems.length > 0) {
  fail(`the public document and the services disagree:\n  ${problems.join('\n  ')}`);
}
console.log(`openapi-lint: ${documents.length} documents lint clean; the public document's ${publicOperations.size} `
  + `operations match the gateway's own and the services' ${served.size}`);
