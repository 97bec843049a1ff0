#!/usr/bin/env python3
"""Builds the production Triton model repository (models/) from the published RADIO checkpoints.

Subcommands, in the order a machine runs them (see README.md for the full walk-through):
  export    torch.hub / Hugging Face / local checkpoints -> build/onnx/<model>/model.onnx, config.pbtxt
            with the measured dimensions, tokenizer.json and the trained SigLIP logit scale/bias;
            with --target onnxruntime also the graph itself as <repo>/<model>/1/model.onnx
  build     trtexec commands for every engine (--dry-run prints them; TensorRT target only)
  validate  each served model against the FP32 PyTorch model at batch 1 and 3 and five aspect
            ratios; always writes build/report/validation.{md,json}; exits 1 if any case failed.
            --runner tensorrt runs the plans; --runner kserve --url host:port asks a KServe v2
            gRPC server (a CPU Triton, or radio4j's ServeRepository) instead
  check     every config.pbtxt against its ONNX graph and/or TensorRT engine
  configs   (re)write the config.pbtxt files from the specs alone (no GPU, no weights)

Common options: --models a,b (default all), --target tensorrt|onnxruntime (GPU plans, or ONNX
graphs on the CPU), --precision fp16|bf16|fp32|strongly-typed, --c-radio-max-size N (profile max
side, default 1024), --c-radio-fixed-size N (one fixed size instead of a profile),
--radio1d-num-tokens (add the num_tokens input to the RADIO1D model), --radio-repo DIR (a local
NVlabs/RADIO checkout instead of torch.hub), --checkpoint VERSION=FILE (a local checkpoint, e.g.
c-radio_v4-h=c-radio_v4-h_half.pth.tar; repeatable).
"""
import argparse
import contextlib
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
        spec = dataclasses.replace(specs[name], precision=args.precision, target=args.target)
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


def sources(args):
    from radio4j_export.loaders import Sources

    checkpoints = {}
    for item in args.checkpoint:
        version, sep, path = item.partition("=")
        if not sep or not path:
            raise SystemExit(f"--checkpoint takes VERSION=FILE, got {item!r}")
        checkpoints[version] = os.path.abspath(path)
    return Sources(radio_repo=os.path.abspath(args.radio_repo) if args.radio_repo else None, checkpoints=checkpoints)


def cmd_export(args):
    import torch
    from radio4j_export import loaders
    from radio4j_export.onnx_export import export, install_onnx

    torch.manual_seed(0)
    logits = None
    for spec in selected_specs(args):
        if spec.family in ("clip_vision", "clip_text") and not args.keep_default_logits:
            logits = logits or loaders.siglip_logits()
            spec = dataclasses.replace(spec, parameters=logits)
        module, example = loaders.export_module(spec, sources(args))
        path = trtexec.onnx_path(args.onnx_dir, spec)
        measured = export(spec, module, example, path)
        del module
        model_dir = write_config(args.repo, measured)
        if spec.target == "onnxruntime":
            path = install_onnx(path, model_dir)
        if spec.family == "clip_text":
            loaders.save_tokenizer(spec, model_dir, sources(args))
        print(f"{spec.name}: {path}, width {measured.width}" + (f", summary {measured.summary_dim}" if measured.summary_dim else ""))


def cmd_build(args):
    if args.target != "tensorrt":
        raise SystemExit("build makes TensorRT engines; with --target onnxruntime the exported graphs are served as they are")
    os.makedirs(os.path.dirname(args.timing_cache), exist_ok=True)
    for spec in selected_specs(args):
        argv = trtexec.command(spec, trtexec.onnx_path(args.onnx_dir, spec), trtexec.plan_path(args.repo, spec),
                               trtexec=args.trtexec, workspace_mib=args.workspace_mib, timing_cache=args.timing_cache)
        print(trtexec.printable(argv))
        if not args.dry_run:
            subprocess.run(argv, check=True)


def _ints(text):
    return tuple(int(v) for v in text.split(",") if v)


def _shapes(text):
    return [tuple(int(v) for v in hw.split("x")) for hw in text.split(",") if hw] or None


def cmd_validate(args):
    """Every case ends up in the report, whatever fails; the exit code says whether all passed."""
    from radio4j_export import validate

    checks = []
    try:
        for spec in selected_specs(args):
            try:
                _validate_model(spec, args, checks)
            except Exception as e:  # noqa: BLE001 - a model that cannot be loaded is a report row
                checks += validate.error_checks(spec.name, f"{type(e).__name__}: {e}")
                print(f"{spec.name}: ERROR {type(e).__name__}: {e}", file=sys.stderr)
    finally:
        ok = validate.write_report(checks, args.report, title=f"Validation against PyTorch ({args.runner})")
    with open(os.path.join(args.report, "validation.md")) as f:
        print(f.read())
    if not ok:
        raise SystemExit("validation FAILED: see " + os.path.join(args.report, "validation.md"))


def _validate_model(spec, args, checks):
    import torch
    from radio4j_export import loaders, validate

    device = args.device or ("cuda" if args.runner == "tensorrt" else "cpu")
    module, _ = loaders.export_module(spec, sources(args))
    module = module.to(device).eval()
    if args.runner == "tensorrt":
        engine = validate.TensorRTRunner(trtexec.plan_path(args.repo, spec))
    else:
        if not args.url:
            raise SystemExit("--runner kserve needs --url host:port")
        engine = validate.KServeRunner(args.url, spec.name, args.proto_dir)

    def reference(feeds):
        # RADIO's own code (upstream()), not the trace-safe replacements the graph was traced with.
        ctx = module.upstream() if hasattr(module, "upstream") else contextlib.nullcontext()
        with torch.no_grad(), ctx:
            out = module(*[torch.from_numpy(feeds[t.name]).to(device) for t in spec.inputs()])
        out = out if isinstance(out, tuple) else (out,)
        return {t.name: o.float().cpu().numpy() for t, o in zip(spec.outputs(), out)}

    token_ids = ()
    if spec.family == "clip_text":
        tok = loaders.load_radio(spec.source.split()[1], [spec.adaptor], sources(args)).adaptors[spec.adaptor].tokenizer
        token_ids = tok(["a photo of a cat", "a red car on a street", "two dogs playing in the snow",
                         "a diagram of a transformer", "an empty room"])["input_ids"].tolist()
    inputs = validate.validation_inputs(spec, batches=_ints(args.batches), token_ids=token_ids, shapes=_shapes(args.shapes))
    min_cosine = args.min_cosine if args.min_cosine > 0 else None
    validate.run(spec, engine, reference, inputs, min_cosine, log=lambda line: print(line, flush=True), into=checks)


def cmd_check(args):
    from radio4j_export.consistency import check_model_dir

    problems = []
    for spec in selected_specs(args):
        model_dir = os.path.join(args.repo, spec.name)
        config = _config_for_check(spec, model_dir, args)
        onnx_file = trtexec.onnx_path(args.onnx_dir, spec) if args.onnx_dir else None
        if spec.target == "onnxruntime":
            onnx_file = _installed_graph(model_dir)
        plan = trtexec.plan_path(args.repo, spec) if args.engines else None
        problems += check_model_dir(spec, config, onnx_file, plan)
    for p in problems:
        print("PROBLEM:", p)
    if problems:
        raise SystemExit(1)
    print("configs agree with", "engines" if args.engines else "ONNX graphs")


def _default_proto_dir():
    return os.path.join(os.path.dirname(MODULE_DIR), "triton-client", "src", "main", "proto")


def _installed_graph(model_dir):
    graph = os.path.join(model_dir, "1", "model.onnx")
    if os.path.isdir(graph):
        graph = os.path.join(graph, "model.onnx")
    if not os.path.isfile(graph):
        raise SystemExit(f"{model_dir}: no 1/model.onnx; run 'export --target onnxruntime' first")
    return graph


def _config_for_check(spec, model_dir, args):
    """The spec's config after an export measured its dims (read back from the ONNX when present)."""
    from radio4j_export.onnx_export import measured_spec_from_onnx

    if spec.target == "onnxruntime":
        spec = measured_spec_from_onnx(spec, _installed_graph(model_dir))
    elif args.onnx_dir and os.path.exists(trtexec.onnx_path(args.onnx_dir, spec)):
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
    parser.add_argument("--target", default="tensorrt", choices=["tensorrt", "onnxruntime"],
                        help="tensorrt: GPU plans (default); onnxruntime: the ONNX graphs on the CPU (KIND_CPU)")
    parser.add_argument("--precision", default="fp16", choices=["fp16", "bf16", "fp32", "strongly-typed"])
    parser.add_argument("--radio-repo", default="", help="local NVlabs/RADIO checkout used instead of torch.hub")
    parser.add_argument("--checkpoint", action="append", default=[], metavar="VERSION=FILE",
                        help="local checkpoint for a RADIO version (hubconf radio_model loads a file path); repeatable")
    parser.add_argument("--keep-default-logits", action="store_true",
                        help="export: keep the default SigLIP logit scale/bias instead of reading them from Hugging Face")
    parser.add_argument("--runner", default="tensorrt", choices=["tensorrt", "kserve"], help="validate: what runs the models")
    parser.add_argument("--url", default="", help="validate --runner kserve: host:port of a KServe v2 gRPC server")
    parser.add_argument("--proto-dir", default=_default_proto_dir(), help="Triton's .proto files for the kserve runner")
    parser.add_argument("--batches", default="1,3", help="validate: batch sizes per case (default 1,3: not the trace batch)")
    parser.add_argument("--shapes", default="", help="validate: HxW list instead of the five default shapes, e.g. 224x224,640x384")
    parser.add_argument("--min-cosine", type=float, default=0.0,
                        help="validate: one threshold for every output (default 0.999 summaries, 0.99 per token)")
    parser.add_argument("--device", default="", help="validate: where the PyTorch reference runs (default cuda for tensorrt, else cpu)")
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
