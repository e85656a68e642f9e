import type { ReadModelDocument } from '../model/documents';

/**
 * The documents a writer last read or wrote, most recently used last, up to `capacity`: what Redis
 * holds for them as long as the checkpoint is still the one they go with, since anything else that
 * changes the read models (another runner, a rebuild, a FLUSHALL) moves or removes the checkpoint.
 * They spare a rebuild from reading back, batch after batch, the documents it just wrote.
 */
export class WrittenDocuments {
  private readonly documents = new Map<string, ReadModelDocument>();
  private checkpoint: string | null = null;

  constructor(private readonly capacity: number) {}

  /** Keeps the documents only if they go with `checkpoint`. */
  keepIfAt(checkpoint: string | null): void {
    if (checkpoint !== this.checkpoint) this.forget();
  }

  has(key: string): boolean {
    return this.documents.has(key);
  }

  get(key: string): ReadModelDocument | undefined {
    return this.documents.get(key);
  }

  /** What Redis holds once the checkpoint is `checkpoint`. */
  remember(documents: Iterable<[string, ReadModelDocument]>, checkpoint: string): void {
    for (const [key, document] of documents) {
      this.documents.delete(key);
      this.documents.set(key, document);
    }
    for (const key of this.documents.keys()) {
      if (this.documents.size <= this.capacity) break;
      this.documents.delete(key);
    }
    this.checkpoint = checkpoint;
  }

  forget(): void {
    this.documents.clear();
    this.checkpoint = null;
  }
}
