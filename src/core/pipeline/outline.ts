// The shape of a pipeline text with offsets: arrays with their items, documents with their keys, and
// every other value as a span. Built from our position-only tokens (see tokens.ts), so validation
// messages can point at the stage or key they are about. Tolerant: a broken text gives a partial outline.
import type { Token } from './tokens';

export interface Span {
  from: number;
  to: number;
}

export type OutlineNode =
  | (Span & { kind: 'array'; items: OutlineNode[]; holes: Span[] })
  | (Span & { kind: 'object'; entries: OutlineEntry[] })
  | (Span & { kind: 'value'; tokens: Token[] });

export interface OutlineEntry {
  /** The key as the parser sees it (quotes removed, escapes decoded); '' for a computed key. */
  key: string;
  keySpan: Span;
  computed: boolean;
  value?: OutlineNode;
}

export function buildOutline(tokens: readonly Token[]): OutlineNode | undefined {
  const p = { i: 0 };
  return tokens.length ? parseNode(tokens, p) : undefined;
}

const isPunct = (t: Token | undefined, s: string): boolean => t !== undefined && t.kind === 'punct' && t.text === s;

function parseNode(tokens: readonly Token[], p: { i: number }): OutlineNode {
  const first = tokens[p.i];
  if (isPunct(first, '[')) return parseArray(tokens, p);
  if (isPunct(first, '{')) return parseObject(tokens, p);
  return parseValue(tokens, p);
}

function parseArray(tokens: readonly Token[], p: { i: number }): OutlineNode {
  const open = tokens[p.i++];
  const items: OutlineNode[] = [];
  const holes: Span[] = [];
  let to = open.end;
  let afterItem = false;
  while (p.i < tokens.length) {
    const t = tokens[p.i];
    if (isPunct(t, ']')) {
      to = t.end;
      p.i++;
      break;
    }
    if (isPunct(t, ',')) {
      if (!afterItem) holes.push({ from: t.start, to: t.end });
      afterItem = false;
      p.i++;
      continue;
    }
    afterItem = true;
    const before = p.i;
    const item = parseNode(tokens, p);
    items.push(item);
    to = item.to;
    if (p.i === before) p.i++; // never stall on a stray token
  }
  return { kind: 'array', from: open.start, to, items, holes };
}

function parseObject(tokens: readonly Token[], p: { i: number }): OutlineNode {
  const open = tokens[p.i++];
  const entries: OutlineEntry[] = [];
  let to = open.end;
  while (p.i < tokens.length) {
    const t = tokens[p.i];
    if (isPunct(t, '}')) {
      to = t.end;
      p.i++;
      break;
    }
    if (isPunct(t, ',')) {
      p.i++;
      continue;
    }
    const entry = parseEntry(tokens, p);
    if (!entry) {
      p.i++;
      continue;
    }
    entries.push(entry);
    to = entry.value?.to ?? entry.keySpan.to;
  }
  return { kind: 'object', from: open.start, to, entries };
}

function parseEntry(tokens: readonly Token[], p: { i: number }): OutlineEntry | undefined {
  const t = tokens[p.i];
  let entry: OutlineEntry;
  if (isPunct(t, '[')) {
    // A computed key `[expr]: v`: skip to its closing bracket.
    let depth = 0;
    const start = t.start;
    let end = t.end;
    while (p.i < tokens.length) {
      const u = tokens[p.i++];
      if (isPunct(u, '[')) depth++;
      if (isPunct(u, ']') && --depth === 0) {
        end = u.end;
        break;
      }
    }
    entry = { key: '', keySpan: { from: start, to: end }, computed: true };
  } else if (t.kind === 'ident' || t.kind === 'string' || t.kind === 'number') {
    p.i++;
    const key = t.kind === 'number' ? String(Number(t.text)) : t.text;
    entry = { key, keySpan: { from: t.start, to: t.end }, computed: false };
  } else {
    return undefined;
  }
  if (isPunct(tokens[p.i], ':')) {
    p.i++;
    if (p.i < tokens.length && !isPunct(tokens[p.i], '}') && !isPunct(tokens[p.i], ',')) {
      entry.value = parseNode(tokens, p);
    }
  } else if (!isPunct(tokens[p.i], ',') && !isPunct(tokens[p.i], '}')) {
    // A method `k() {...}` or something else the parser refuses: record its span as the value.
    entry.value = parseValue(tokens, p);
  }
  return entry;
}

/** Any other value: the tokens up to the next `,` `]` `}` outside brackets. */
function parseValue(tokens: readonly Token[], p: { i: number }): OutlineNode {
  const start = p.i;
  let depth = 0;
  while (p.i < tokens.length) {
    const t = tokens[p.i];
    if (t.kind === 'punct') {
      if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
      else if (t.text === ')' || t.text === ']' || t.text === '}') {
        if (depth === 0) break;
        depth--;
      } else if (t.text === ',' && depth === 0) break;
    }
    p.i++;
  }
  const own = tokens.slice(start, Math.max(p.i, start + 1));
  const from = own[0]?.start ?? 0;
  const to = own[own.length - 1]?.end ?? from;
  if (p.i === start) p.i++;
  return { kind: 'value', from, to, tokens: own };
}

/** The node at a path of array indexes and object keys (the last entry with that key, as the parser keeps). */
export function nodeAt(root: OutlineNode | undefined, path: readonly (string | number)[]): OutlineNode | undefined {
  let node = root;
  for (const step of path) {
    if (!node) return undefined;
    if (typeof step === 'number') node = node.kind === 'array' ? node.items[step] : undefined;
    else node = node.kind === 'object' ? lastEntry(node, step)?.value : undefined;
  }
  return node;
}

export function lastEntry(node: OutlineNode, key: string): OutlineEntry | undefined {
  if (node.kind !== 'object') return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) if (node.entries[i].key === key) return node.entries[i];
  return undefined;
}

/** Every object entry in the outline, depth first, with its path. */
export function* entries(
  node: OutlineNode | undefined,
  path: (string | number)[] = [],
): Generator<{ entry: OutlineEntry; owner: OutlineNode; path: (string | number)[] }> {
  if (!node) return;
  if (node.kind === 'array') {
    for (let i = 0; i < node.items.length; i++) yield* entries(node.items[i], [...path, i]);
  } else if (node.kind === 'object') {
    for (const entry of node.entries) {
      yield { entry, owner: node, path };
      yield* entries(entry.value, [...path, entry.key]);
    }
  }
}
