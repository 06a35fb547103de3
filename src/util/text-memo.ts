// What a computation made of a text (parsed templates, parsed YAML), kept by that text. A chart is
// rendered many times with other values (the optional-image search, values' proofs) and most of
// its texts repeat verbatim, so each is parsed once. Bounded by the characters of the texts held:
// when full it starts over (a new chart's texts replace the last one's).
export class TextMemo<T> {
  private readonly kept = new Map<string, T>();
  private chars = 0;

  constructor(private readonly maxChars: number) {}

  get(text: string): T | undefined {
    return this.kept.get(text);
  }

  /** What `make` makes of `text`, made once while it is kept. */
  of(text: string, make: (text: string) => T): T {
    const kept = this.kept.get(text);
    if (kept !== undefined) return kept;
    const value = make(text);
    this.set(text, value);
    return value;
  }

  set(text: string, value: T): void {
    if (this.chars + text.length > this.maxChars) this.clear();
    this.kept.set(text, value);
    this.chars += text.length;
  }

  clear(): void {
    this.kept.clear();
    this.chars = 0;
  }
}
