import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/** Evaluates `script` in a new Node process that has the hook loaded, and returns its stdout. */
function runWithHook(script: string): string {
  return execFileSync(process.execPath, ['-r', join(__dirname, 'register-ts.js'), '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
  });
}

describe('register-ts', () => {
  it('resolves the @lib aliases of tsconfig.json to TypeScript sources and runs them', () => {
    const printed = runWithHook(`process.stdout.write(require('@lib/event-store').canonicalJson({ b: 1, a: [2] }))`);
    expect(printed).toBe('{"a":[2],"b":1}');
  });

  it('emits the decorator metadata that Nest injection reads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'register-ts-'));
    try {
      const file = join(dir, 'decorated.ts');
      writeFileSync(
        file,
        `const Injectable = (): ClassDecorator => () => undefined;
         export class Clock {}
         @Injectable() export class Service { constructor(readonly clock: Clock) {} }`,
      );
      const printed = runWithHook(
        `require('reflect-metadata');
         const { Clock, Service } = require(${JSON.stringify(file)});
         process.stdout.write(String(Reflect.getMetadata('design:paramtypes', Service)[0] === Clock))`,
      );
      expect(printed).toBe('true');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
