// Subresource Integrity for the CDN build (UI-10): the SHA-384 of a file as an `integrity` value.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** `sha384-<base64>` of `data`, the form a `<script integrity>` attribute takes. */
export function sri(data) {
  return `sha384-${createHash('sha384').update(data).digest('base64')}`;
}

/**
 * A rollup plugin that writes `<entry>.sri` next to each entry chunk once it is on disk, so the
 * value covers the exact bytes a CDN serves (after minification and the source-map comment).
 */
export function sriFile() {
  return {
    name: 'signin-sri',
    writeBundle(options, bundle) {
      const dir = options.dir ?? dirname(options.file);
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || !chunk.isEntry) continue;
        const file = join(dir, chunk.fileName);
        writeFileSync(`${file}.sri`, `${sri(readFileSync(file))}\n`);
      }
    },
  };
}
