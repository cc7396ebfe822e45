// Builds the web app when its build is missing or was made from other sources than the ones in
// the working tree. `npm start` calls it; run it directly to build by hand.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const webRoot = path.join(root, 'packages/web');
const distDir = path.join(webRoot, 'dist');
const hashFile = path.join(distDir, '.source-hash');

// Everything the build's output depends on. A change to any of these makes the build stale.
const sources = [
  path.join(webRoot, 'src'),
  path.join(webRoot, 'index.html'),
  path.join(webRoot, 'public'),
  path.join(webRoot, 'vite.config.ts'),
  path.join(webRoot, 'widget.vite.config.ts'),
  path.join(webRoot, 'postcss.config.cjs'),
  path.join(webRoot, 'package.json'),
  path.join(root, 'packages/contracts/src'),
];

function filesUnder(entry: string): string[] {
  if (!fs.existsSync(entry)) return [];
  if (!fs.statSync(entry).isDirectory()) return [entry];
  return fs
    .readdirSync(entry, { withFileTypes: true })
    .flatMap((child) => filesUnder(path.join(entry, child.name)))
    .filter((file) => !/\.test\.tsx?$/.test(file));
}

/** A fingerprint of the web app's sources: their paths and contents. */
export function webSourceHash(): string {
  const hash = createHash('sha256');
  for (const file of sources.flatMap(filesUnder).sort()) {
    hash.update(path.relative(root, file));
    hash.update(fs.readFileSync(file));
  }
  return hash.digest('hex');
}

/** Builds packages/web into packages/web/dist when the build is missing or stale. */
export async function ensureWebBuild(
  options: { onProgress?: (message: string) => void; force?: boolean } = {},
): Promise<{ built: boolean; reason: string }> {
  const current = webSourceHash();
  const built = fs.existsSync(path.join(distDir, 'index.html')) && fs.existsSync(hashFile);
  let reason: string;
  if (options.force) reason = 'a rebuild was asked for';
  else if (!built) reason = 'there was no build yet';
  else if (fs.readFileSync(hashFile, 'utf8').trim() !== current)
    reason = 'its sources changed since the last build';
  else return { built: false, reason: 'the build is up to date' };

  options.onProgress?.(`Building the web app, because ${reason}...`);
  const { build } = await import('vite');
  await build({ root: webRoot, configFile: path.join(webRoot, 'vite.config.ts'), logLevel: 'warn' });
  // The chat widget second: the app's build empties the folder first.
  options.onProgress?.('Building the chat widget (widget.js)...');
  await build({ root: webRoot, configFile: path.join(webRoot, 'widget.vite.config.ts'), logLevel: 'warn' });
  fs.writeFileSync(hashFile, `${current}\n`);
  return { built: true, reason };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outcome = await ensureWebBuild({ onProgress: console.log, force: process.argv.includes('--force') });
  console.log(outcome.built ? `Built the web app into ${distDir}.` : `Nothing to do: ${outcome.reason}.`);
}
