"""Pair-search scoring for the PyTorch peer RL step: a line-for-line port of
src-main/engine/tasks/pair-search.ts (verifyPairSearch) and of the tokenizer's decode, so
both benches reward the same completions (test/unit/scripts/peer-verifier.test.ts checks it).
No torch here: the golden test runs it with any python3."""
import re

_ANSWER = re.compile(r'^(\d+)\s*\+\s*(\d+)$')


def decode(ids, vocab, skip):
    """Token ids -> text; PAD/BOS/EOS dropped, as tokenizer.ts decode()."""
    return ''.join(vocab[i] for i in ids if i not in skip)


def verify(nums, target, response):
    """(correct, reason): "a+b" after the LAST "boxed", two of the numbers summing to target."""
    at = response.rfind('boxed')
    if at < 0:
        return False, 'no boxed answer'
    line = response[at + len('boxed'):].split('\n')[0].strip()
    # JS's \d and \s are ASCII/Unicode-space; the vocabulary only has ASCII digits and spaces.
    m = _ANSWER.match(line)
    if not m or m.end() != len(line):
        return False, 'answer is not "a+b"'
    a, b = int(m.group(1)), int(m.group(2))
    pool = list(nums)
    for v in (a, b):
        if v not in pool:
            return False, f'{v} is not one of the numbers left'
        pool.remove(v)
    if a + b != target:
        return False, 'wrong sum'
    return True, 'correct'


def overlong_penalty(length, max_length, buffer, factor):
    """DAPO overlong shaping, as engine/rl/shaping.ts overlongPenalty()."""
    if buffer <= 0 or factor == 0:
        return 0.0
    exceed = length - (max_length - buffer)
    if exceed <= 0:
        return 0.0
    return -min(exceed / buffer, 1.0) * factor


if __name__ == '__main__':
    # Golden-test entry: JSON on stdin {verify, decode, overlong} -> the same keys on stdout.
    import json, sys
    q = json.load(sys.stdin)
    print(json.dumps({
        'verify': [list(verify(c['nums'], c['target'], c['response'])) for c in q['verify']],
        'decode': [decode(row, q['vocab'], set(q['skip'])) for row in q['decode']],
        'overlong': [overlong_penalty(*c) for c in q['overlong']],
    }))
