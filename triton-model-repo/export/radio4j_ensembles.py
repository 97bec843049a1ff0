#!/usr/bin/env python3
"""The `<model>_bytes` ensembles: encoded images decoded and resized on the server.

Subcommands:
  configs    write the GPU ensembles (models/: unpack -> DALI -> engine) and the embedded ones
             (tiny/: radio4j preprocessing -> engine) from the specs and the tiny engine configs
  check      every *_bytes ensemble of models/ and tiny/ against its steps (names, types, dims)
  serialize  (GPU machine, needs nvidia.dali) models/<model>_dali/1/model.dali for each image model
  validate   (GPU machine) DALI's output against radio4j's EXACT (Pillow) on the parity corpus:
             PSNR per image in build/report/dali-<model>.{md,json}; non-zero exit below --min-psnr

`radio4j_repo.py configs` writes the GPU ensembles too, so models/ stays consistent with the specs.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from radio4j_export import ensembles  # noqa: E402
from radio4j_export.specs import default_specs  # noqa: E402

MODULE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(MODULE_DIR, "..", "radio-core", "src", "test", "resources", "image", "corpus")


def _specs(args):
    specs = ensembles.image_specs(default_specs().values())
    if args.models:
        wanted = args.models.split(",")
        specs = [s for s in specs if s.name in wanted]
    return specs


def cmd_configs(args):
    specs = _specs(args)
    for d in ensembles.write(args.repo, ensembles.gpu_repository(specs)):
        print("wrote", d)
    for d in ensembles.write(args.tiny, ensembles.tiny_repository(args.tiny, specs)):
        print("wrote", d)


def cmd_check(args):
    for repo in (args.repo, args.tiny):
        for name in ensembles.check_repository(repo):
            print("ok", os.path.join(repo, name))


def _pipeline(spec, args):
    from radio4j_export import dali_pipeline
    return dali_pipeline.build(ensembles.default_geometry(spec), spec.batch.max, args.num_threads, args.device_id)


def cmd_serialize(args):
    for spec in _specs(args):
        target = os.path.join(args.repo, ensembles.dali_model(spec.name), "1", "model.dali")
        os.makedirs(os.path.dirname(target), exist_ok=True)
        _pipeline(spec, args).serialize(filename=target)
        print("wrote", target)


def cmd_validate(args):
    import numpy as np
    from radio4j_export import dali_validate
    failed = []
    for spec in _specs(args):
        g = ensembles.default_geometry(spec)
        pipe = _pipeline(spec, args)
        pipe.build()

        def run(encoded, pipe=pipe):
            pipe.feed_input("encoded", [np.frombuffer(encoded, dtype=np.uint8)])
            (out,) = pipe.run()
            return out.as_cpu().at(0)

        rows = dali_validate.compare(args.corpus, g, run, args.min_psnr)
        if not dali_validate.write_report(rows, spec.name, g, args.min_psnr, args.report):
            failed.append(spec.name)
        print("wrote", os.path.join(args.report, f"dali-{spec.name}.md"))
    if failed:
        raise SystemExit(f"DALI output below {args.min_psnr} dB PSNR (or refused) for {failed}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["configs", "check", "serialize", "validate"])
    parser.add_argument("--models", default="")
    parser.add_argument("--repo", default=os.path.join(MODULE_DIR, "models"))
    parser.add_argument("--tiny", default=os.path.join(MODULE_DIR, "tiny"))
    parser.add_argument("--corpus", default=CORPUS)
    parser.add_argument("--report", default=os.path.join(MODULE_DIR, "build", "report"))
    parser.add_argument("--min-psnr", type=float, default=30.0)
    parser.add_argument("--num-threads", type=int, default=4)
    parser.add_argument("--device-id", type=int, default=0)
    args = parser.parse_args(argv)
    {"configs": cmd_configs, "check": cmd_check, "serialize": cmd_serialize, "validate": cmd_validate}[args.command](args)


if __name__ == "__main__":
    main()
