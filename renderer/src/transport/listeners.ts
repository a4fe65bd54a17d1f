/** A tiny listener set; each add returns its own unsubscribe. */
export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();

  add(cb: (value: T) => void): () => void {
    this.set.add(cb);
    return () => this.set.delete(cb);
  }

  emit(value: T): void {
    for (const cb of [...this.set]) cb(value);
  }
}
