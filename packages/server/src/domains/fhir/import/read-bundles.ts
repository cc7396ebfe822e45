import fs from 'node:fs/promises';
import path from 'node:path';
import { NotFound } from '../../../errors.ts';
import { BundleRejected } from './parse-bundle.ts';

/**
 * The files an import reads: each path is a bundle file, or a folder whose `.json` files are
 * bundles (in name order, not descending into sub-folders). Throws NotFound, before anything
 * is imported, for a path that does not exist or a folder with no bundles.
 */
export async function listBundleFiles(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const given of paths) {
    const stat = await fs.stat(given).catch(() => undefined);
    if (!stat) {
      throw new NotFound(
        `There is no file or folder at "${given}" (looked in ${path.resolve(given)}). Check the path and try again.`,
      );
    }
    if (!stat.isDirectory()) {
      files.push(given);
      continue;
    }
    const names = (await fs.readdir(given, { withFileTypes: true }))
      .filter((item) => item.isFile() && item.name.toLowerCase().endsWith('.json'))
      .map((item) => item.name)
      .sort();
    if (names.length === 0)
      throw new NotFound(
        `The folder "${given}" has no .json files to import. Point at the folder of the bundles.`,
      );
    files.push(...names.map((name) => path.join(given, name)));
  }
  return files;
}

/** Reads one file as JSON; a file that is not JSON is a rejected bundle. */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new BundleRejected([
      {
        message: `could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}). Check its permissions.`,
      },
    ]);
  }
  try {
    return JSON.parse(text);
  } catch {
    // The parser's own message quotes the file's text, which may be a patient's data.
    throw new BundleRejected([
      { message: 'is not JSON. Export the bundle as FHIR JSON (not XML or NDJSON).' },
    ]);
  }
}
