// Builds (scripts/build.js) when a source that goes into the build is newer than the last build,
// so that `npm start` and `npm run cli` always run what the sources say.
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const stamp = join(root, 'dist', '.build-stamp');

/** Newest modification time of the sources that go into the build (not tests). */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!['test', 'testing'].includes(entry.name)) newest = Math.max(newest, newestSource(path));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

function ensureBuild() {
  const sources = ['apps', 'libs'].map((dir) => newestSource(join(root, dir)));
  if (!existsSync(stamp) || Math.max(...sources) > statSync(stamp).mtimeMs) {
    execFileSync(process.execPath, [join(__dirname, 'build.js')], { cwd: root, stdio: 'inherit' });
  }
}

module.exports = { root, ensureBuild };
