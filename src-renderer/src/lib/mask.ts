// Human labels for a run's token mask: "top 20%", "bottom 80%", "random 20%", "all".

const RATIO_KEYS = ['rho', 'maskRatio', 'mask_ratio', 'topEntropyQuantile', 'top_entropy_quantile'];

function asPercent(n: number): number {
  const pct = n <= 1 ? n * 100 : n;
  return Math.round(pct * 10) / 10;
}

/** Finds the mask fraction ρ in a run config (flat or under `mask` / `rl`). */
export function findRho(config: Record<string, unknown> | null | undefined): number | null {
  if (!config) return null;
  const scopes: unknown[] = [config, config['mask'], config['rl'], config['training']];
  for (const scope of scopes) {
    if (!scope || typeof scope !== 'object') continue;
    const rec = scope as Record<string, unknown>;
    for (const key of [...RATIO_KEYS, 'ratio', 'fraction']) {
      const v = rec[key];
      if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v;
    }
  }
  return null;
}

/**
 * Label for a mask mode. Accepts "all", "top", "bottom", "random" with ρ taken from the config,
 * or a mode that carries its own number ("top-20", "top_0.2", "random:20%", "bottom80").
 * "bottom" with ρ from the config trains on the complement: bottom (1 − ρ).
 */
export function maskLabel(
  maskMode: string | null | undefined,
  config?: Record<string, unknown> | null,
): string {
  const raw = (maskMode ?? '').trim().toLowerCase();
  if (raw === '') return '—';
  if (raw === 'all' || raw === 'none' || raw === 'full' || raw === 'all-tokens') return 'all';
  const m = /^(top|bottom|random)[\s_:\-=]*(\d+(?:\.\d+)?)?\s*%?$/.exec(raw);
  if (!m) return maskMode ?? '—';
  const kind = m[1] as 'top' | 'bottom' | 'random';
  if (m[2] !== undefined) return `${kind} ${asPercent(Number(m[2]))}%`;
  const rho = findRho(config);
  if (rho === null) return kind;
  const frac = rho <= 1 ? rho : rho / 100;
  const shown = kind === 'bottom' ? 1 - frac : frac;
  return `${kind} ${asPercent(shown)}%`;
}
