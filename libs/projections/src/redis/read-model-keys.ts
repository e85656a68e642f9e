/**
 * Where the read models live in Redis, all under `<prefix>:rm:`:
 *
 *   <prefix>:rm:<document key>   one JSON document (`lot:<lotId>`, `registrant:<id>:lots`, ...)
 *   <prefix>:rm:checkpoint       global position of the last event applied, as a decimal string
 *   <prefix>:rm:runner:lease     which runner projects (its connection id and a random token)
 *   <prefix>:rm:runner:status    the runner's progress, as JSON
 *
 * The documents and the checkpoint are the read models; the runner's two keys are not, and
 * survive a rebuild.
 */
export class ReadModelKeys {
  readonly root: string;
  readonly checkpoint: string;
  readonly lease: string;
  readonly status: string;
  /** SCAN pattern of every key above. */
  readonly pattern: string;
  private readonly runner: string;

  constructor(prefix: string) {
    this.root = `${prefix}:rm:`;
    this.checkpoint = `${this.root}checkpoint`;
    this.runner = `${this.root}runner:`;
    this.lease = `${this.runner}lease`;
    this.status = `${this.runner}status`;
    this.pattern = `${this.root}*`;
  }

  document(key: string): string {
    return this.root + key;
  }

  /** A document's key, or the checkpoint: what a rebuild deletes and rewrites. */
  isReadModel(key: string): boolean {
    return key.startsWith(this.root) && !key.startsWith(this.runner);
  }
}
