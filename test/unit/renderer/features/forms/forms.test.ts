// The run-config form's round trip (config → field text → config), its inline validation by the
// contract's own schema, the "changed" marks, and the preset list loaded once over the client.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultRunConfig, runConfigFields } from '@contract/run-config';
import type { PresetInfo } from '@contract';
import { installFakeClient } from '../../support/fake-client';

vi.mock('../../../../../src-renderer/src/api/client', () => import('../../support/fake-client'));

const forms = await import('../../../../../src-renderer/src/features/forms/forms.svelte');
const {
  FORM_SECTIONS,
  changedPaths,
  fieldVisible,
  parseFieldValue,
  validateValues,
  valuesFromConfig,
} = forms;

const field = (path: string) => runConfigFields.find((f) => f.path === path)!;

describe('form values', () => {
  it('puts every config field in exactly one section', () => {
    const placed = FORM_SECTIONS.flatMap((s) => s.fields.map((f) => f.path));
    expect(placed.sort()).toEqual(runConfigFields.map((f) => f.path).sort());
    expect(FORM_SECTIONS.find((s) => s.id === 'mask')!.fields.map((f) => f.path)).toEqual([
      'mask.mode',
      'mask.rho',
      'mask.thresholdScope',
      'mask.normalizer',
    ]);
  });

  it('shows a config as field text, the defaults filling what it lacks', () => {
    const values = valuesFromConfig({ mask: { rho: 0.5 }, eval: { benchmarks: ['a', 'b'] } });
    expect(values['mask.rho']).toBe('0.5');
    expect(values['mask.mode']).toBe('top');
    expect(values['eval.benchmarks']).toBe('a, b');
    expect(values['rl.dynamicSampling']).toBe(defaultRunConfig().rl.dynamicSampling);
    expect(values['base']).toBe('');
  });

  it('parses each kind of field, refusing text that is no number', () => {
    expect(parseFieldValue(field('mask.rho'), ' 0.3 ')).toEqual({ ok: true, value: 0.3 });
    expect(parseFieldValue(field('seed'), '')).toEqual({ ok: false, message: 'required' });
    expect(parseFieldValue(field('seed'), 'abc')).toEqual({
      ok: false,
      message: '“abc” is not a number',
    });
    expect(parseFieldValue(field('eval.benchmarks'), 'x, ,y ')).toEqual({
      ok: true,
      value: ['x', 'y'],
    });
    expect(parseFieldValue(field('base'), '  ')).toEqual({ ok: true, value: null });
    expect(parseFieldValue(field('rl.dynamicSampling'), 'true')).toEqual({ ok: true, value: true });
  });

  it('hides a rule option unless its rule is chosen', () => {
    const values = valuesFromConfig(defaultRunConfig());
    expect(fieldVisible(field('tokenRule.klCovCoef'), values)).toBe(false);
    expect(
      fieldVisible(field('tokenRule.klCovCoef'), { ...values, 'tokenRule.kind': 'kl-cov' }),
    ).toBe(true);
    expect(fieldVisible(field('mask.rho'), values)).toBe(true);
  });
});

describe('validation', () => {
  it('turns the defaults back into the default config, with nothing changed', () => {
    const values = valuesFromConfig(defaultRunConfig());
    const v = validateValues(values);
    expect(v.errors).toEqual({});
    expect(v.invalid).toEqual([]);
    expect(v.config).toEqual(defaultRunConfig());
    expect(changedPaths(values)).toEqual([]);
  });

  it('reports text and schema errors by field, in form order', () => {
    const values = { ...valuesFromConfig(defaultRunConfig()), seed: 'x', 'mask.rho': '2' };
    // A field that does not parse stops the schema check: only the parse error shows.
    expect(validateValues(values).errors).toEqual({ seed: '“x” is not a number' });
    const v = validateValues({ ...values, seed: '3' });
    expect(v.errors).toEqual({ 'mask.rho': 'must be in (0, 1]' });
    expect(v.invalid).toEqual(['mask.rho']);
    expect(changedPaths({ ...values, seed: '3' })).toEqual(['mask.rho', 'seed']);
  });

  it('warns about KL-Cov with one optimizer step per batch without blocking', () => {
    const v = validateValues({
      ...valuesFromConfig(defaultRunConfig()),
      'tokenRule.kind': 'kl-cov',
    });
    expect(v.errors).toEqual({});
    expect(Object.keys(v.warnings)).toEqual(['tokenRule.kind']);
    expect(v.warnings['tokenRule.kind']).toMatch(/^KL-Cov is inert here/);
    const moving = validateValues({
      ...valuesFromConfig(defaultRunConfig()),
      'tokenRule.kind': 'kl-cov',
      'rl.ppoEpochs': '2',
    });
    expect(moving.warnings).toEqual({});
  });
});

describe('presets', () => {
  let fake: ReturnType<typeof installFakeClient>;
  beforeEach(() => {
    fake = installFakeClient();
  });

  it('keeps the error of a failed load and loads again on the next ask, then only once', async () => {
    // The module's one store: this is the only test that loads it.
    const store = forms.presets;
    fake.answer('presets.list', () => ({
      ok: false,
      error: { code: 'storage_error', message: 'disk gone' },
    }));
    await store.load();
    expect(store.error).toBe('disk gone');
    expect(store.list).toEqual([]);

    const list = [{ id: 'p1', label: 'One' }] as unknown as PresetInfo[];
    fake.answer('presets.list', () => ({ ok: true, value: list }));
    await store.load();
    await store.load();
    expect(store.list).toEqual(list);
    expect(fake.calls.filter((c) => c.method === 'presets.list')).toHaveLength(2);
  });
});
