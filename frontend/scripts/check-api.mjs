// Fails when src/lib/api/schema.d.ts differs from what openapi-typescript generates from the
// committed OpenAPI description.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = join(mkdtempSync(join(tmpdir(), 'seforce-api-')), 'schema.d.ts');
execFileSync('npx', ['openapi-typescript', '../openapi/openapi.json', '-o', out], { stdio: 'ignore' });
const fresh = readFileSync(out, 'utf8');
const committed = readFileSync('src/lib/api/schema.d.ts', 'utf8');
if (fresh !== committed) {
  console.error('src/lib/api/schema.d.ts is stale: run `npm run gen:api` (or `make openapi`)');
  process.exit(1);
}
console.log('generated API types: no drift');
