import type { RunDetail } from '../../contract/entities';
import { WorkbenchError } from '../../contract/result';
import { age, maskLabel, num, table } from '../format';
import type { Command } from '../types';
import { UsageError } from '../types';

export const showCommand: Command = {
  name: 'show',
  readsOnly: true,
  summary: 'Show one run: config, status, metric summaries, tags, notes',
  usage: `Usage: forkbench show <run> [--json]

Arguments:
  run      the run's id (see 'forkbench list'), or its name when that is unique

Flags:
  --json   print JSON (the run, its params and all metric summaries)`,
  options: { json: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run({ positionals, values, openStore, openWorkbench, stdout }) {
    const ref = positionals[0] as string;
    const store = openStore();
    let id = /^\d+$/.test(ref) ? Number(ref) : undefined;
    if (id === undefined) {
      const byName = store.runs.list({ includeArchived: true }).filter((r) => r.name === ref);
      if (byName.length > 1)
        throw new UsageError(
          `${byName.length} runs are named '${ref}' (ids ${byName.map((r) => r.id).join(', ')}); give an id`,
        );
      id = byName[0]?.id;
      if (id === undefined) throw new WorkbenchError('not_found', `no run named '${ref}'`);
    }
    const result = await openWorkbench().call('runs.get', { id });
    if (!result.ok) throw new WorkbenchError(result.error.code, result.error.message);
    const run = result.value as RunDetail;
    const summaries = store.metrics.summaries(run.id);
    const experiment = store.experiments.get(run.experimentId);

    if (values.json === true) {
      stdout(JSON.stringify({ ...run, summaries }, null, 2));
      return 0;
    }
    const now = Date.now();
    const when = (iso: string | null) => {
      if (!iso) return '—';
      const ago = age(iso, now);
      return `${iso} (${ago === 'now' ? 'just now' : `${ago} ago`})`;
    };
    const facts: [string, string][] = [
      ['experiment', `${experiment?.name ?? '?'} (#${run.experimentId})`],
      ['status', run.status + (run.error ? ` — ${run.error}` : '')],
      ['task', run.task],
      ['mask', maskLabel(run)],
      ['seed', String(run.seed)],
      ['backend', [run.backend, run.device].filter(Boolean).join(' / ') || '—'],
      ['step', run.step === null ? '—' : String(run.step)],
      ['created', when(run.createdAt)],
      ['started', when(run.startedAt)],
      ['ended', when(run.endedAt)],
      ['heartbeat', when(run.heartbeatAt)],
      ['resumed from', run.resumedFrom === null ? '—' : `#${run.resumedFrom}`],
      ['tags', run.tags.join(', ') || '—'],
      ['archived', run.archived ? 'yes' : 'no'],
    ];
    const width = Math.max(...facts.map(([k]) => k.length));
    const out = [`Run #${run.id}  ${run.name}`, ''];
    for (const [k, v] of facts) out.push(`  ${k.padEnd(width)}  ${v}`);
    out.push('', 'Notes', run.notes ? run.notes.replace(/^/gm, '  ') : '  —', '');
    out.push('Metrics');
    out.push(
      summaries.length === 0
        ? '  (none yet)'
        : table(
            ['KEY', 'LAST', 'MIN', 'MAX', 'STEP'],
            summaries.map((s) => [s.key, num(s.last), num(s.min), num(s.max), String(s.lastStep)]),
          ).replace(/^/gm, '  '),
    );
    out.push('', 'Config');
    const params = Object.entries(run.params);
    out.push(
      params.length === 0
        ? '  (empty)'
        : table(
            ['KEY', 'VALUE'],
            params.map(([k, v]) => [k, String(v)]),
          ).replace(/^/gm, '  '),
    );
    stdout(out.join('\n'));
    return 0;
  },
};
