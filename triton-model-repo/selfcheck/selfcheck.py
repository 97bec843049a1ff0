#!/usr/bin/env python3
"""Real-architecture self-check: RADIO's own model code, random weights, the whole CPU path.

For each model: write a checkpoint with random weights in the layout NVlabs/RADIO's hubconf loads
(random_checkpoints.py), export it with `export/radio4j_repo.py export --target onnxruntime`,
`check` the configs against the graphs, serve the repository with radio4j's embedded ONNX Runtime
backend over KServe v2 (io.radio4j.core.backend.ServeRepository), `validate` every output against
PyTorch running RADIO's unmodified code (batch sizes and shapes below), time batch-1 requests, then
run radio4j's Java CRadioEncoder on a real photo (SNAP16 portrait and SQUASH 640x384; RADIO1D:
Radio1dEncoder for 1 and 64 tokens) and compare its answers with PyTorch on the very pixels the
encoder sent. Writes REPORT.md (and the
validation tables) into --out. Exits 1 if any step failed.

    python3 selfcheck/selfcheck.py --radio ../RADIO --timm ../pytorch-image-models --einops ../einops \\
        [--depth 4 | --depth 0 (real depth)] [--models c_radio_v4_h,c_radio_v4_so400m,radio_clip_vision,radio1d_h]

Needs: Debian's python3-torch, python3-torchvision (timm imports it), python3-onnx, python3-grpcio,
python3-grpc-tools, a JDK 25 and this repository's Maven build (offline is fine once built).
Nothing here runs in ./test.sh: it needs the three checkouts, which are never copied in here.
"""
import argparse
import contextlib
import dataclasses
import datetime
import functools
import json
import os
import platform
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
MODULE = os.path.dirname(HERE)
ROOT = os.path.dirname(MODULE)
REPO_PY = os.path.join(MODULE, "export", "radio4j_repo.py")
VERSION = {"c_radio_v4_h": "c-radio_v4-h", "c_radio_v4_so400m": "c-radio_v4-so400m", "radio_clip_vision": "c-radio_v4-h",
           "radio1d_h": "c-radio_v4-1d-h"}
# The name the export's loaders look a local checkpoint up by, where it is not the RADIO version
# (RADIO1D is published as a Hugging Face model; see export/radio4j_export/loaders.py load_radio1d).
CHECKPOINT_KEY = {"c-radio_v4-1d-h": "nvidia/C-RADIOv4-1D-H"}
# What the Java step asks each family's encoder for: (mode, size) pairs, see EncoderCheck.java.
JAVA_CASES = {"c_radio": (("SNAP16", "384"), ("SQUASH", "640x384")), "radio1d": (("TOKENS", "1"), ("TOKENS", "64"))}
DEFAULT_PHOTO = "/usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg"  # Debian python3-matplotlib
MIN_COSINE = 0.9999


class Steps:
    def __init__(self):
        self.rows = []

    @contextlib.contextmanager
    def step(self, model, name):
        start = time.time()
        print(f"== {model}: {name}", flush=True)
        try:
            yield
            self.rows.append((model, name, "pass", time.time() - start, ""))
        except Exception as e:  # noqa: BLE001 - every failure goes into the report
            msg = f"{type(e).__name__}: {e}".replace("\n", " ")[:400]
            self.rows.append((model, name, "FAIL", time.time() - start, msg))
            print(f"   FAILED: {msg}", flush=True)

    def ok(self, model=None):
        return all(r[2] == "pass" for r in self.rows if model is None or r[0] == model)


def run(argv, env=None, log=None):
    print("   $", " ".join(argv), flush=True)
    with open(log, "a") if log else contextlib.nullcontext() as f:
        p = subprocess.run(argv, env=env, stdout=f or None, stderr=subprocess.STDOUT if f else None)
    if p.returncode != 0:
        tail = ""
        if log:
            with open(log) as f:
                tail = " | ".join(f.read().splitlines()[-3:])
        raise RuntimeError(f"exit {p.returncode}: {' '.join(argv[:3])} ... {tail}")


def commit_of(path, given):
    if given:
        return given
    try:
        return subprocess.run(["git", "-C", path, "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    except (subprocess.CalledProcessError, FileNotFoundError):
        return "unknown (not a git checkout; pass --commits)"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def java_classpath(work):
    out = os.path.join(work, "classpath.txt")
    run([os.path.join(ROOT, "mvnw"), "-B", "-ntp", "-o", "-q", "-f", os.path.join(ROOT, "pom.xml"), "-pl", "radio-core", "-am",
         "compile", "dependency:build-classpath", f"-Dmdep.outputFile={out}", "-Dmdep.includeScope=runtime"],
        log=os.path.join(work, "maven.log"))
    with open(out) as f:
        return os.path.join(ROOT, "radio-core", "target", "classes") + os.pathsep + f.read().strip()


@functools.lru_cache(maxsize=None)
def java():
    """The JDK 25+ that ./mvnw builds with (scripts/java-home.sh picks it as run.sh and test.sh do):
    the classes it compiled do not load on an older default java."""
    script = os.path.join(ROOT, "scripts", "java-home.sh")
    home = subprocess.run(["bash", "-c", f'source "{script}" >&2 && printf %s "$JAVA_HOME"'], capture_output=True, text=True,
                          check=True).stdout.strip()
    return os.path.join(home, "bin", "java")


# ONNX Runtime's graph optimiser recurses deeply on a ViT-H graph; the JVM's default thread stack
# was seen to crash it, so every JVM here gets a larger one.
JVM_FLAGS = ["-Xss16m", "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"]


@contextlib.contextmanager
def serve(repo, classpath, log, model):
    port = free_port()
    with open(log, "w") as f:
        proc = subprocess.Popen([java()] + JVM_FLAGS + ["-cp", classpath, "io.radio4j.core.backend.ServeRepository",
                                                        "--repository", repo, "--models", model, "--port", str(port),
                                                        "--intra-op-threads", str(os.cpu_count() or 1)],
                                stdout=f, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 3600
        while time.time() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"the server exited with {proc.returncode}; see {log}")
            with open(log) as f:
                if "(KServe v2 gRPC)" in f.read():
                    break
            time.sleep(2)
        else:
            raise RuntimeError("the server did not start within an hour")
        yield f"127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()


def time_requests(url, models, shapes, proto_dir, repeats):
    """Seconds per batch-1 request, median of `repeats` after one warm-up, per model and shape."""
    import numpy as np
    from radio4j_export import validate

    rows = []
    for model in models:
        runner = validate.KServeRunner(url, model, proto_dir)
        for h, w in shapes:
            feeds = {"image": np.random.default_rng(0).integers(0, 256, (1, h, w, 3), dtype=np.uint8)}
            runner(feeds)
            times = []
            for _ in range(repeats):
                t = time.perf_counter()
                runner(feeds)
                times.append(time.perf_counter() - t)
            rows.append((model, f"{h}x{w}", sorted(times)[len(times) // 2]))
            print(f"   {model} {h}x{w}: {rows[-1][2]:.2f} s", flush=True)
    return rows


def torch_blas():
    """(shared library PyTorch's matrix products ran on, GFLOPS of one FP32 1024x1280x1280 linear).

    Debian's python3-torch is built with BLAS_INFO=generic: F.linear and matmul call whatever
    libblas.so.3 resolves to, and with only libblas3 installed that is Netlib's reference BLAS,
    measured here at under 1 GFLOPS (OpenBLAS: about 20 on one core). At that speed the PyTorch
    reference dominates every step (a 2-block ViT-H at 1024x1024 takes many minutes), so the
    report records both facts.
    """
    import torch

    x, w = torch.randn(1024, 1280), torch.randn(1280, 1280)
    torch.nn.functional.linear(x, w)
    start = time.perf_counter()
    torch.nn.functional.linear(x, w)
    gflops = 2 * 1024 * 1280 * 1280 / (time.perf_counter() - start) / 1e9
    libs = set()
    with open("/proc/self/maps") as f:
        for line in f:
            path = line.split()[-1] if len(line.split()) >= 6 else ""
            if "blas" in os.path.basename(path).lower():
                real = os.path.realpath(path)  # folder and name: Debian keeps each BLAS in its own folder
                libs.add(os.path.join(os.path.basename(os.path.dirname(real)), os.path.basename(real)))
    return ", ".join(sorted(libs)) or "unknown", gflops


def is_reference_blas(libraries: str) -> bool:
    """Debian installs Netlib's reference BLAS as blas/libblas.so.3.x (OpenBLAS, BLIS, ATLAS have their own folders).

    Decided by the library, not by the measured speed: on a loaded machine OpenBLAS measures low as well.
    """
    return any(lib.startswith("blas/libblas.so") for lib in libraries.split(", "))


def compare_java(spec, sources, java_dir):
    """cosine of the Java encoder's summary and (per token) features against PyTorch on its pixels.

    For RADIO1D the features are the prefix and visual tokens and the summary cosine is reported
    as the token count check (1.0 when PyTorch returned as many tokens)."""
    import numpy as np
    import torch
    from radio4j_export import loaders, validate
    from radio4j_export.specs import NUM_PREFIX

    with open(os.path.join(java_dir, "shape.txt")) as f:
        h, w, s_dim, c_dim, millis = (int(v) for v in f.read().split())
    pixels = np.fromfile(os.path.join(java_dir, "pixels.u8"), dtype=np.uint8).reshape(1, h, w, 3)
    summary = np.fromfile(os.path.join(java_dir, "summary.f32"), dtype="<f4").reshape(1, s_dim)
    features = np.fromfile(os.path.join(java_dir, "features.f32"), dtype="<f4").reshape(1, -1, c_dim)
    module, _ = loaders.export_module(spec, sources)
    if spec.family == "radio1d":
        count = features.shape[1]
        inputs = [torch.from_numpy(pixels)]
        if spec.num_tokens_input:
            inputs.append(torch.tensor([[count - NUM_PREFIX]], dtype=torch.int32))
        with torch.no_grad(), module.upstream():
            # Without the num_tokens input the graph returns every token and the encoder keeps the first n.
            ref = module(*inputs).numpy()[:, :count]
        if ref.shape != features.shape:
            raise RuntimeError(f"Java returned tokens {features.shape}, PyTorch {ref.shape}")
        return h, w, 1.0, float(validate.cosine_rows(features[0], ref[0]).min()), millis
    with torch.no_grad(), module.upstream():
        ref_s, ref_f = module(torch.from_numpy(pixels))
    return (h, w, float(validate.cosine_rows(summary, ref_s.numpy()).min()),
            float(validate.cosine_rows(features, ref_f.numpy()).min()), millis)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--radio", required=True, help="NVlabs/RADIO checkout")
    p.add_argument("--timm", required=True, help="huggingface/pytorch-image-models checkout")
    p.add_argument("--einops", required=True, help="arogozhnikov/einops checkout")
    p.add_argument("--commits", default="", help="radio=SHA,timm=SHA,einops=SHA when the checkouts are not git work trees")
    p.add_argument("--depth", type=int, default=4, help="transformer blocks per model; 0 = the real depth (32 for -H, 27 for SO400M)")
    p.add_argument("--models", default="c_radio_v4_h,c_radio_v4_so400m,radio_clip_vision,radio1d_h")
    p.add_argument("--batches", default="1,2,3")
    p.add_argument("--shapes", default="", help="HxW list for C-RADIO validation (default the five standard shapes)")
    p.add_argument("--speed-shapes", default="224x224,512x512,640x384,1024x1024")
    p.add_argument("--speed-repeats", type=int, default=3)
    p.add_argument("--photo", default=DEFAULT_PHOTO)
    p.add_argument("--radio1d-num-tokens", action="store_true",
                   help="export RADIO1D with the num_tokens input (the graph trims), as radio4j_repo.py's flag of that name")
    p.add_argument("--reuse", action="store_true", help="keep models already exported into --work (skip their export)")
    p.add_argument("--work", default=os.path.join(MODULE, "build", "selfcheck"))
    p.add_argument("--out", default=os.path.join(MODULE, "build", "selfcheck", "report"))
    a = p.parse_args()

    a.radio, a.timm, a.einops = (os.path.abspath(x) for x in (a.radio, a.timm, a.einops))
    work, out = os.path.abspath(a.work), os.path.abspath(a.out)
    os.makedirs(work, exist_ok=True)
    os.makedirs(out, exist_ok=True)
    for path in (a.timm, a.einops, os.path.join(MODULE, "export"), HERE):
        sys.path.insert(0, path)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([a.timm, a.einops, os.environ.get("PYTHONPATH", "")]))
    given = dict(kv.split("=", 1) for kv in a.commits.split(",") if "=" in kv)
    commits = {name: commit_of(path, given.get(name)) for name, path in (("radio", a.radio), ("timm", a.timm), ("einops", a.einops))}
    models = [m for m in a.models.split(",") if m]
    log = os.path.join(work, "steps.log")
    steps = Steps()
    started = datetime.datetime.now(datetime.timezone.utc)
    blas = torch_blas()
    print(f"PyTorch BLAS: {blas[0]} ({blas[1]:.1f} GFLOPS on one FP32 linear)", flush=True)
    if is_reference_blas(blas[0]):
        print("WARNING: PyTorch's matrix products run on Netlib's reference BLAS (about 30 times slower than OpenBLAS "
              "here); the PyTorch reference will dominate every step. Install an optimised libblas.so.3 (Debian: "
              "libopenblas0-pthread) or put its folder on LD_LIBRARY_PATH.", flush=True)

    checkpoints = {}
    repo = os.path.join(work, "repo")
    for version in dict.fromkeys(VERSION[m] for m in models):
        path = os.path.join(work, f"{version}-random-d{a.depth}.pth.tar")
        with steps.step(version, "random-weight checkpoint (RADIO create_model_from_args)"):
            if not os.path.exists(path):
                run([sys.executable, "-W", "ignore", "-c",
                     f"import sys; sys.path[:0] = {[a.radio, HERE]!r}; import random_checkpoints as r; "
                     f"print(r.write({version!r}, {path!r}, depth={a.depth}))"], env=env, log=log)
            checkpoints[CHECKPOINT_KEY.get(version, version)] = path
    common = ["--target", "onnxruntime", "--precision", "fp32", "--repo", repo, "--radio-repo", a.radio,
              "--onnx-dir", os.path.join(work, "onnx")] + (
        ["--radio1d-num-tokens"] if a.radio1d_num_tokens else []) + [x for v, f in checkpoints.items() for x in ("--checkpoint", f"{v}={f}")]
    for model in models:
        done = os.path.exists(os.path.join(repo, model, "1", "model.onnx"))
        with steps.step(model, "export --target onnxruntime (trace at batch 2)" + (" [reused]" if a.reuse and done else "")):
            if not (a.reuse and done):
                    run([sys.executable, "-W", "ignore", REPO_PY, "export", "--models", model, "--keep-default-logits"] + common,
                        env=env, log=log)
        with steps.step(model, "check (config.pbtxt against the graph)"):
            run([sys.executable, "-W", "ignore", REPO_PY, "check", "--models", model] + common, env=env, log=log)

    classpath = None
    with steps.step("radio-core", "build (mvnw -o compile)"):
        classpath = java_classpath(work)
    speed = []
    exported = [m for m in models if os.path.isdir(os.path.join(repo, m))]
    speed_shapes = [tuple(int(v) for v in s.split("x")) for s in a.speed_shapes.split(",") if s]
    proto_dir = os.path.join(ROOT, "triton-client", "src", "main", "proto")
    for model in exported if classpath else []:
        # One server per model: ONNX Runtime keeps each session's peak working memory, so one
        # process serving every model at 1024x1024 batch 3 outgrew the machine (killed by the
        # kernel's OOM killer); a model's failure then took the other models' steps with it.
        try:
            with serve(repo, classpath, os.path.join(work, f"serve-{model}.log"), model) as url:
                with steps.step(model, f"validate via KServe (embedded ONNX Runtime), batches {a.batches}, cosine >= {MIN_COSINE}"):
                    run([sys.executable, "-W", "ignore", REPO_PY, "validate", "--models", model, "--runner", "kserve", "--url", url,
                         "--batches", a.batches, "--shapes", a.shapes, "--min-cosine", str(MIN_COSINE),
                         "--report", os.path.join(out, f"validation-{model}")] + common, env=env, log=log)
                if model.startswith("c_radio") and speed_shapes:
                    with steps.step(model, "time batch-1 requests"):
                        speed += time_requests(url, [model], speed_shapes, proto_dir, a.speed_repeats)
        except Exception as e:  # noqa: BLE001
            steps.rows.append((model, "ServeRepository", "FAIL", 0.0, str(e)[:400]))

    encoder_rows = []
    if classpath:
        from radio4j_export.loaders import Sources
        from radio4j_export.specs import default_specs

        sources = Sources(radio_repo=a.radio, checkpoints=checkpoints)
        specs = default_specs()
        if a.radio1d_num_tokens:
            specs = {n: dataclasses.replace(sp, num_tokens_input=True) if sp.family == "radio1d" else sp for n, sp in specs.items()}
        for model in [m for m in exported if specs[m].family in JAVA_CASES]:
            encoder = "Radio1dEncoder" if specs[model].family == "radio1d" else "CRadioEncoder"
            for mode, size in JAVA_CASES[specs[model].family]:
                with steps.step(model, f"Java {encoder} {mode} {size} on {os.path.basename(a.photo)} vs PyTorch"):
                    jdir = os.path.join(work, "java", model, f"{mode}-{size}")
                    run([java()] + JVM_FLAGS + ["-cp", classpath, os.path.join(HERE, "EncoderCheck.java"), repo, model, a.photo,
                                                mode, size, jdir], log=log)
                    h, w, cs, cf, ms = compare_java(specs[model], sources, jdir)
                    encoder_rows.append((model, f"{mode} {size}", f"{h}x{w}", cs, cf, ms))
                    if min(cs, cf) < MIN_COSINE:
                        raise RuntimeError(f"cosine summary {cs}, features {cf} below {MIN_COSINE}")

    write_report(out, a, commits, steps, speed, encoder_rows, started, models, blas)
    print(open(os.path.join(out, "REPORT.md")).read())
    sys.exit(0 if steps.ok() else 1)


def write_report(out, a, commits, steps, speed, encoder_rows, started, models, blas):
    import torch

    depth = "real depth (32 blocks -H, 27 SO400M)" if a.depth == 0 else f"reduced depth: {a.depth} blocks"
    lines = [f"# Self-check: RADIO's model code, random weights, {depth}", "",
             f"Run {started:%Y-%m-%d %H:%M} UTC on {platform.machine()}, {os.cpu_count()} cores (shared), "
             f"torch {torch.__version__}, Python {platform.python_version()}; load average at the end "
             f"{' '.join(f'{v:.1f}' for v in os.getloadavg())}.", "",
             f"PyTorch's BLAS (the reference's matrix products): {blas[0]}, {blas[1]:.1f} GFLOPS on one FP32 linear.", "",
             "| checkout | commit |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in commits.items()]
    lines += ["", "Command:", "", "```", "python3 selfcheck/selfcheck.py " + " ".join(
        f"--{k.replace('_', '-')} {v}" for k, v in sorted(vars(a).items()) if k in ("depth", "models", "batches", "shapes") and v != "") + (
        " --radio1d-num-tokens" if a.radio1d_num_tokens else ""),
        "```", "", "## Steps", "", "| model | step | result | seconds | message |", "|---|---|---|---|---|"]
    lines += [f"| {m} | {s} | {r} | {t:.0f} | {msg.replace('|', '/')} |" for m, s, r, t, msg in steps.rows]
    lines += ["", f"Overall: {'PASS' if steps.ok() else 'FAIL'}", "", "## Validation (cosine against PyTorch, every case)", ""]
    for model in models:
        path = os.path.join(out, f"validation-{model}", "validation.md")
        if os.path.exists(path):
            with open(path) as f:
                lines += [f"### {model}", "", f.read().strip(), ""]
    if encoder_rows:
        lines += ["## Java encoders on a real photo against PyTorch on the same pixels", "",
                  "RADIO1D rows: TOKENS n asks Radio1dEncoder for n visual tokens; the feature cosine covers the prefix "
                  "and every token, and the summary column is 1 when PyTorch returned as many tokens.", "",
                  "| model | resize | model input | summary cosine | min feature cosine | encode ms |", "|---|---|---|---|---|---|"]
        lines += [f"| {m} | {mode} | {hw} | {cs:.10f} | {cf:.10f} | {ms} |" for m, mode, hw, cs, cf, ms in encoder_rows]
        lines.append("")
    if speed:
        lines += ["## CPU time per batch-1 request (embedded ONNX Runtime over KServe gRPC, FP32)", "",
                  f"Median of {a.speed_repeats} after a warm-up; {depth}. The machine was shared with other jobs, so "
                  "treat these as upper bounds.", "", "| model | image | seconds |", "|---|---|---|"]
        lines += [f"| {m} | {hw} | {s:.2f} |" for m, hw, s in speed]
        lines.append("")
    with open(os.path.join(out, "REPORT.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(out, "steps.json"), "w") as f:
        json.dump({"commits": commits, "blas": blas, "steps": steps.rows, "speed": speed, "encoder": encoder_rows}, f, indent=1)


if __name__ == "__main__":
    main()
