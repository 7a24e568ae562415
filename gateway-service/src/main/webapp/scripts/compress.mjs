// Writes a .br and a .gz beside every text asset of the build, so the gateway serves compressed bytes without
// compressing on each request (routing.WebAssets picks the variant the browser accepts), and files.txt, the list of
// what the build produced (a jar's classpath cannot be listed).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = new URL('../../../../target/classes/webapp', import.meta.url).pathname;
const compressible = /\.(js|css|html|svg|json|map|txt)$/;

const files = [];

function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      walk(path);
      continue;
    }
    files.push(relative(root, path));
    if (compressible.test(name)) {
      const bytes = readFileSync(path);
      writeFileSync(path + '.br', brotliCompressSync(bytes, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
      }));
      writeFileSync(path + '.gz', gzipSync(bytes, { level: 9 }));
    }
  }
}

walk(root);
writeFileSync(join(root, 'files.txt'), files.join('\n') + '\n');
