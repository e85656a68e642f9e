import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * The dependency rules of architecture.md section 7, checked on every import of every source file:
 * libs never import apps, apps never import each other, `libs/ledger` imports nothing outside
 * itself, `libs/compliance` only `libs/ledger`, `libs/exports` only those two and `libs/event-store`, a library is reached through its alias only, and
 * only `libs/config` reads the environment.
 */
const root = resolve(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"]([^'"]+)['"]/g;
const importsOf = (file: string) => [...readFileSync(join(root, file), 'utf8').matchAll(IMPORT)].map((m) => m[1]);

/** `apps/api`, `libs/ledger`, ...: the project a file or resolved path belongs to. */
const projectOf = (path: string) => path.split(sep).slice(0, 2).join('/');

interface Edge {
  file: string;
  from: string;
  specifier: string;
  /** The project imported, or null for a package. */
  to: string | null;
}

const edges: Edge[] = ['apps', 'libs'].flatMap(sourceFiles).flatMap((file) =>
  importsOf(file).map((specifier) => {
    const alias = /^@lib\/([a-z-]+)$/.exec(specifier);
    const to = specifier.startsWith('.')
      ? projectOf(relative(root, resolve(root, dirname(file), specifier)))
      : alias
        ? `libs/${alias[1]}`
        : null;
    return { file, from: projectOf(file), specifier, to };
  }),
);

const isTestCode = (file: string) => /(^|\/)(test|testing)\//.test(file) || file.endsWith('.spec.ts');

const describeEdge = (e: Edge) => `${e.file} imports '${e.specifier}'`;

describe('layer rules', () => {
  it('finds the imports it checks', () => {
    expect(edges.filter((e) => e.from === 'apps/api' && e.to === 'libs/ledger').length).toBeGreaterThan(10);
  });

  it('libs never import apps', () => {
    expect(edges.filter((e) => e.from.startsWith('libs/') && e.to?.startsWith('apps/')).map(describeEdge)).toEqual([]);
  });

  it('apps never import each other', () => {
    expect(
      edges.filter((e) => e.from.startsWith('apps/') && e.to?.startsWith('apps/') && e.to !== e.from).map(describeEdge),
    ).toEqual([]);
  });

  it('libs/ledger imports nothing outside itself: no framework, no I/O, no other library', () => {
    expect(edges.filter((e) => e.from === 'libs/ledger' && e.to !== 'libs/ledger').map(describeEdge)).toEqual([]);
  });

  it('libs/compliance imports libs/ledger only', () => {
    const allowed = new Set(['libs/compliance', 'libs/ledger']);
    expect(edges.filter((e) => e.from === 'libs/compliance' && !allowed.has(e.to ?? '')).map(describeEdge)).toEqual([]);
  });

  it('libs/exports imports only the ledger, compliance and event-store libraries: no framework, no app', () => {
    const allowed = new Set(['libs/exports', 'libs/ledger', 'libs/compliance', 'libs/event-store']);
    // Its specs may share the repository's test support, as every test may.
    expect(
      edges
        .filter(
          (e) =>
            e.from === 'libs/exports' &&
            e.to !== null &&
            !allowed.has(e.to) &&
            !(isTestCode(e.file) && e.to === 'test/support'),
        )
        .map(describeEdge),
    ).toEqual([]);
    expect(edges.filter((e) => e.from === 'libs/exports' && /^@nestjs\//.test(e.specifier)).map(describeEdge)).toEqual(
      [],
    );
  });

  it('another project is reached through its alias, never by a relative path into its internals', () => {
    // Tests may share the repository's test support (test/support) by path.
    const sharedTestSupport = (e: Edge) => isTestCode(e.file) && e.to === 'test/support';
    expect(
      edges.filter((e) => e.specifier.startsWith('.') && e.to !== e.from && !sharedTestSupport(e)).map(describeEdge),
    ).toEqual([]);
  });

  it('only libs/config reads process.env', () => {
    const readers = ['apps', 'libs']
      .flatMap(sourceFiles)
      .filter(
        (file) =>
          !file.startsWith(join('libs', 'config')) && readFileSync(join(root, file), 'utf8').includes('process.env'),
      );
    expect(readers).toEqual([]);
  });

  it('only the EventStoreDB adapter imports @eventstore/db-client (besides the protocol fake in test/support)', () => {
    const importers = ['apps', 'libs', 'test']
      .flatMap(sourceFiles)
      .filter((file) => !file.startsWith(join('test', 'support')))
      .filter((file) => importsOf(file).some((specifier) => /^@eventstore\/db-client(\/|$)/.test(specifier)));
    expect(importers).toEqual([join('libs', 'event-store', 'src', 'esdb', 'esdb.event-store.ts')]);
  });
});
