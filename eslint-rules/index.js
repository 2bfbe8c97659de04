// Forkbench's own lint rules for the architecture (DESIGN.md, docs/architecture.md):
//   forkbench/layers    an import may only point to a layer the table allows
//   forkbench/no-cycle  no file is reachable from itself through imports (type-only included)
import { relative } from 'node:path';
import { ROOT, importsOf, resolveImport } from './imports.js';

const rel = (file) => relative(ROOT, file).split('\\').join('/');

/** The layer of a repo-relative path: the longest listed folder it lies in. */
function layerOf(path, layers) {
  let best = null;
  for (const name of Object.keys(layers))
    if ((path === name || path.startsWith(name + '/')) && (!best || name.length > best.length))
      best = name;
  return best;
}

function importNodes(context, check) {
  const visit = (node) => {
    const source = node.source;
    if (source && typeof source.value === 'string') check(node, source.value);
  };
  return {
    ImportDeclaration: visit,
    ExportNamedDeclaration: visit,
    ExportAllDeclaration: visit,
    ImportExpression: visit,
  };
}

const layers = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports point only in the allowed direction between layers' },
    schema: [
      { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
    ],
    messages: { denied: '{{from}} may not import {{to}} ({{target}}); allowed: {{allowed}}.' },
  },
  create(context) {
    const table = context.options[0] ?? {};
    const file = context.filename;
    const from = layerOf(rel(file), table);
    if (!from) return {};
    return importNodes(context, (node, spec) => {
      const target = resolveImport(file, spec);
      if (!target) return;
      const to = layerOf(rel(target), table);
      if (!to || to === from || table[from].includes(to)) return;
      context.report({
        node: node.source,
        messageId: 'denied',
        data: { from, to, target: rel(target), allowed: table[from].join(', ') || 'nothing' },
      });
    });
  },
};

/** A path from `start` back to `goal` through imports, or null. */
function cycleThrough(start, goal) {
  const seen = new Set();
  const stack = [[start, [start]]];
  while (stack.length > 0) {
    const [file, path] = stack.pop();
    for (const next of importsOf(file)) {
      if (next === goal) return path;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push([next, [...path, next]]);
    }
  }
  return null;
}

const noCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'No import cycles between files, type-only imports included' },
    schema: [],
    messages: { cycle: 'import cycle: {{cycle}}' },
  },
  create(context) {
    const file = context.filename;
    return importNodes(context, (node, spec) => {
      const target = resolveImport(file, spec);
      if (!target) return;
      const back = target === file ? [] : cycleThrough(target, file);
      if (back === null) return;
      const cycle = [file, ...back, file].map(rel).join(' → ');
      context.report({ node: node.source, messageId: 'cycle', data: { cycle } });
    });
  },
};

export default { rules: { layers, 'no-cycle': noCycle } };
