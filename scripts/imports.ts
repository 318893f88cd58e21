/**
 * `npm run imports`: the shape of src/ as its import graph shows it. Prints the folders, the imports
 * that climb back up a layer (see LAYERS), imports between top-level folders that form a cycle, file
 * cycles, and the largest files. The architecture test asserts the same facts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Top-level entries of src/, highest layer first. A file may import only its own folder and folders
 * of lower layers, so dependencies between concepts run one way: home and alerts may use incidents
 * and paging, incidents may use paging, and paging knows nothing of either; where a lower concept
 * needs something of a higher one (paging telling a page's owner it was acknowledged), the lower one
 * defines an interface that the higher one implements, registered in app/.
 */
export const LAYERS: string[][] = [
  ['main.ts', 'cli'],
  ['app', 'localSlack'],
  ['listeners'],
  ['home'],
  ['alerts'],
  ['postmortem'],
  ['incidents'],
  ['paging'],
  ['contact'],
  ['schedules'],
  ['outbox'],
  ['runtime'],
  ['slack', 'db', 'providers', 'slackSimulator'],
  ['config'],
  ['time', 'common', 'generated'],
];

export interface ImportEdge {
  from: string;
  to: string;
}

export interface ImportFigures {
  files: number;
  folders: number;
  edges: ImportEdge[];
  /** Imports from a file into a higher layer than its own. */
  climbing: ImportEdge[];
  /** Imports between two top-level folders that import each other (directly or through others). */
  folderCycleEdges: ImportEdge[];
  fileCycles: string[][];
  largest: { file: string; lines: number }[];
}

function listTs(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'generated' ? [] : listTs(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

function resolveImport(from: string, spec: string): string | null {
  const base = path.normalize(path.join(path.dirname(from), spec));
  for (const candidate of [base.endsWith('.ts') ? base : `${base}.ts`, path.join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      /* try the next form */
    }
  }
  return null;
}

/** The top-level entry of src/ a file belongs to (`incidents`, `app.ts`…). */
export function topOf(srcDir: string, file: string): string {
  return path.relative(srcDir, file).split(path.sep)[0];
}

export function layerOf(top: string): number {
  const i = LAYERS.findIndex((layer) => layer.includes(top));
  return i === -1 ? LAYERS.length : i;
}

export function analyseImports(srcDir: string): ImportFigures {
  const files = listTs(srcDir);
  const edges: ImportEdge[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const to = resolveImport(file, m[1]);
      if (to && !to.includes(`${path.sep}generated${path.sep}`)) edges.push({ from: file, to });
    }
  }
  const rel = (f: string) => path.relative(srcDir, f);
  const climbing = edges.filter((e) => layerOf(topOf(srcDir, e.to)) < layerOf(topOf(srcDir, e.from)));

  // Folder graph and its strongly connected components (Tarjan).
  const folderOf = (f: string) => topOf(srcDir, f);
  const graph = new Map<string, Set<string>>();
  for (const e of edges) {
    const a = folderOf(e.from);
    const b = folderOf(e.to);
    if (a === b) continue;
    if (!graph.has(a)) graph.set(a, new Set());
    graph.get(a)!.add(b);
  }
  const component = stronglyConnected(graph);
  const folderCycleEdges = edges.filter((e) => {
    const a = folderOf(e.from);
    const b = folderOf(e.to);
    return a !== b && component.get(a) !== undefined && component.get(a) === component.get(b);
  });

  const fileGraph = new Map<string, Set<string>>();
  for (const e of edges) {
    if (!fileGraph.has(e.from)) fileGraph.set(e.from, new Set());
    fileGraph.get(e.from)!.add(e.to);
  }
  const fileComponent = stronglyConnected(fileGraph);
  const groups = new Map<number, string[]>();
  for (const [file, c] of fileComponent) groups.set(c, [...(groups.get(c) ?? []), rel(file)]);
  const fileCycles = [...groups.values()].filter((g) => g.length > 1);

  const folders = new Set(files.map((f) => path.dirname(rel(f))));
  const largest = files
    .map((f) => ({ file: rel(f), lines: readFileSync(f, 'utf8').split('\n').length }))
    .sort((a, b) => b.lines - a.lines)
    .slice(0, 5);
  return {
    files: files.length,
    folders: folders.size,
    edges: edges.map((e) => ({ from: rel(e.from), to: rel(e.to) })),
    climbing: climbing.map((e) => ({ from: rel(e.from), to: rel(e.to) })),
    folderCycleEdges: folderCycleEdges.map((e) => ({ from: rel(e.from), to: rel(e.to) })),
    fileCycles,
    largest,
  };
}

function stronglyConnected(graph: Map<string, Set<string>>): Map<string, number> {
  let index = 0;
  let next = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result = new Map<string, number>();
  const visit = (v: string) => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const members: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        members.push(w);
      } while (w !== v);
      // Only components of two or more are cycles.
      if (members.length > 1) for (const m of members) result.set(m, next);
      next++;
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return result;
}

if (require.main === module) {
  const srcDir = path.resolve(process.argv[2] ?? 'src');
  const f = analyseImports(srcDir);
  console.log(`files ${f.files}, folders ${f.folders}, imports ${f.edges.length}`);
  console.log(`imports climbing a layer: ${f.climbing.length}`);
  for (const e of f.climbing.slice(0, 20)) console.log(`  ${e.from} → ${e.to}`);
  console.log(`imports inside a folder-level cycle: ${f.folderCycleEdges.length}`);
  for (const e of f.folderCycleEdges.slice(0, 40)) console.log(`  ${e.from} → ${e.to}`);
  console.log(`file cycles: ${f.fileCycles.length}`);
  console.log(`largest files: ${f.largest.map((l) => `${l.file} (${l.lines})`).join(', ')}`);
}
