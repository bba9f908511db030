#!/usr/bin/env python3
"""Checks models rewritten by Cutline against their originals.

DIR holds manifest.tsv: one line per model, "<original path>\t<rewritten path>". For each pair the rewritten file
must pass onnx.checker.check_model(full_check=False) (or fail it with the original's message, for fixtures that
are invalid on purpose) and equal the original as a protobuf message (field order
and the packed/unpacked encoding of repeated fields do not matter; message equality in protobuf ignores both).
Exit status 0 when every pair passes, 1 otherwise.
"""
import os
import sys

import onnx


def load(path):
    # External data stays on disk: the comparison is of the messages, with locations as written.
    return onnx.load(path, load_external_data=False)


def first_difference(a, b, where="model"):
    """A readable path to the first field that differs, for the failure message."""
    for field in a.DESCRIPTOR.fields:
        va, vb = getattr(a, field.name), getattr(b, field.name)
        repeated = field.is_repeated if hasattr(field, "is_repeated") else field.label == field.LABEL_REPEATED
        if repeated:
            if len(va) != len(vb):
                return f"{where}.{field.name}: {len(va)} vs {len(vb)} entries"
            if field.message_type is not None:
                for i, (x, y) in enumerate(zip(va, vb)):
                    if x != y:
                        return first_difference(x, y, f"{where}.{field.name}[{i}]")
            elif list(va) != list(vb):
                return f"{where}.{field.name}"
        elif field.message_type is not None:
            if a.HasField(field.name) != b.HasField(field.name):
                return f"{where}.{field.name}: present in one only"
            if va != vb:
                return first_difference(va, vb, f"{where}.{field.name}")
        elif va != vb:
            return f"{where}.{field.name}: {va!r} vs {vb!r}"
    if a.SerializeToString(deterministic=True) != b.SerializeToString(deterministic=True):
        return f"{where}: unknown fields differ"
    return None


def checker_problem(path):
    try:
        onnx.checker.check_model(path, full_check=False)
    except Exception as e:  # the checker raises several exception types
        return str(e)
    return None


def main():
    if len(sys.argv) != 2:
        print("usage: check.py DIR", file=sys.stderr)
        return 2
    manifest = os.path.join(sys.argv[1], "manifest.tsv")
    failures = 0
    count = 0
    with open(manifest, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            original, rewritten = line.split("\t")
            count += 1
            # A file the checker already refuses must be refused the same way after rewriting, no more.
            expected = checker_problem(original)
            actual = checker_problem(rewritten)
            if actual != expected:
                print(f"FAIL {rewritten}: checker: {actual or 'passes'} (original: {expected or 'passes'})")
                failures += 1
                continue
            a, b = load(original), load(rewritten)
            if a != b:
                print(f"FAIL {rewritten}: differs from {original} at {first_difference(a, b)}")
                failures += 1
            else:
                print(f"ok   {rewritten}")
    print(f"{count - failures}/{count} models passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
