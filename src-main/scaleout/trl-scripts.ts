// train.py and reward.py of a TRL bundle: written for this export (not copied from TRL). train.py
// builds GRPOConfig from grpo_config.json, logs every step to metrics.jsonl and copies each
// completions parquet to JSONL so that `forkbench import` can read them without pyarrow.
export const TRAIN_PY = `"""GRPO training for one Forkbench run (written by forkbench export-job)."""
import argparse
import glob
import json
import math
import os

from datasets import load_dataset
from transformers import TrainerCallback
from trl import GRPOConfig, GRPOTrainer
from trl.rewards import get_soft_overlong_punishment

from reward import task_reward


def load_files(files):
    kind = "parquet" if all(f.endswith(".parquet") for f in files) else "json"
    return load_dataset(kind, data_files=files, split="train")


class JsonlLog(TrainerCallback):
    """Appends every logged row to metrics.jsonl; copies completion parquets to JSONL."""

    def __init__(self, out_dir):
        self.path = os.path.join(out_dir, "metrics.jsonl")
        self.out_dir = out_dir

    def on_log(self, args, state, control, logs=None, **kwargs):
        if not state.is_world_process_zero or not logs:
            return
        row = {"step": state.global_step}
        for key, value in logs.items():
            if isinstance(value, (int, float)):
                row[key] = value if math.isfinite(value) else str(value)
        with open(self.path, "a", encoding="utf-8") as f:
            f.write(json.dumps(row) + "\\n")
        for parquet in glob.glob(os.path.join(self.out_dir, "completions", "*.parquet")):
            target = parquet[: -len(".parquet")] + ".jsonl"
            if os.path.exists(target):
                continue
            import pandas as pd

            pd.read_parquet(parquet).to_json(target, orient="records", lines=True, force_ascii=False)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    cli = parser.parse_args()
    with open(cli.config, encoding="utf-8") as f:
        fields = json.load(f)
    with open(os.path.join(os.path.dirname(cli.config), "train_spec.json"), encoding="utf-8") as f:
        spec = json.load(f)
    config = GRPOConfig(**fields)
    rewards = [task_reward(spec["task"])]
    if spec["overlongBuffer"] > 0:
        rewards.append(get_soft_overlong_punishment(spec["maxCompletionLength"], spec["overlongBuffer"]))
    trainer = GRPOTrainer(
        model=spec["model"],
        reward_funcs=rewards,
        args=config,
        train_dataset=load_files(spec["trainFiles"]),
        eval_dataset=load_files(spec["valFiles"]) if spec["valFiles"] else None,
        callbacks=[JsonlLog(config.output_dir)],
    )
    trainer.train(resume_from_checkpoint=bool(glob.glob(os.path.join(config.output_dir, "checkpoint-*"))))
    trainer.save_state()
    trainer.save_model(config.output_dir)


if __name__ == "__main__":
    main()
`;

/** Tasks reward.py has a verifier for; the TRL export refuses any other task. */
export const REWARD_TASKS = ['arithmetic', 'countdown', 'pair-search'] as const;

export const REWARD_PY = `"""The Forkbench tasks' verifiers as TRL reward functions (written by forkbench export-job).

Each reads the text after the last "boxed" in a completion. Datasets need an "answer" column
(arithmetic: three digits) or "nums" and "target" columns (countdown, pair-search).
"""
import re
from fractions import Fraction


def _text(completion):
    if isinstance(completion, list):  # conversational: a list of messages
        return "".join(m.get("content", "") for m in completion)
    return completion


def _after_boxed(text):
    at = text.rfind("boxed")
    return None if at < 0 else text[at + len("boxed"):]


def arithmetic_accuracy(completions, answer, **kwargs):
    out = []
    for completion, expected in zip(completions, answer):
        tail = _after_boxed(_text(completion))
        got = tail.split()[0] if tail and tail.split() else ""
        out.append(1.0 if re.fullmatch(r"\\d{3}", got) and got == str(expected).zfill(3) else 0.0)
    return out


def _evaluate(expr):
    tokens = re.findall(r"\\d+|[-+*/()]", expr)
    if "".join(tokens) != re.sub(r"\\s+", "", expr):
        return None
    pos = 0
    literals = []

    def atom():
        nonlocal pos
        if pos < len(tokens) and tokens[pos] == "(":
            pos += 1
            value = sum_()
            if pos >= len(tokens) or tokens[pos] != ")":
                raise ValueError("unbalanced")
            pos += 1
            return value
        if pos < len(tokens) and tokens[pos].isdigit():
            literals.append(int(tokens[pos]))
            pos += 1
            return Fraction(literals[-1])
        raise ValueError("expected a number")

    def product():
        nonlocal pos
        value = atom()
        while pos < len(tokens) and tokens[pos] in "*/":
            op = tokens[pos]
            pos += 1
            rhs = atom()
            value = value * rhs if op == "*" else value / rhs
        return value

    def sum_():
        nonlocal pos
        value = product()
        while pos < len(tokens) and tokens[pos] in "+-":
            op = tokens[pos]
            pos += 1
            rhs = product()
            value = value + rhs if op == "+" else value - rhs
        return value

    try:
        value = sum_()
    except (ValueError, ZeroDivisionError):
        return None
    return (value, literals) if pos == len(tokens) else None


def countdown_accuracy(completions, nums, target, **kwargs):
    out = []
    for completion, given, goal in zip(completions, nums, target):
        tail = _after_boxed(_text(completion))
        parsed = _evaluate(tail.split("\\n")[0]) if tail is not None else None
        ok = parsed is not None and sorted(parsed[1]) == sorted(given) and parsed[0] == goal
        out.append(1.0 if ok else 0.0)
    return out


def pair_search_accuracy(completions, nums, target, **kwargs):
    out = []
    for completion, given, goal in zip(completions, nums, target):
        tail = _after_boxed(_text(completion))
        match = re.fullmatch(r"(\\d+)\\s*\\+\\s*(\\d+)", tail.split("\\n")[0].strip()) if tail is not None else None
        ok = False
        if match:
            a, b = int(match.group(1)), int(match.group(2))
            pool = list(given)
            ok = a in pool and (pool.remove(a) or b in pool) and a + b == goal
        out.append(1.0 if ok else 0.0)
    return out


REWARDS = {
    "arithmetic": arithmetic_accuracy,
    "countdown": countdown_accuracy,
    "pair-search": pair_search_accuracy,
}


def task_reward(task):
    if task not in REWARDS:
        raise ValueError(f"reward.py has no verifier for task {task!r}")
    return REWARDS[task]
`;
