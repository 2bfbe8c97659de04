#!/usr/bin/env python3
"""Peer RL step in PyTorch: the step Forkbench's trainer runs for a preset, written as a
competent minimal GRPO/DAPO script would be. scripts/bench-rl.ts --reference writes the spec
(shape, base weights, RL settings, the problem queue both benches draw from) and runs this.

Per step: dynamic sampling (batches of P prompts x G samples from a KV-cache decoder at the
rollout temperature, until P informative groups or maxGenBatches), scoring with the pair-search
verifier and overlong shaping, group-normalised advantages, then for each mini-batch: one
forward on prompt+response (log-probs and entropies at the rollout temperature), the top-rho /
bottom / random / all mask per micro-batch, the DAPO loss (clip-higher, dual-clip, token-level
mean over the selected tokens), backward, global-norm clip and one Adam step.

Same model as engine/model: pre-LN blocks, learned positions, ReLU MLP, no linear biases,
LayerNorm eps 1e-5, output head tied to the token embedding, weights in x @ W layout.
Usage: /usr/bin/python3 scripts/peer/rl_step.py SPEC.json --threads N [--device auto|cpu|cuda]
  -> one JSON line. auto takes CUDA where torch sees a GPU; tensors are built on the host and
  moved once, and phase clocks synchronise the device before they read the time.
"""
import argparse, json, math, os, sys, time
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pair_search import decode, overlong_penalty, verify  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument('spec')
ap.add_argument('--threads', type=int, default=1)
ap.add_argument('--device', choices=['auto', 'cpu', 'cuda'], default='auto')
args = ap.parse_args()
torch.set_num_threads(args.threads)
if args.device == 'cuda' and not torch.cuda.is_available():
    sys.exit('rl_step.py: --device cuda, but torch sees no CUDA device')
DEV = 'cuda' if args.device != 'cpu' and torch.cuda.is_available() else 'cpu'


def on(x):
    """A host-built tensor on the run's device."""
    return x.to(DEV)


def now():
    """perf_counter after the device's queued work is done (a no-op on the CPU)."""
    if DEV == 'cuda':
        torch.cuda.synchronize()
    return time.perf_counter()

spec = json.load(open(args.spec))
m, rl, mk = spec['model'], spec['rl'], spec['mask']
if mk['thresholdScope'] != 'microbatch':
    sys.exit(f"rl_step.py: mask.thresholdScope '{mk['thresholdScope']}' is not implemented")
if rl['klCoef'] or rl['entropyCoef'] or spec.get('tokenRule', 'none') != 'none':
    sys.exit('rl_step.py: KL, entropy bonus and token rules are not implemented')
V, C, D, L, H = m['vocab'], m['ctx'], m['d'], m['layers'], m['heads']
Dh = D // H
EOS, T = spec['eos_id'], rl['temperature']
torch.manual_seed(spec['seed'])

# Base weights: raw little-endian float32, tensors in the order and layout of params.ts.
raw = open(spec['weights_file'], 'rb').read()
W = {}
for t in spec['tensors']:
    n = math.prod(t['shape'])
    W[t['name']] = torch.nn.Parameter(
        torch.frombuffer(bytearray(raw[4 * t['offset']:4 * (t['offset'] + n)]), dtype=torch.float32)
        .view(t['shape']).clone().to(DEV))
params = list(W.values())


def ln(x, name):
    return F.layer_norm(x, (D,), W[name + '.g'], W[name + '.b'], 1e-5)


def attend(q, k, v, mask):
    att = (q @ k.transpose(-1, -2)) * (1.0 / math.sqrt(Dh))
    return att.masked_fill(~mask, float('-inf')).softmax(-1) @ v


def blocks(x, attn):
    b, t, _ = x.shape
    for l in range(L):
        q, k, v = (ln(x, f'h{l}.ln1') @ W[f'h{l}.attn.wqkv']).view(b, t, 3, H, Dh).permute(2, 0, 3, 1, 4)
        y = attn(l, q, k, v).transpose(1, 2).reshape(b, t, D)
        x = x + y @ W[f'h{l}.attn.wo']
        x = x + F.relu(ln(x, f'h{l}.ln2') @ W[f'h{l}.mlp.w1']) @ W[f'h{l}.mlp.w2']
    return ln(x, 'ln_f') @ W['tok_emb'].T


def logits_train(ids):
    """[b, t] -> [b, t, V], causal (rows are right-padded, so padding never leaks back)."""
    t = ids.shape[1]
    causal = torch.ones(t, t, dtype=torch.bool, device=DEV).tril()
    x = W['tok_emb'][ids] + W['pos_emb'][:t]
    return blocks(x, lambda l, q, k, v: attend(q, k, v, causal))


class Decoder:
    """KV-cache decoding of a left-padded batch: per-row positions, padded key slots masked
    (as sample.ts). first() runs the prompts; next(tok, i) feeds the i-th response token."""

    def __init__(self, prompts, steps):
        B = len(prompts)
        self.P = P = max(map(len, prompts))
        self.lens = on(torch.tensor([len(p) for p in prompts]))
        S = P + steps
        pads = P - self.lens
        ids = torch.zeros(B, P, dtype=torch.long)
        for b, p in enumerate(prompts):
            ids[b, P - len(p):] = torch.tensor(p)
        self.ids = on(ids)
        self.pos0 = torch.clamp(torch.arange(P, device=DEV)[None, :] - pads[:, None], min=0)
        self.slot = torch.arange(S, device=DEV)
        self.valid = self.slot[None, :] >= pads[:, None]  # [B, S]
        self.K = [torch.zeros(B, H, S, Dh, device=DEV) for _ in range(L)]
        self.V = [torch.zeros(B, H, S, Dh, device=DEV) for _ in range(L)]

    def _step(self, tok, pos, s0):
        t, e = tok.shape[1], s0 + tok.shape[1]
        sl, keys = self.slot[s0:e], self.slot[None, :e]
        # key j visible to query i: j <= i and j not padding (a pad query sees itself: no NaN)
        mask = (keys <= sl[:, None])[None] & (self.valid[:, None, :e] | (keys == sl[:, None])[None])

        def attn(l, q, k, v):
            self.K[l][:, :, s0:e], self.V[l][:, :, s0:e] = k, v
            return attend(q, self.K[l][:, :, :e], self.V[l][:, :, :e], mask[:, None])
        return blocks(W['tok_emb'][tok] + W['pos_emb'][pos], attn)[:, -1]

    def first(self):
        return self._step(self.ids, self.pos0, 0)

    def next(self, tok, i):
        return self._step(tok[:, None], (self.lens + i)[:, None], self.P + i)


@torch.no_grad()
def sample(prompts, gen):
    lens = on(torch.tensor([len(p) for p in prompts]))
    limit = torch.clamp(C - lens, max=rl['maxResponseTokens'])
    steps = int(limit.max())
    dec = Decoder(prompts, steps)
    logits = dec.first()
    toks, lps, ents = [], [], []
    done = limit <= 0
    for i in range(steps):
        logp = torch.log_softmax(logits / T, -1)
        probs = logp.exp()
        tok = torch.multinomial(probs, 1, generator=gen)[:, 0]
        toks.append(tok)
        lps.append(logp.gather(1, tok[:, None])[:, 0])
        ents.append(-(probs * logp).sum(-1))
        done = done | (tok == EOS) | (i + 1 >= limit)
        if bool(done.all()):
            break
        logits = dec.next(tok, i)
    # log-probs and entropies to the host once: scoring and the micro-batches read them per row
    toks, lps, ents = torch.stack(toks, 1), torch.stack(lps, 1).cpu(), torch.stack(ents, 1).cpu()
    out = []
    for b, row in enumerate(toks.tolist()):
        n = min(int(limit[b]), row.index(EOS) + 1 if EOS in row else len(row))
        out.append((row[:n], lps[b, :n], ents[b, :n], EOS in row[:n]))
    return out


def score(problems, samples):
    G = rl['groupSize']
    rolls = []
    for i, (resp, lp, ent, fin) in enumerate(samples):
        pr = problems[i // G]
        ok, _ = verify(pr['nums'], pr['target'], decode(resp, spec['vocab'], spec['skip_ids']))
        pen = overlong_penalty(len(resp), rl['maxResponseTokens'], rl['overlongBuffer'], rl['overlongPenalty'])
        rolls.append({'prompt': pr['prompt_ids'], 'resp': resp, 'old': lp, 'correct': ok, 'reward': float(ok) + pen})
    return rolls


def advantages(rolls):
    G = rl['groupSize']
    r = torch.tensor([x['reward'] for x in rolls], dtype=torch.float64).view(-1, G)
    std = r.std(1, keepdim=True)  # unbiased, as torch.std in verl
    a = torch.where(std > 0, (r - r.mean(1, keepdim=True)) / (std + 1e-6), torch.zeros_like(r))
    for x, v in zip(rolls, a.flatten().tolist()):
        x['adv'] = v


def select(ent, resp_mask, gen):
    """Per micro-batch token mask (mask.ts): exactly k = ceil(rho N) top / the rest / random."""
    if mk['mode'] == 'all':
        return resp_mask
    flat = ent[resp_mask]
    N = flat.numel()
    k = min(N, math.ceil(mk['rho'] * N - 1e-9))
    sel = torch.zeros(N, dtype=torch.bool, device=DEV)
    if mk['mode'] == 'random':
        sel[torch.randperm(N, generator=gen, device=DEV)[:k]] = True
    else:
        sel[torch.topk(flat, k).indices] = True
        if mk['mode'] == 'bottom':
            sel = ~sel
    out = torch.zeros_like(resp_mask)
    out[resp_mask] = sel
    return out


def micro_pass(rs, weight, gen, clock):
    """Forward, mask, DAPO loss; returns the loss to backpropagate."""
    t0 = now()
    width = max(len(r['prompt']) + len(r['resp']) for r in rs) - 1
    ids = torch.zeros(len(rs), width, dtype=torch.long)
    tgt = torch.zeros(len(rs), width, dtype=torch.long)
    old = torch.zeros(len(rs), width)
    adv = torch.zeros(len(rs), width)
    resp = torch.zeros(len(rs), width, dtype=torch.bool)
    for b, r in enumerate(rs):
        seq = r['prompt'] + r['resp']
        ids[b, :len(seq) - 1] = torch.tensor(seq[:-1])
        tgt[b, :len(seq) - 1] = torch.tensor(seq[1:])
        o, n = len(r['prompt']) - 1, len(r['resp'])
        old[b, o:o + n], adv[b, o:o + n], resp[b, o:o + n] = r['old'], r['adv'], True
    ids, tgt, old, adv, resp = map(on, (ids, tgt, old, adv, resp))
    logp = torch.log_softmax(logits_train(ids) / T, -1)
    lp = logp.gather(-1, tgt[..., None])[..., 0]
    with torch.no_grad():
        ent = -(logp.exp() * logp).sum(-1)
    mask = select(ent, resp, gen)
    denom = max(1, int(mask.sum()) if mk['normalizer'] == 'selected' else int(resp.sum()))
    ratio = torch.exp(lp - old)
    per = torch.maximum(-adv * ratio, -adv * ratio.clamp(1 - rl['epsLow'], 1 + rl['epsHigh']))
    if rl['dualClipC']:
        per = torch.where(adv < 0, torch.minimum(per, -adv * rl['dualClipC']), per)
    loss = (per * mask).sum() / denom * weight
    clock['logprob_pass_s'] += now() - t0
    return loss


def rl_step(queue, opt, gen, clock):
    G, P = rl['groupSize'], rl['promptsPerStep']
    kept, batches = [], 0
    while batches < (rl['maxGenBatches'] if rl['dynamicSampling'] else 1):
        batches += 1
        problems = [queue.pop(0) for _ in range(P)]
        queue.extend(problems)  # a ring, consumed in the same order as the Node side
        t0 = now()
        samples = sample([p['prompt_ids'] for p in problems for _ in range(G)], gen)
        t1 = now()
        rolls = score(problems, samples)
        for g in range(P):
            grp = rolls[g * G:(g + 1) * G]
            wins = sum(r['correct'] for r in grp)
            if not rl['dynamicSampling'] or 0 < wins < G:
                kept.extend(grp)
        clock['rollout_s'] += t1 - t0
        clock['scoring_s'] += time.perf_counter() - t1
        clock['generated_tokens'] += sum(len(s[0]) for s in samples)
        if len(kept) >= P * G:
            break
    t0 = time.perf_counter()
    kept = kept[:P * G]
    if kept:
        advantages(kept)
    clock['scoring_s'] += time.perf_counter() - t0
    clock['kept_groups'] += len(kept) // G
    groups = len(kept) // G
    per_mini = math.ceil(groups / rl['miniBatches']) if groups else 1
    for _ in range(rl['ppoEpochs'] if kept else 0):
        for g0 in range(0, groups, per_mini):
            mini = kept[g0 * G:min(groups, g0 + per_mini) * G]
            opt.zero_grad(set_to_none=True)
            for i in range(0, len(mini), rl['microBatchSize']):
                rs = mini[i:i + rl['microBatchSize']]
                loss = micro_pass(rs, len(rs) / len(mini), gen, clock)
                t0 = now()
                loss.backward()
                clock['update_s'] += now() - t0
            t0 = now()
            torch.nn.utils.clip_grad_norm_(params, rl['gradClip'])
            opt.step()
            clock['update_s'] += now() - t0


if 'check' in spec:
    # Equivalence check (test/unit/scripts/peer-model.test.ts): training logits of the given
    # rows, and the cached decoder's logits when fed the given prompts and continuations.
    ck = spec['check']
    with torch.no_grad():
        train = [logits_train(on(torch.tensor([r])))[0].flatten().tolist() for r in ck['rows']]
        dec = Decoder(ck['prompts'], len(ck['feed'][0]))
        steps = [dec.first()]
        for i, tok in enumerate(on(torch.tensor(ck['feed'])).T):
            steps.append(dec.next(tok, i))
    out = {'train': train, 'decode': torch.stack(steps, 1).flatten(1).tolist()}
    if 'micro' in ck:  # one micro-batch's DAPO loss and its gradient, by tensor name
        rs = [{**r, 'old': torch.tensor(r['old'])} for r in ck['micro']['rolls']]
        clock = dict.fromkeys(['logprob_pass_s'], 0.0)
        loss = micro_pass(rs, ck['micro']['weight'], torch.Generator(DEV).manual_seed(0), clock)
        loss.backward()
        out['loss'] = loss.item()
        out['grads'] = {k: p.grad.flatten().tolist() for k, p in W.items()}
    print(json.dumps(out))
    sys.exit(0)

queue = list(spec['problems'])
opt = torch.optim.Adam(params, lr=rl['lr'], betas=(0.9, 0.999), eps=1e-8)
gen = torch.Generator(DEV).manual_seed(spec['seed'])
keys = ['step_s', 'rollout_s', 'scoring_s', 'logprob_pass_s', 'update_s', 'generated_tokens', 'kept_groups']
total = dict.fromkeys(keys, 0.0)
for i in range(spec['steps']):
    clock = dict.fromkeys(keys, 0.0)
    t0 = now()
    rl_step(queue, opt, gen, clock)
    clock['step_s'] = now() - t0
    if i > 0:  # the first step warms up allocators and caches, as on the Node side
        for k in keys:
            total[k] += clock[k]
n = max(1, spec['steps'] - 1)
where = torch.cuda.get_device_name() if DEV == 'cuda' else 'cpu'
print(json.dumps({'impl': f'torch {torch.__version__} {where}', 'threads': torch.get_num_threads(),
                  **{k: total[k] / n for k in keys}}))
