/**
 * A Spring Boot configuration read the way Spring binds it: key spellings are relaxed
 * (`core-size`, `coreSize`, `core_size` and `CORESIZE` are one key), dotted keys (`mj.api-secret: x`)
 * and list indexes (`accounts[0].guild-id`) mean nesting, and later YAML documents override earlier
 * ones. Every value read is marked, so what was never read can be listed as not migrated.
 */
export interface Leaf {
  /** The key path as the file spells it, for messages. */
  path: string;
  value: unknown;
}

/** `guild-id` → `guildid`: Spring's relaxed form of a key. */
export const relaxed = (key: string): string => key.replace(/[-_]/g, '').toLowerCase();

const INDEX = /^\[(\d+)\]$/;

/** `mj.accounts[0].guild-id` → ['mj', 'accounts', '[0]', 'guild-id']. */
function splitKey(key: string): string[] {
  return key.split('.').flatMap((part) => part.split(/(?=\[\d+\])/)).filter((part) => part !== '');
}

export class SpringTree {
  private readonly leaves = new Map<string, Leaf>();
  private readonly read = new Set<string>();

  /** @param documents the YAML documents of the file, in order */
  constructor(documents: readonly unknown[]) {
    for (const document of documents) this.add(document, [], []);
  }

  /** The value at a relaxed path (`mj.apisecret`), marked as read; undefined when absent. */
  take(path: string): unknown {
    const leaf = this.leaves.get(path);
    if (leaf === undefined) return undefined;
    this.read.add(path);
    return leaf.value;
  }

  /** The key as the file spells it (`mj.accounts[0].core-size`), for messages. */
  spelling(path: string): string {
    return this.leaves.get(path)?.path ?? path;
  }

  /** The list indexes present under a relaxed path (`mj.accounts` → [0, 1]). */
  indexes(path: string): number[] {
    const found = new Set<number>();
    for (const key of this.leaves.keys()) {
      if (!key.startsWith(`${path}.[`)) continue;
      const index = INDEX.exec(key.slice(path.length + 1).split('.')[0] ?? '');
      if (index?.[1] !== undefined) found.add(Number(index[1]));
    }
    return [...found].sort((a, b) => a - b);
  }

  has(prefix: string): boolean {
    return [...this.leaves.keys()].some((key) => key === prefix || key.startsWith(`${prefix}.`));
  }

  /** Marks everything under a prefix as read (values consumed as a whole, or deliberately ignored). */
  consume(prefix: string): void {
    for (const key of this.leaves.keys()) if (key === prefix || key.startsWith(`${prefix}.`)) this.read.add(key);
  }

  /** The leaves nobody read, with their relaxed paths. */
  unread(): (Leaf & { relaxedPath: string })[] {
    return [...this.leaves].filter(([key]) => !this.read.has(key)).map(([relaxedPath, leaf]) => ({ ...leaf, relaxedPath }));
  }

  private add(node: unknown, relaxedPath: string[], path: string[]): void {
    if (Array.isArray(node)) {
      node.forEach((item, i) => this.add(item, [...relaxedPath, `[${i}]`], [...path, `[${i}]`]));
      return;
    }
    if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        const parts = splitKey(key);
        this.add(value, [...relaxedPath, ...parts.map((part) => (INDEX.test(part) ? part : relaxed(part)))], [...path, ...parts]);
      }
      return;
    }
    const key = relaxedPath.join('.');
    this.leaves.set(key, { path: path.join('.').replace(/\.\[/g, '['), value: node });
  }
}
