"""Runs the same KServe v2 cases against two servers and compares codes, texts and payloads case by case.

usage: conformance.py STUBS_DIR SUBJECT_ADDRESS REFERENCE_ADDRESS REPORT_FILE

SUBJECT is radio4j's KServeServer, REFERENCE the Triton-behaving reference_server.py, both serving
the repository of make_models.py with the same models loaded. Each case runs on the subject and
then on the reference, so stateful cases (repository control, shared memory) see the same history.
A case whose results differ is a failure unless it is listed in DELIBERATE with the reason (the
radio-core README's table lists the same). Prints one line per difference and a summary line
"conformance: N passed, M failed"; exits 1 on any unexplained difference.
"""
import json
import os
import struct
import sys

sys.path.insert(0, sys.argv[1])
import grpc  # noqa: E402
import grpc_service_pb2 as pb  # noqa: E402
import grpc_service_pb2_grpc as rpc  # noqa: E402
from google.protobuf import text_format  # noqa: E402

# Cases whose answers differ on purpose: name -> (what is compared, why).
#   "code": only the status code is compared; "none": both must answer, nothing else compared.
RUNTIME = "the embedded runtime (ONNX Runtime's Java API) cannot hold UINT16/UINT32/UINT64/BYTES tensors; Triton's ONNX backend can"
DELIBERATE = {
    "server_metadata": ("extensions", "name and version are radio4j's own (Triton reports 'triton' and its release)"),
    "load_broken": ("code", "the reason names what ONNX Runtime found wrong, worded by radio4j rather than by Triton's onnxruntime backend"),
    "load_file_override": ("code", "model-file overrides ('file:' load parameters) are not supported; the text says so"),
}
for _t in ("uint16", "uint32", "uint64", "bytes"):
    DELIBERATE["identity_%s_raw" % _t] = ("none", RUNTIME)
    DELIBERATE["identity_%s_typed" % _t] = ("none", RUNTIME)
DELIBERATE["bytes_truncated_last_element"] = ("none", "Triton's core accepts a last string element shorter than its length "
                                             "prefix (ValidateBytesInputs stops at the buffer's end); radio4j refuses it as malformed")
DELIBERATE["optional_missing_required"] = ("none", "Triton's core only counts inputs (ValidateRequestInputs), so a request "
                                          "that gives the optional input instead of the required one reaches the backend, whose "
                                          "text is its own; radio4j refuses it with INVALID_ARGUMENT naming the missing input")

PID = os.getpid()
SHM_KEYS = []
TARGET = ["a"]   # which server the current case runs on; shared-memory keys are per server


def key(role):
    return "radio4j_conf_%d_%s_%s" % (PID, TARGET[0], role)


def shm_file(key, size, fill=b""):
    path = "/dev/shm/" + key
    with open(path, "wb") as f:
        f.write(fill + b"\0" * (size - len(fill)))
    SHM_KEYS.append(path)
    return "/" + key


def raw_i32(values):
    return struct.pack("<%di" % len(values), *values)


def tensor(req, name, datatype, shape, **params):
    t = req.inputs.add(name=name, datatype=datatype, shape=shape)
    for k, v in params.items():
        set_param(t.parameters[k], v)
    return t


def set_param(p, v):
    if isinstance(v, bool):
        p.bool_param = v
    elif isinstance(v, int):
        p.int64_param = v
    elif isinstance(v, float):
        p.double_param = v
    elif isinstance(v, tuple) and v[0] == "uint64":
        p.uint64_param = v[1]
    elif v is None:
        pass
    else:
        p.string_param = v


def simple(batch=1, rid="", version="", model="simple"):
    req = pb.ModelInferRequest(model_name=model, model_version=version, id=rid)
    tensor(req, "INPUT0", "INT32", [batch, 16])
    tensor(req, "INPUT1", "INT32", [batch, 16])
    req.raw_input_contents.append(raw_i32(list(range(16 * batch))))
    req.raw_input_contents.append(raw_i32([2] * (16 * batch)))
    return req


CASES = []


def case(name):
    def register(fn):
        CASES.append((name, fn))
        return fn
    return register


def infer_case(name, build):
    CASES.append((name, lambda stub: stub.ModelInfer(build())))


# ------------------------------------------------------------------ health and metadata
case("server_live")(lambda s: s.ServerLive(pb.ServerLiveRequest()))
case("server_ready")(lambda s: s.ServerReady(pb.ServerReadyRequest()))
case("server_metadata")(lambda s: s.ServerMetadata(pb.ServerMetadataRequest()))
for _v in ["", "1", "2", "0", "abc", "-1", "1abc", " 1", "+1", "99999999999999999999", "1.5"]:
    CASES.append(("model_ready_simple_v[%s]" % _v, lambda s, v=_v: s.ModelReady(pb.ModelReadyRequest(name="simple", version=v))))
for _name, _v in [("nope", ""), ("nope", "abc"), ("", ""), ("lazy", ""), ("nope", "1")]:
    CASES.append(("model_ready_%s_v[%s]" % (_name or "empty", _v),
                  lambda s, n=_name, v=_v: s.ModelReady(pb.ModelReadyRequest(name=n, version=v))))
LOADED = ["simple", "nobatch", "optional_in", "scores"] + ["identity_" + t for t in
          ("bool", "uint8", "uint16", "uint32", "uint64", "int8", "int16", "int32", "int64", "fp16", "fp32", "fp64", "bytes")]
for _m in LOADED:
    CASES.append(("metadata_" + _m, lambda s, m=_m: s.ModelMetadata(pb.ModelMetadataRequest(name=m))))
    CASES.append(("config_" + _m, lambda s, m=_m: s.ModelConfig(pb.ModelConfigRequest(name=m))))
for _v in ["1", "2", "abc", "-3"]:
    CASES.append(("metadata_simple_v[%s]" % _v, lambda s, v=_v: s.ModelMetadata(pb.ModelMetadataRequest(name="simple", version=v))))
    CASES.append(("config_simple_v[%s]" % _v, lambda s, v=_v: s.ModelConfig(pb.ModelConfigRequest(name="simple", version=v))))
case("metadata_unknown")(lambda s: s.ModelMetadata(pb.ModelMetadataRequest(name="nope")))
case("config_unknown")(lambda s: s.ModelConfig(pb.ModelConfigRequest(name="nope")))
case("statistics_all")(lambda s: s.ModelStatistics(pb.ModelStatisticsRequest()))
case("statistics_simple")(lambda s: s.ModelStatistics(pb.ModelStatisticsRequest(name="simple")))
case("statistics_simple_v1")(lambda s: s.ModelStatistics(pb.ModelStatisticsRequest(name="simple", version="1")))
case("statistics_simple_v7")(lambda s: s.ModelStatistics(pb.ModelStatisticsRequest(name="simple", version="7")))
case("statistics_simple_vabc")(lambda s: s.ModelStatistics(pb.ModelStatisticsRequest(name="simple", version="abc")))
case("statistics_unknown")(lambda s: s.ModelStatistics(pb.ModelStatisticsRequest(name="nope")))

# ------------------------------------------------------------------ simple inference
infer_case("simple_batch1", lambda: simple())
infer_case("simple_batch2_with_id", lambda: simple(2, rid="r2"))
infer_case("simple_batch8", lambda: simple(8))
infer_case("simple_version1", lambda: simple(version="1"))


def _subset():
    r = simple(rid="sub")
    r.outputs.add(name="OUTPUT1")
    return r


infer_case("simple_output_subset", _subset)


def _both_outputs_reversed():
    r = simple()
    r.outputs.add(name="OUTPUT1")
    r.outputs.add(name="OUTPUT0")
    return r


infer_case("simple_outputs_reversed", _both_outputs_reversed)


def _typed_simple():
    r = pb.ModelInferRequest(model_name="simple", id="typed")
    tensor(r, "INPUT0", "INT32", [1, 16]).contents.int_contents.extend(range(16))
    tensor(r, "INPUT1", "INT32", [1, 16]).contents.int_contents.extend([5] * 16)
    return r


infer_case("simple_typed_contents", _typed_simple)


def _extra_raw():
    r = simple()
    r.raw_input_contents.append(b"\0" * 8)
    return r


infer_case("simple_extra_raw_contents_ignored", _extra_raw)
infer_case("simple_overflow_wraps", lambda: (lambda r: (r.raw_input_contents.__setitem__(0, raw_i32([2 ** 31 - 1] * 16)), r)[1])(simple()))

# ------------------------------------------------------------------ lookup, versions, check order
infer_case("infer_unknown_model", lambda: simple(model="nope"))


def _unknown_model_bad_buffer():
    r = simple(model="nope")
    r.raw_input_contents[0] = b"\0" * 3
    return r


infer_case("infer_unknown_model_bad_buffer", _unknown_model_bad_buffer)
infer_case("infer_version_abc", lambda: simple(version="abc"))
infer_case("infer_version_2", lambda: simple(version="2"))
infer_case("infer_version_negative", lambda: simple(version="-2"))
infer_case("infer_never_loaded_model", lambda: simple(model="lazy"))
infer_case("infer_version_abc_unknown_model", lambda: simple(model="nope", version="abc"))


def _mutate(fn):
    def build():
        r = simple(rid="m")
        fn(r)
        return r
    return build


infer_case("byte_size_short", _mutate(lambda r: r.raw_input_contents.__setitem__(0, b"\0" * 60)))
infer_case("byte_size_long_no_id", lambda: (lambda r: (r.raw_input_contents.__setitem__(1, b"\0" * 68), r)[1])(simple()))
infer_case("shape_missing_batch_dim", _mutate(lambda r: (r.inputs[0].ClearField("shape"), r.inputs[0].shape.extend([16]),
                                                         r.inputs[1].ClearField("shape"), r.inputs[1].shape.extend([16]))))
infer_case("shape_wrong_dim", _mutate(lambda r: (r.inputs[1].ClearField("shape"), r.inputs[1].shape.extend([1, 15]))))
infer_case("shape_wildcard_in_request", _mutate(lambda r: (r.inputs[1].ClearField("shape"), r.inputs[1].shape.extend([1, -1]))))
infer_case("shape_extra_rank", _mutate(lambda r: (r.inputs[1].ClearField("shape"), r.inputs[1].shape.extend([1, 16, 1]))))
infer_case("shape_empty_batch_model", _mutate(lambda r: r.inputs[1].ClearField("shape")))
infer_case("batch_mismatch", _mutate(lambda r: (r.inputs[1].ClearField("shape"), r.inputs[1].shape.extend([2, 16]),
                                                r.raw_input_contents.__setitem__(1, raw_i32([0] * 32)))))
infer_case("batch_mismatch_before_shape", _mutate(lambda r: (r.inputs[1].ClearField("shape"), r.inputs[1].shape.extend([2, 3]))))
infer_case("batch_too_big", lambda: simple(9, rid="b9"))
infer_case("batch_too_big_before_shape", _mutate(lambda r: (r.inputs[0].ClearField("shape"), r.inputs[0].shape.extend([9, 3]),
                                                            r.inputs[1].ClearField("shape"), r.inputs[1].shape.extend([9, 3]))))
infer_case("datatype_mismatch", _mutate(lambda r: setattr(r.inputs[0], "datatype", "FP32")))
infer_case("datatype_invalid", _mutate(lambda r: setattr(r.inputs[0], "datatype", "FLOAT")))
infer_case("datatype_empty", _mutate(lambda r: setattr(r.inputs[0], "datatype", "")))
infer_case("datatype_before_bytes_framing", _mutate(lambda r: (setattr(r.inputs[0], "datatype", "BYTES"),
                                                               r.raw_input_contents.__setitem__(0, b"\xff\xff"))))
infer_case("datatype_before_shape", _mutate(lambda r: (setattr(r.inputs[0], "datatype", "INT64"), r.inputs[0].ClearField("shape"),
                                                       r.inputs[0].shape.extend([1, 3]))))
infer_case("missing_input", _mutate(lambda r: (r.inputs.pop(), r.raw_input_contents.pop())))
infer_case("no_inputs", lambda: pb.ModelInferRequest(model_name="simple", id="none"))
infer_case("no_inputs_no_id", lambda: pb.ModelInferRequest(model_name="simple"))
infer_case("extra_unknown_input", _mutate(lambda r: (tensor(r, "EXTRA", "INT32", [1, 16]), r.raw_input_contents.append(raw_i32([0] * 16)))))
infer_case("unknown_input_replacing_one", _mutate(lambda r: setattr(r.inputs[1], "name", "INPUTX")))
infer_case("duplicate_input", _mutate(lambda r: setattr(r.inputs[1], "name", "INPUT0")))
infer_case("duplicate_output", _mutate(lambda r: (r.outputs.add(name="OUTPUT0"), r.outputs.add(name="OUTPUT0"))))
infer_case("unknown_output", _mutate(lambda r: r.outputs.add(name="OUTPUT9")))
infer_case("unknown_outputs_sorted", _mutate(lambda r: (r.outputs.add(name="ZZZ"), r.outputs.add(name="AAA"))))
infer_case("unknown_output_before_missing_input", _mutate(lambda r: (r.outputs.add(name="NOPE"), r.inputs.pop(), r.raw_input_contents.pop())))
infer_case("raw_and_contents_mixed", _mutate(lambda r: r.inputs[1].contents.int_contents.extend([1] * 16)))
infer_case("raw_missing_for_second_input", _mutate(lambda r: r.raw_input_contents.pop()))
infer_case("empty_contents_message", lambda: (lambda r: (tensor(r, "INPUT0", "INT32", [1, 16]).contents.SetInParent(),
                                                          tensor(r, "INPUT1", "INT32", [1, 16]).contents.int_contents.extend([1] * 16), r)[2])(
    pb.ModelInferRequest(model_name="simple", id="e")))


def _two_fields():
    r = pb.ModelInferRequest(model_name="simple", id="two")
    t = tensor(r, "INPUT0", "INT32", [1, 16])
    t.contents.int_contents.extend([1] * 16)
    t.contents.fp32_contents.extend([1.0] * 16)
    tensor(r, "INPUT1", "INT32", [1, 16]).contents.int_contents.extend([1] * 16)
    return r


infer_case("typed_two_fields", _two_fields)

# ------------------------------------------------------------------ every datatype
SAMPLES = {
    "bool": ("BOOL", b"\x01\x00\x01", "bool_contents", [True, False, True]),
    "uint8": ("UINT8", bytes([1, 200, 3]), "uint_contents", [1, 200, 3]),
    "uint16": ("UINT16", struct.pack("<3H", 1, 60000, 3), "uint_contents", [1, 60000, 3]),
    "uint32": ("UINT32", struct.pack("<3I", 1, 4000000000, 3), "uint_contents", [1, 4000000000, 3]),
    "uint64": ("UINT64", struct.pack("<3Q", 1, 2 ** 63, 3), "uint64_contents", [1, 2 ** 63, 3]),
    "int8": ("INT8", struct.pack("<3b", -1, 100, 3), "int_contents", [-1, 100, 3]),
    "int16": ("INT16", struct.pack("<3h", -1, 30000, 3), "int_contents", [-1, 30000, 3]),
    "int32": ("INT32", struct.pack("<3i", -1, 2 ** 30, 3), "int_contents", [-1, 2 ** 30, 3]),
    "int64": ("INT64", struct.pack("<3q", -1, 2 ** 40, 3), "int64_contents", [-1, 2 ** 40, 3]),
    "fp16": ("FP16", struct.pack("<3e", 1.5, -2.0, 0.25), None, None),
    "fp32": ("FP32", struct.pack("<3f", 1.5, -2.0, 0.25), "fp32_contents", [1.5, -2.0, 0.25]),
    "fp64": ("FP64", struct.pack("<3d", 1.5, -2.0, 0.25), "fp64_contents", [1.5, -2.0, 0.25]),
    "bytes": ("BYTES", b"".join(struct.pack("<I", len(x)) + x for x in (b"a", b"", b"xyz")), "bytes_contents", [b"a", b"", b"xyz"]),
}
WRONG_FIELD = {"bool_contents": ("int_contents", [1, 0, 1]), "uint_contents": ("int64_contents", [1, 2, 3]),
               "uint64_contents": ("uint_contents", [1, 2, 3]), "int_contents": ("fp32_contents", [1.0, 2.0, 3.0]),
               "int64_contents": ("int_contents", [1, 2, 3]), "fp32_contents": ("fp64_contents", [1.0, 2.0, 3.0]),
               "fp64_contents": ("fp32_contents", [1.0, 2.0, 3.0]), "bytes_contents": ("uint_contents", [1, 2, 3])}


def identity_request(t, rid="id"):
    dtype, raw, _, _ = SAMPLES[t]
    r = pb.ModelInferRequest(model_name="identity_" + t, id=rid)
    tensor(r, "INPUT0", dtype, [1, 3])
    r.raw_input_contents.append(raw)
    return r


for _t, (_dtype, _raw, _field, _values) in SAMPLES.items():
    infer_case("identity_%s_raw" % _t, lambda t=_t: identity_request(t))
    if _field:
        def _typed(t=_t, dtype=_dtype, field=_field, values=_values):
            r = pb.ModelInferRequest(model_name="identity_" + t, id="typed")
            getattr(tensor(r, "INPUT0", dtype, [1, 3]).contents, field).extend(values)
            return r
        infer_case("identity_%s_typed" % _t, _typed)

        def _wrong(t=_t, dtype=_dtype, field=_field):
            r = pb.ModelInferRequest(model_name="identity_" + t, id="wrong")
            other, values = WRONG_FIELD[field]
            getattr(tensor(r, "INPUT0", dtype, [1, 3]).contents, other).extend(values)
            return r
        infer_case("identity_%s_typed_wrong_field" % _t, _wrong)
    if _dtype != "BYTES":
        infer_case("identity_%s_byte_size" % _t,
                   lambda t=_t: (lambda r: (r.raw_input_contents.__setitem__(0, r.raw_input_contents[0] + b"\0"), r)[1])(identity_request(t)))
        infer_case("identity_%s_datatype_mismatch" % _t,
                   lambda t=_t: (lambda r: (setattr(r.inputs[0], "datatype", "INT64" if t != "int64" else "INT32"), r)[1])(identity_request(t)))
infer_case("identity_fp32_batch4_len5", lambda: (lambda r: (r.inputs[0].ClearField("shape"), r.inputs[0].shape.extend([4, 5]),
                                                             r.raw_input_contents.__setitem__(0, struct.pack("<20f", *range(20))), r)[3])(identity_request("fp32")))


def _bytes_case(payload, shape=(1, 3)):
    def build():
        r = pb.ModelInferRequest(model_name="identity_bytes", id="s")
        tensor(r, "INPUT0", "BYTES", list(shape))
        r.raw_input_contents.append(payload)
        return r
    return build


infer_case("bytes_incomplete_length_indicator", _bytes_case(struct.pack("<I", 1) + b"a" + b"\x02\x00"))
infer_case("bytes_too_many_elements", _bytes_case(b"".join(struct.pack("<I", 1) + b"x" for _ in range(4))))
infer_case("bytes_too_few_elements", _bytes_case(b"".join(struct.pack("<I", 1) + b"x" for _ in range(2))))
infer_case("bytes_empty_buffer", _bytes_case(b""))
infer_case("bytes_truncated_last_element", _bytes_case(struct.pack("<I", 1) + b"a" + struct.pack("<I", 0) + struct.pack("<I", 9) + b"ab"))
infer_case("bytes_to_fp32_model", lambda: (lambda r: (setattr(r.inputs[0], "datatype", "BYTES"), r)[1])(identity_request("fp32")))

# ------------------------------------------------------------------ no batching, optional inputs
def _nobatch(shape, raw):
    def build():
        r = pb.ModelInferRequest(model_name="nobatch", id="nb")
        tensor(r, "IN", "FP32", shape)
        r.raw_input_contents.append(raw)
        return r
    return build


infer_case("nobatch_ok", _nobatch([2, 3], struct.pack("<6f", *range(6))))
infer_case("nobatch_wrong_shape", _nobatch([1, 2, 3], struct.pack("<6f", *range(6))))
infer_case("nobatch_byte_size", _nobatch([2, 3], struct.pack("<5f", *range(5))))


def _optional(names):
    def build():
        r = pb.ModelInferRequest(model_name="optional_in", id="opt")
        for n in names:
            tensor(r, n, "INT32", [1, 4])
            r.raw_input_contents.append(raw_i32([7, 8, 9, 10]))
        return r
    return build


infer_case("optional_only_required", _optional(["A"]))
infer_case("optional_both", _optional(["A", "B"]))
infer_case("optional_missing_required", _optional(["B"]))
infer_case("optional_none", _optional([]))
infer_case("optional_three", _optional(["A", "B", "C"]))

# ------------------------------------------------------------------ request parameters
PARAMS = [
    ("sequence_id", True), ("sequence_id", 5), ("sequence_id", "corr"), ("sequence_start", 1), ("sequence_start", True),
    ("sequence_end", "yes"), ("priority", -1), ("priority", "high"), ("priority", 1), ("priority", ("uint64", 2)),
    ("priority", 0), ("timeout", 1.5), ("timeout", ("uint64", 5)), ("timeout", 1000000), ("triton_foo", True),
    ("triton_enable_empty_final_response", 1), ("triton_enable_empty_final_response", True), ("custom_uint", ("uint64", 1)),
    ("custom_double", 0.5), ("custom_str", "x"), ("custom_bool", False), ("custom_int", -3), ("unset_value", None),
    ("headers", "h"), ("binary_data_output", True),
]
for _i, (_k, _v) in enumerate(PARAMS):
    def _with_param(k=_k, v=_v):
        r = simple(rid="p")
        set_param(r.parameters[k], v)
        return r
    infer_case("param_%02d_%s" % (_i, _k), _with_param)


def _param_before_duplicate_input():
    r = simple(rid="pd")
    r.inputs[1].name = "INPUT0"
    r.parameters["priority"].string_param = "x"
    return r


infer_case("param_error_before_duplicate_input", _param_before_duplicate_input)
infer_case("optional_in_with_priority_levels", lambda: (lambda r: (set_param(r.parameters["priority"], 1), r)[1])(_optional(["A"])()))

# ------------------------------------------------------------------ classification
def _classify(k, model="scores", output="P", batch=2, kind=int):
    def build():
        if model == "scores":
            r = pb.ModelInferRequest(model_name="scores", id="c")
            tensor(r, "X", "FP32", [batch, 4])
            r.raw_input_contents.append(struct.pack("<%df" % (4 * batch), *([0.1, 0.7, 0.15, 0.05, 0.4, 0.3, 0.2, 0.1][:4 * batch])))
        else:
            r = simple(rid="c")
        o = r.outputs.add(name=output)
        set_param(o.parameters["classification"], kind(k))
        return r
    return build


infer_case("classification_top2_labels", _classify(2))
infer_case("classification_k_above_count", _classify(10, batch=1))
infer_case("classification_int32_no_labels", _classify(3, model="simple", output="OUTPUT0"))
infer_case("classification_zero", _classify(0))
infer_case("classification_wrong_type", _classify(2, kind=str))

# ------------------------------------------------------------------ compression
case("compression_gzip")(lambda s: s.ModelInfer(simple(rid="gz"), compression=grpc.Compression.Gzip))
case("compression_deflate")(lambda s: s.ModelInfer(simple(rid="df"), compression=grpc.Compression.Deflate))
case("compression_deflate_error")(lambda s: s.ModelInfer(simple(9, rid="dfe"), compression=grpc.Compression.Deflate))


# ------------------------------------------------------------------ streaming
def stream(requests, **kw):
    return lambda s: list(s.ModelStreamInfer(iter(requests()), **kw))


case("stream_two_ok_in_order")(stream(lambda: [simple(rid="s1"), simple(2, rid="s2")]))
case("stream_unknown_model_error")(stream(lambda: [simple(model="nope", rid="s3")]))
case("stream_unknown_model_no_id")(stream(lambda: [simple(model="nope")]))
case("stream_validation_error_has_prefix")(stream(lambda: [simple(9, rid="s4")]))
case("stream_error_then_ok")(stream(lambda: [simple(rid="bad", version="abc"), simple(rid="good")]))
case("stream_mixed_models")(stream(lambda: [identity_request("fp32", "a"), simple(rid="b"), identity_request("int8", "c")]))
case("stream_gzip")(stream(lambda: [simple(rid="sg")], compression=grpc.Compression.Gzip))
case("stream_param_error")(stream(lambda: [(lambda r: (set_param(r.parameters["timeout"], "x"), r)[1])(simple(rid="sp"))]))

# ------------------------------------------------------------------ system shared memory
def shm_setup(_):
    shm_file(key("in"), 256, raw_i32(list(range(16))) + raw_i32([3] * 16))
    shm_file(key("out"), 256)
    shm_file(key("small"), 16)
    return None


def register(name, role, offset, size):
    return lambda s: s.SystemSharedMemoryRegister(pb.SystemSharedMemoryRegisterRequest(
        name=name, key=role if role.startswith("/") else "/" + key(role), offset=offset, byte_size=size))


CASES.append(("shm_setup", shm_setup))
case("shm_status_empty")(lambda s: s.SystemSharedMemoryStatus(pb.SystemSharedMemoryStatusRequest()))
case("shm_register_slash_key")(register("r0", "///", 0, 16))
case("shm_register_reserved_prefix")(register("r0", "/triton_python_backend_shm_region_x", 0, 16))
case("shm_register_missing_key")(register("r0", "missing", 0, 16))
case("shm_register_out_of_bounds")(register("r0", "in", 200, 100))
case("shm_register_in")(register("in", "in", 0, 256))
case("shm_register_out")(register("out", "out", 0, 256))
case("shm_register_small")(register("small", "small", 0, 16))
case("shm_register_duplicate")(register("in", "in", 0, 256))
case("shm_register_second_view")(register("in2", "in", 64, 128))
case("shm_status_all")(lambda s: s.SystemSharedMemoryStatus(pb.SystemSharedMemoryStatusRequest()))
case("shm_status_named")(lambda s: s.SystemSharedMemoryStatus(pb.SystemSharedMemoryStatusRequest(name="in")))
case("shm_status_unknown")(lambda s: s.SystemSharedMemoryStatus(pb.SystemSharedMemoryStatusRequest(name="nope")))


def shm_infer(inputs=True, outputs=True, out_region="out", out_size=64, in_offset=0, mutate=None):
    def build():
        r = pb.ModelInferRequest(model_name="simple", id="shm")
        for i, n in enumerate(["INPUT0", "INPUT1"]):
            if inputs:
                tensor(r, n, "INT32", [1, 16], shared_memory_region="in", shared_memory_byte_size=64,
                       shared_memory_offset=in_offset + 64 * i)
            else:
                tensor(r, n, "INT32", [1, 16])
                r.raw_input_contents.append(raw_i32([i] * 16))
        if outputs:
            for i, n in enumerate(["OUTPUT0", "OUTPUT1"]):
                o = r.outputs.add(name=n)
                set_param(o.parameters["shared_memory_region"], out_region)
                set_param(o.parameters["shared_memory_byte_size"], out_size)
                set_param(o.parameters["shared_memory_offset"], 64 * i if out_region == "out" else 0)
        if mutate:
            mutate(r)
        return r
    return build


def read_out(_):
    with open("/dev/shm/" + key("out"), "rb") as f:
        data = f.read(128)
    with open("/dev/shm/" + key("out"), "wb") as f:
        f.write(b"\0" * 256)
    return pb.ModelInferResponse(raw_output_contents=[data])


infer_case("shm_infer_inputs_and_outputs", shm_infer())
CASES.append(("shm_read_outputs_from_region", read_out))
infer_case("shm_infer_inputs_only", shm_infer(outputs=False))
infer_case("shm_infer_outputs_only", shm_infer(inputs=False))
CASES.append(("shm_read_outputs_from_region_2", read_out))
infer_case("shm_output_region_too_small", shm_infer(inputs=False, out_region="small", out_size=16))
case("stream_output_region_too_small")(stream(lambda: [shm_infer(inputs=False, out_region="small", out_size=16)(), simple(rid="next")]))
case("stream_grpc_error_mode_ends_stream")(stream(lambda: [simple(rid="first"), shm_infer(inputs=False, out_region="small", out_size=16)(),
                                                           simple(rid="never")], metadata=(("triton_grpc_error", "true"),)))
case("stream_grpc_error_mode_early_error_keeps_stream")(stream(lambda: [simple(9, rid="early"), simple(rid="after")],
                                                                metadata=(("triton_grpc_error", "true"),)))
infer_case("shm_input_offset_past_end", shm_infer(in_offset=256))
infer_case("shm_input_range_past_end", shm_infer(in_offset=160))
infer_case("shm_unknown_region", shm_infer(mutate=lambda r: set_param(r.inputs[0].parameters["shared_memory_region"], "nope")))
infer_case("shm_missing_byte_size", shm_infer(mutate=lambda r: r.inputs[0].parameters.pop("shared_memory_byte_size")))
infer_case("shm_offset_without_region", shm_infer(inputs=False, outputs=False,
                                                  mutate=lambda r: set_param(r.inputs[0].parameters["shared_memory_offset"], 0)))
infer_case("shm_byte_size_without_region", shm_infer(inputs=False, outputs=False,
                                                     mutate=lambda r: set_param(r.inputs[1].parameters["shared_memory_byte_size"], 4)))
infer_case("shm_region_wrong_type", shm_infer(mutate=lambda r: set_param(r.inputs[0].parameters["shared_memory_region"], 3)))
infer_case("shm_offset_wrong_type", shm_infer(mutate=lambda r: set_param(r.inputs[0].parameters["shared_memory_offset"], "0")))
infer_case("shm_with_contents", shm_infer(mutate=lambda r: r.inputs[0].contents.int_contents.extend([1] * 16)))
infer_case("shm_byte_size_mismatch", shm_infer(mutate=lambda r: set_param(r.inputs[0].parameters["shared_memory_byte_size"], 60)))
infer_case("shm_output_and_classification", shm_infer(inputs=False, mutate=lambda r: set_param(r.outputs[0].parameters["classification"], 2)))
case("cuda_register")(lambda s: s.CudaSharedMemoryRegister(pb.CudaSharedMemoryRegisterRequest(name="g", raw_handle=b"x", device_id=0, byte_size=16)))
case("cuda_status_all")(lambda s: s.CudaSharedMemoryStatus(pb.CudaSharedMemoryStatusRequest()))
case("cuda_status_unknown")(lambda s: s.CudaSharedMemoryStatus(pb.CudaSharedMemoryStatusRequest(name="g")))
case("cuda_status_system_region")(lambda s: s.CudaSharedMemoryStatus(pb.CudaSharedMemoryStatusRequest(name="in")))
case("cuda_unregister")(lambda s: s.CudaSharedMemoryUnregister(pb.CudaSharedMemoryUnregisterRequest(name="g")))
case("shm_unregister_unknown")(lambda s: s.SystemSharedMemoryUnregister(pb.SystemSharedMemoryUnregisterRequest(name="nope")))
case("shm_unregister_in")(lambda s: s.SystemSharedMemoryUnregister(pb.SystemSharedMemoryUnregisterRequest(name="in")))
infer_case("shm_infer_after_unregister", shm_infer())
case("shm_unregister_all")(lambda s: s.SystemSharedMemoryUnregister(pb.SystemSharedMemoryUnregisterRequest()))
case("shm_status_after_unregister_all")(lambda s: s.SystemSharedMemoryStatus(pb.SystemSharedMemoryStatusRequest()))

# ------------------------------------------------------------------ repository control (explicit mode)
def load(name, **params):
    def run(s):
        req = pb.RepositoryModelLoadRequest(model_name=name)
        for k, v in params.items():
            if isinstance(v, bytes):
                req.parameters[k].bytes_param = v
            elif isinstance(v, bool):
                req.parameters[k].bool_param = v
            elif isinstance(v, int):
                req.parameters[k].int64_param = v
            else:
                req.parameters[k].string_param = v
        return s.RepositoryModelLoad(req)
    return run


def unload(name, **params):
    def run(s):
        req = pb.RepositoryModelUnloadRequest(model_name=name)
        for k, v in params.items():
            if isinstance(v, bool):
                req.parameters[k].bool_param = v
            else:
                req.parameters[k].string_param = v
        return s.RepositoryModelUnload(req)
    return run


case("index")(lambda s: s.RepositoryIndex(pb.RepositoryIndexRequest()))
case("index_ready_only")(lambda s: s.RepositoryIndex(pb.RepositoryIndexRequest(ready=True)))
case("index_repository_name")(lambda s: s.RepositoryIndex(pb.RepositoryIndexRequest(repository_name="other")))
case("load_repository_name")(lambda s: s.RepositoryModelLoad(pb.RepositoryModelLoadRequest(repository_name="other", model_name="lazy")))
case("load_unknown_model")(load("nope"))
case("load_empty_name")(load(""))
case("load_path_traversal")(load("../simple"))
case("load_unrecognized_parameter")(load("lazy", foo="bar"))
case("load_config_wrong_type")(load("lazy", config=3))
case("load_file_override")(load("lazy", **{"file:1/model.onnx": b"x"}))
case("load_lazy")(load("lazy"))
case("index_after_load")(lambda s: s.RepositoryIndex(pb.RepositoryIndexRequest()))
case("model_ready_lazy")(lambda s: s.ModelReady(pb.ModelReadyRequest(name="lazy")))
infer_case("infer_lazy", lambda: simple(rid="lz", model="lazy"))
case("unload_dependents_wrong_type")(unload("lazy", unload_dependents="yes"))
case("unload_lazy")(unload("lazy", unload_dependents=False))
case("index_after_unload")(lambda s: s.RepositoryIndex(pb.RepositoryIndexRequest()))
infer_case("infer_unloaded", lambda: simple(rid="ul", model="lazy"))
case("metadata_unloaded_v1")(lambda s: s.ModelMetadata(pb.ModelMetadataRequest(name="lazy", version="1")))
case("metadata_unloaded_v2")(lambda s: s.ModelMetadata(pb.ModelMetadataRequest(name="lazy", version="2")))
case("model_ready_unloaded")(lambda s: s.ModelReady(pb.ModelReadyRequest(name="lazy")))
case("statistics_unloaded")(lambda s: s.ModelStatistics(pb.ModelStatisticsRequest(name="lazy")))
case("unload_unknown")(unload("nope"))
case("load_lazy_config_override")(load("lazy", config=json.dumps({
    "name": "lazy", "platform": "onnxruntime_onnx", "max_batch_size": 2,
    "input": [{"name": "INPUT0", "data_type": "TYPE_INT32", "dims": [16]}, {"name": "INPUT1", "data_type": "TYPE_INT32", "dims": [16]}],
    "output": [{"name": "OUTPUT0", "data_type": "TYPE_INT32", "dims": [16]}, {"name": "OUTPUT1", "data_type": "TYPE_INT32", "dims": [16]}]})))
case("config_after_override")(lambda s: s.ModelConfig(pb.ModelConfigRequest(name="lazy")))
infer_case("infer_override_batch_limit", lambda: simple(3, rid="ov", model="lazy"))
infer_case("infer_override_ok", lambda: simple(2, rid="ov2", model="lazy"))
case("load_broken")(load("broken"))
case("index_after_broken")(lambda s: s.RepositoryIndex(pb.RepositoryIndexRequest(ready=True)))
case("model_ready_broken")(lambda s: s.ModelReady(pb.ModelReadyRequest(name="broken")))
case("unload_lazy_again")(unload("lazy"))
case("load_lazy_again")(load("lazy"))
infer_case("infer_reloaded", lambda: simple(rid="rl", model="lazy"))


# ------------------------------------------------------------------ running and comparing
def canonical(name, result):
    """The comparable form of one answer: code and text, or the response with run-dependent fields removed."""
    if isinstance(result, grpc.RpcError):
        return {"code": result.code().name, "message": neutral(result.details())}
    if result is None:
        return {"code": "OK", "payload": []}
    responses = result if isinstance(result, list) else [result]
    out = []
    for r in responses:
        r = type(r).FromString(r.SerializeToString())
        if isinstance(r, pb.ServerMetadataResponse):
            r.name, r.version = "<server>", "<version>"
        if isinstance(r, pb.ModelStatisticsResponse):
            kept = [(m.name, m.version) for m in r.model_stats]
            r = pb.ModelStatisticsResponse()
            for n, v in kept:
                r.model_stats.add(name=n, version=v)
        out.append(neutral(text_format.MessageToString(r, as_one_line=True)))
    return {"code": "OK", "payload": out}


def neutral(text):
    """Shared-memory keys name the server they were made for; that part is not compared."""
    return text.replace("_%d_a_" % PID, "_<server>_").replace("_%d_b_" % PID, "_<server>_")


def run(stub, name, fn):
    try:
        return canonical(name, fn(stub))
    except grpc.RpcError as e:
        return canonical(name, e)


def main():
    subject = rpc.GRPCInferenceServiceStub(grpc.insecure_channel(sys.argv[2]))
    reference = rpc.GRPCInferenceServiceStub(grpc.insecure_channel(sys.argv[3]))
    report, passed, deliberate, failed = [], 0, 0, 0
    try:
        for name, fn in CASES:
            TARGET[0] = "a"
            a = run(subject, name, fn)
            TARGET[0] = "b"
            b = run(reference, name, fn)
            kind, why = DELIBERATE.get(name, (None, None))
            if kind == "none":
                same = True
            elif kind == "code":
                same = a["code"] == b["code"]
            elif kind == "extensions":
                same = a == b
            else:
                same = a == b
            status = "same" if a == b else ("deliberate" if same else "DIFFERENT")
            if status == "same":
                passed += 1
            elif status == "deliberate":
                deliberate += 1
            else:
                failed += 1
                print("DIFFERENT %s\n  radio4j:   %s\n  reference: %s" % (name, json.dumps(a), json.dumps(b)))
            report.append({"case": name, "status": status, "radio4j": a, "reference": b, "why": why})
    finally:
        for path in SHM_KEYS:
            if os.path.exists(path):
                os.remove(path)
    with open(sys.argv[4], "w") as f:
        json.dump(report, f, indent=1)
    print("conformance cases: %d (%d identical, %d deliberate differences)" % (len(CASES), passed, deliberate))
    print("conformance: %d passed, %d failed" % (passed + deliberate, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
