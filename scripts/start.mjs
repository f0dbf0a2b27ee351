// `npm start`: compile when dist/ is missing or older than src/ (and the checkout kit when its build is), then run the compiled server.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const entry = path.join(root, 'dist', 'server.js');
const buildInfo = path.join(root, 'dist', '.tsbuildinfo');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

if (!existsSync(entry) || !existsSync(buildInfo) || statSync(buildInfo).mtimeMs < newestMtime(path.join(root, 'src'))) {
  process.stdout.write('building (tsc)...\n');
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
}
const kit = path.join(root, 'clients', 'browser');
const kitBuild = path.join(kit, 'dist', 'checkout.iife.js');
if (!existsSync(kitBuild) || statSync(kitBuild).mtimeMs < newestMtime(path.join(kit, 'src'))) {
  process.stdout.write('building the checkout kit (esbuild)...\n');
  execFileSync(process.execPath, [path.join(kit, 'build.mjs')], { cwd: root, stdio: 'inherit' });
}
await import(entry);
