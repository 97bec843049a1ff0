#!/usr/bin/python3
"""Regenerates triton-model-repo/tiny/ and the Java golden files from the seeded tiny models.

Run from the triton-model-repo folder with Debian's interpreter (python3-torch, python3-onnx):
    /usr/bin/python3 export/make_tiny_repo.py
Options: --repo DIR (default tiny), --golden DIR (default src/test/resources/golden).
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from radio4j_export.tiny_repo import build  # noqa: E402


def main():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repo", default=os.path.join(here, "tiny"))
    parser.add_argument("--golden", default=os.path.join(here, "src", "test", "resources", "golden"))
    args = parser.parse_args()
    build(args.repo, args.golden)
    for root, _, files in sorted(os.walk(args.repo)):
        for f in sorted(files):
            p = os.path.join(root, f)
            print(f"{os.path.getsize(p):>10}  {os.path.relpath(p, args.repo)}")


if __name__ == "__main__":
    main()
