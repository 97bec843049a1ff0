#!/usr/bin/env python3
"""Builds the production Triton model repository (models/) from the published RADIO checkpoints.

Subcommands, in the order a GPU machine runs them (see README.md for the full walk-through):
  export    torch.hub / Hugging Face checkpoints -> build/onnx/<model>/model.onnx, config.pbtxt with the
            measured dimensions, tokenizer.json and the trained SigLIP logit scale/bias
  build     trtexec commands for every engine (--dry-run prints them)
  validate  each engine against the FP32 PyTorch model; build/report/validation.{md,json}
  check     every config.pbtxt against its ONNX graph and/or TensorRT engine
  configs   (re)write the config.pbtxt files from the specs alone (no GPU, no weights)

Common options: --models a,b (default all), --precision fp16|bf16|fp32|strongly-typed,
--c-radio-max-size N (profile max side, default 1024), --c-radio-fixed-size N (one fixed size
instead of a profile), --radio1d-num-tokens (add the num_tokens input to the RADIO1D engine).
"""
import argparse
import dataclasses
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from radio4j_export import consistency, trtexec  # noqa: E402
from radio4j_export.pbtxt import render  # noqa: E402
from radio4j_export.specs import Resolution, default_specs  # noqa: E402

MODULE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def selected_specs(args):
    specs = default_specs()
    names = args.models.split(",") if args.models else list(specs)
    unknown = [n for n in names if n not in specs]
    if unknown:
        raise SystemExit(f"unknown model(s) {unknown}; known: {sorted(specs)}")
    out = []
    for name in names:
        spec = dataclasses.replace(specs[name], precision=args.precision)
        if spec.family == "c_radio":
            if args.c_radio_fixed_size:
                spec = dataclasses.replace(spec, resolution=Resolution.fixed(args.c_radio_fixed_size))
            elif args.c_radio_max_size:
                r = spec.resolution
                spec = dataclasses.replace(spec, resolution=Resolution(r.min_hw, r.opt_hw, (args.c_radio_max_size,) * 2))
        if spec.family == "radio1d" and args.radio1d_num_tokens:
            spec = dataclasses.replace(spec, num_tokens_input=True)
        out.append(spec)
    return out


def write_config(repo, spec):
    model_dir = os.path.join(repo, spec.name)
    os.makedirs(os.path.join(model_dir, "1"), exist_ok=True)
    with open(os.path.join(model_dir, "config.pbtxt"), "w") as f:
        f.write(render(spec.config()))
    return model_dir


def cmd_configs(args):
    specs = selected_specs(args)
    for spec in specs:
        print("wrote", write_config(args.repo, spec))
    # The <model>_bytes ensembles (GPU decode with DALI) over these engines: radio4j_ensembles.py.
    from radio4j_export import ensembles
    for model_dir in ensembles.write(args.repo, ensembles.gpu_repository(specs)):
        print("wrote", model_dir)


def cmd_export(args):
    from radio4j_export import loaders
    from radio4j_export.onnx_export import export

    logits = None
    for spec in selected_specs(args):
        if spec.family in ("clip_vision", "clip_text"):
            logits = logits or loaders.siglip_logits()
            spec = dataclasses.replace(spec, parameters=logits)
        module, example = loaders.export_module(spec)
        path = trtexec.onnx_path(args.onnx_dir, spec)
        measured = export(spec, module, example, path)
        model_dir = write_config(args.repo, measured)
        if spec.family == "clip_text":
            loaders.save_tokenizer(spec, model_dir)
        print(f"{spec.name}: {path}, width {measured.width}" + (f", summary {measured.summary_dim}" if measured.summary_dim else ""))


def cmd_build(args):
    os.makedirs(os.path.dirname(args.timing_cache), exist_ok=True)
    for spec in selected_specs(args):
        argv = trtexec.command(spec, trtexec.onnx_path(args.onnx_dir, spec), trtexec.plan_path(args.repo, spec),
                               trtexec=args.trtexec, workspace_mib=args.workspace_mib, timing_cache=args.timing_cache)
        print(trtexec.printable(argv))
        if not args.dry_run:
            subprocess.run(argv, check=True)


def cmd_validate(args):
    from radio4j_export import loaders, validate
    import torch

    checks = []
    for spec in selected_specs(args):
        module, _ = loaders.export_module(spec)
        module = module.cuda()
        engine = validate.TensorRTRunner(trtexec.plan_path(args.repo, spec))

        def reference(feeds, module=module):
            with torch.no_grad():
                out = module(*[torch.from_numpy(feeds[t.name]).cuda() for t in spec.inputs()])
            out = out if isinstance(out, tuple) else (out,)
            return {t.name: o.float().cpu().numpy() for t, o in zip(spec.outputs(), out)}

        token_ids = ()
        if spec.family == "clip_text":
            tok = loaders.load_radio(spec.source.split()[1], [spec.adaptor]).adaptors[spec.adaptor].tokenizer
            token_ids = tok(["a photo of a cat", "a red car on a street", "two dogs playing in the snow",
                             "a diagram of a transformer", "an empty room"])["input_ids"].tolist()
        checks += validate.run(spec, engine, reference, validate.validation_inputs(spec, token_ids=token_ids))
    ok = validate.write_report(checks, args.report)
    with open(os.path.join(args.report, "validation.md")) as f:
        print(f.read())
    if not ok:
        raise SystemExit("validation FAILED: see " + args.report)


def cmd_check(args):
    from radio4j_export.consistency import check_model_dir

    problems = []
    for spec in selected_specs(args):
        model_dir = os.path.join(args.repo, spec.name)
        config = _config_for_check(spec, model_dir, args)
        onnx_file = trtexec.onnx_path(args.onnx_dir, spec) if args.onnx_dir else None
        plan = trtexec.plan_path(args.repo, spec) if args.engines else None
        problems += check_model_dir(spec, config, onnx_file, plan)
    for p in problems:
        print("PROBLEM:", p)
    if problems:
        raise SystemExit(1)
    print("configs agree with", "engines" if args.engines else "ONNX graphs")


def _config_for_check(spec, model_dir, args):
    """The spec's config after an export measured its dims (read back from the ONNX when present)."""
    from radio4j_export.onnx_export import measured_spec_from_onnx

    if args.onnx_dir and os.path.exists(trtexec.onnx_path(args.onnx_dir, spec)):
        spec = measured_spec_from_onnx(spec, trtexec.onnx_path(args.onnx_dir, spec))
    rendered = render(spec.config())
    with open(os.path.join(model_dir, "config.pbtxt")) as f:
        on_disk = f.read()
    # Parameters (logit scale/bias) come from the checkpoint, so compare everything else.
    strip = lambda text: "\n".join(l for l in text.splitlines() if "string_value" not in l)
    if strip(rendered) != strip(on_disk):
        raise SystemExit(f"{model_dir}/config.pbtxt differs from what the spec renders; rerun 'export' or 'configs'")
    return spec.config()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["configs", "export", "build", "validate", "check"])
    parser.add_argument("--models", default="")
    parser.add_argument("--repo", default=os.path.join(MODULE_DIR, "models"))
    parser.add_argument("--onnx-dir", default=os.path.join(MODULE_DIR, "build", "onnx"))
    parser.add_argument("--report", default=os.path.join(MODULE_DIR, "build", "report"))
    parser.add_argument("--precision", default="fp16", choices=["fp16", "bf16", "fp32", "strongly-typed"])
    parser.add_argument("--c-radio-max-size", type=int, default=0)
    parser.add_argument("--c-radio-fixed-size", type=int, default=0)
    parser.add_argument("--radio1d-num-tokens", action="store_true")
    parser.add_argument("--trtexec", default="trtexec")
    parser.add_argument("--workspace-mib", type=int, default=16384)
    parser.add_argument("--timing-cache", default=os.path.join(MODULE_DIR, "build", "timing.cache"))
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--engines", action="store_true", help="check: compare against model.plan files too")
    args = parser.parse_args(argv)
    {"configs": cmd_configs, "export": cmd_export, "build": cmd_build,
     "validate": cmd_validate, "check": cmd_check}[args.command](args)


if __name__ == "__main__":
    main()
