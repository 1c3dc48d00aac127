/** The product's build: the bench measures dist/, so it rebuilds it when a source file is newer. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Newest modification time of the files under `dir` that `include` accepts (bounded walk). */
function newestMtimeMs(dir: string, include: (path: string) => boolean): number {
  let newest = 0;
  const stack = [dir];
  for (let visited = 0; stack.length > 0 && visited < 10_000; visited++) {
    const current = stack.pop();
    if (current === undefined) break;
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) stack.push(path);
      else if (include(path)) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

/** Builds the product (`npm run build`) when dist/main.js is missing or older than a source file. */
export function ensureProductBuilt(productDir: string): void {
  const main = join(productDir, 'dist', 'main.js');
  const sources = newestMtimeMs(join(productDir, 'src'), (path) => path.endsWith('.ts') && !path.endsWith('.spec.ts'));
  if (existsSync(main) && statSync(main).mtimeMs >= sources) return;
  process.stdout.write(
    `dist/ is ${existsSync(main) ? 'older than src/' : 'missing'}: running npm run build in ${productDir}\n`,
  );
  const build = spawnSync('npm', ['run', 'build'], { cwd: productDir, stdio: 'inherit', timeout: 180_000 });
  if (build.status !== 0) throw new Error('npm run build failed: the bench needs dist/main.js (see the output above)');
}
