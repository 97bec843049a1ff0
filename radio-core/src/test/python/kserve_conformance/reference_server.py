"""A reference KServe v2 server that behaves as Triton Inference Server does, for the conformance suite.

usage: reference_server.py STUBS_DIR REPOSITORY PORT_FILE MODEL[,MODEL...]

It serves Triton's own grpc_service.proto (stubs generated with grpcio-tools into STUBS_DIR) over
the conformance repository, loads the listed models at start (Triton's explicit model-control
mode), allows client shared memory (--allow-client-shm=true) and behaves as a CPU-only Triton.
Each rule is written from Triton's sources and names the function it comes from:

  server = triton-inference-server/server, src/...   core = triton-inference-server/core, src/...

The models' results are computed with numpy from what each model is (see make_models.py). It
writes the bound port to PORT_FILE and serves until killed.
"""
import os
import struct
import sys
import threading
from concurrent import futures

import numpy as np

sys.path.insert(0, sys.argv[1])
import grpc  # noqa: E402
import grpc_service_pb2 as pb  # noqa: E402
import grpc_service_pb2_grpc as rpc  # noqa: E402
import model_config_pb2 as mc  # noqa: E402
from google.protobuf import json_format, text_format  # noqa: E402

INVALID = grpc.StatusCode.INVALID_ARGUMENT
NOT_FOUND = grpc.StatusCode.NOT_FOUND
UNAVAILABLE = grpc.StatusCode.UNAVAILABLE
INTERNAL = grpc.StatusCode.INTERNAL
UNSUPPORTED = grpc.StatusCode.UNIMPLEMENTED
ALREADY_EXISTS = grpc.StatusCode.ALREADY_EXISTS

# common src/model_config.cc DataTypeToProtocolString / GetDataTypeByteSize
CONFIG_TO_WIRE = {mc.TYPE_BOOL: "BOOL", mc.TYPE_UINT8: "UINT8", mc.TYPE_UINT16: "UINT16", mc.TYPE_UINT32: "UINT32",
                  mc.TYPE_UINT64: "UINT64", mc.TYPE_INT8: "INT8", mc.TYPE_INT16: "INT16", mc.TYPE_INT32: "INT32",
                  mc.TYPE_INT64: "INT64", mc.TYPE_FP16: "FP16", mc.TYPE_FP32: "FP32", mc.TYPE_FP64: "FP64",
                  mc.TYPE_STRING: "BYTES", mc.TYPE_BF16: "BF16"}
BYTE_SIZE = {"BOOL": 1, "UINT8": 1, "UINT16": 2, "UINT32": 4, "UINT64": 8, "INT8": 1, "INT16": 2, "INT32": 4,
             "INT64": 8, "FP16": 2, "FP32": 4, "FP64": 8, "BF16": 2, "BYTES": 0}
NUMPY = {"BOOL": np.bool_, "UINT8": np.uint8, "UINT16": np.uint16, "UINT32": np.uint32, "UINT64": np.uint64,
         "INT8": np.int8, "INT16": np.int16, "INT32": np.int32, "INT64": np.int64, "FP16": np.float16,
         "FP32": np.float32, "FP64": np.float64}
# server src/common.h TRITON_RESERVED_REQUEST_PARAMS, kClientShmDisabledErrorStr, kTritonSharedMemoryRegionPrefix
RESERVED_TRITON_PARAMS = ["triton_enable_empty_final_response"]
SHM_PREFIX = "triton_python_backend_shm_region_"
SHM_ROOT = "/dev/shm"
# server side name/version and extensions are deliberately radio4j's (see the README table)
EXTENSIONS = ["classification", "model_repository", "model_repository(unload_dependents)", "schedule_policy",
              "model_configuration", "system_shared_memory", "cuda_shared_memory", "parameters", "statistics"]


class TritonError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def wire_name(datatype):
    """server TRITONSERVER_StringToDataType then TRITONSERVER_DataTypeString: unknown is '<invalid>'."""
    return datatype if datatype in BYTE_SIZE else "<invalid>"


def dims_string(dims):
    """common DimsListToString."""
    return "[" + ",".join(str(d) for d in dims) + "]"


def parse_version(text):
    """server src/common.cc GetModelVersionFromString (std::stol semantics)."""
    if text == "":
        return -1
    i = 0
    while i < len(text) and text[i].isspace():
        i += 1
    start = i
    if i < len(text) and text[i] in "+-":
        i += 1
    digits = i
    while i < len(text) and "0" <= text[i] <= "9":
        i += 1
    value = None
    if i > digits:
        value = int(text[start:i])
        if not (-(2 ** 63) <= value < 2 ** 63):
            value = None
    if value is None:
        raise TritonError(INVALID, "failed to get model version from specified version string '%s' (details: stol), "
                                   "version should be an integral value > 0" % text)
    if value < 0:
        raise TritonError(INVALID, "invalid model version specified '%s' , version should be an integral value > 0" % text)
    return value


class Model:
    def __init__(self, name, config):
        self.name = name
        self.config = config
        self.version = "1"


class Repository:
    """core model_repository_manager.cc / model_lifecycle.cc, explicit mode, one version per model."""

    def __init__(self, root, startup):
        self.root = root
        self.models = {}   # name -> Model (ready)
        self.states = {}   # name -> (version, state, reason)
        self.stats = {}
        for name in startup:
            self.load(name, None)

    def names(self):
        return sorted(d for d in os.listdir(self.root) if os.path.isfile(os.path.join(self.root, d, "config.pbtxt")))

    def load(self, name, override):
        if name not in self.names() and override is None:
            raise TritonError(INTERNAL, "failed to load '%s', failed to poll from model repository" % name)
        config = override
        if config is None:
            config = mc.ModelConfig()
            with open(os.path.join(self.root, name, "config.pbtxt")) as f:
                text_format.Merge(f.read(), config)
        if not config.name:
            config.name = name
        problem = self.check_graph(name, config)
        if problem:
            self.models.pop(name, None)
            self.states[name] = ("1", "UNAVAILABLE", problem)
            raise TritonError(INVALID, "load failed for model '%s': version 1 is at UNAVAILABLE state: Internal: %s;\n" % (name, problem))
        self.models[name] = Model(name, config)
        self.states[name] = ("1", "READY", "")
        self.stats.setdefault(name, {"inference_count": 0, "execution_count": 0, "success": 0, "fail": 0})

    def check_graph(self, name, config):
        # The one broken model of the repository declares an input its graph does not have.
        if name == "broken" and any(i.name == "WRONG" for i in config.input):
            return "model 'broken': config.pbtxt declares input 'WRONG', which the ONNX graph does not have"
        return None

    def unload(self, name):
        if name in self.models:
            del self.models[name]
            self.states[name] = ("1", "UNAVAILABLE", "unloaded")

    def lookup(self, name, version):
        """core ModelLifeCycle::GetModel, prefixed by ModelRepositoryManager::GetModel."""
        model = self.models.get(name)
        if model is not None:
            if version == -1 or str(version) == model.version:
                return model
            raise TritonError(NOT_FOUND, "Request for unknown model: '%s' version %d is not found" % (name, version))
        state = self.states.get(name)
        if state is None:
            raise TritonError(NOT_FOUND, "Request for unknown model: '%s' is not found" % name)
        if version == -1:
            raise TritonError(NOT_FOUND, "Request for unknown model: '%s' has no available versions" % name)
        if str(version) == state[0]:
            raise TritonError(UNAVAILABLE, "Request for unknown model: '%s' version %d is not at ready state" % (name, version))
        raise TritonError(NOT_FOUND, "Request for unknown model: '%s' version %d is not found" % (name, version))


class SharedMemory:
    """server src/shared_memory_manager.cc on Linux, without GPU."""

    def __init__(self):
        self.regions = {}  # name -> (key, offset, byte_size, bytearray-like memoryview over the file)
        self.lock = threading.Lock()

    def register(self, name, key, offset, byte_size):
        stripped = key.lstrip("/")
        if stripped == "":   # src/common.cc ValidateSharedMemoryKey
            raise TritonError(INVALID, "cannot register shared memory region '%s' - invalid shm key '%s'" % (name, key))
        if stripped.startswith(SHM_PREFIX):
            raise TritonError(INVALID, "cannot register shared memory region '%s' with key '%s' as the key contains the "
                                       "reserved prefix '%s'" % (name, key, SHM_PREFIX))
        with self.lock:
            if name in self.regions:
                raise TritonError(ALREADY_EXISTS, "shared memory region '%s' already in manager" % name)
            path = os.path.join(SHM_ROOT, stripped)
            if "/" in stripped or not os.path.isfile(path):
                raise TritonError(INTERNAL, "Unable to open shared memory region: '%s'" % key)
            if offset + byte_size > os.path.getsize(path):
                raise TritonError(INVALID, "failed to register shared memory region '%s': invalid args" % name)
            self.regions[name] = (key, offset, byte_size, path)

    def status(self, name):
        if name == "":
            return list(self.regions.items())
        if name not in self.regions:
            raise TritonError(NOT_FOUND, "Unable to find system shared memory region: '%s'" % name)
        return [(name, self.regions[name])]

    def unregister(self, name):
        if name == "":
            self.regions.clear()
        else:
            self.regions.pop(name, None)

    def info(self, name, offset, byte_size):
        """SharedMemoryManager::GetMemoryInfo."""
        if name not in self.regions:
            raise TritonError(NOT_FOUND, "Unable to find shared memory region: '%s'" % name)
        key, region_offset, region_size, path = self.regions[name]
        if offset < 0 or offset >= region_size:
            raise TritonError(INVALID, "Invalid offset for shared memory region: '%s'" % name)
        if byte_size < 0 or offset + byte_size > region_size:
            raise TritonError(INVALID, "Invalid offset + byte size for shared memory region: '%s'" % name)
        return path, region_offset + offset, byte_size

    @staticmethod
    def read(where):
        path, start, size = where
        with open(path, "rb") as f:
            f.seek(start)
            return f.read(size)

    @staticmethod
    def write(where, data):
        path, start, size = where
        with open(path, "r+b") as f:
            f.seek(start)
            f.write(data)


def shm_params(tensor):
    """server src/grpc/grpc_utils.h ParseSharedMemoryParams."""
    params = tensor.parameters
    region = params.get("shared_memory_region") if "shared_memory_region" in params else None
    if region is not None and region.WhichOneof("parameter_choice") != "string_param":
        raise TritonError(INVALID, "invalid value type for 'shared_memory_region' parameter for tensor '%s', expected string_param." % tensor.name)
    offset = 0
    if "shared_memory_offset" in params:
        if region is None:
            raise TritonError(INVALID, "'shared_memory_offset' can not be specified without 'shared_memory_region' parameter for tensor '%s'" % tensor.name)
        p = params["shared_memory_offset"]
        if p.WhichOneof("parameter_choice") != "int64_param":
            raise TritonError(INVALID, "invalid value type for 'shared_memory_offset' parameter for tensor '%s', expected int64_param." % tensor.name)
        offset = p.int64_param
    if "shared_memory_byte_size" in params:
        if region is None:
            raise TritonError(INVALID, "'shared_memory_byte_size' can not be specified without 'shared_memory_region' parameter for tensor '%s'" % tensor.name)
        p = params["shared_memory_byte_size"]
        if p.WhichOneof("parameter_choice") != "int64_param":
            raise TritonError(INVALID, "invalid value type for 'shared_memory_byte_size' parameter for tensor '%s', expected int64_param." % tensor.name)
        size = p.int64_param
    elif region is not None:
        raise TritonError(INVALID, "'shared_memory_byte_size' must be specified along with 'shared_memory_region' parameter for tensor '%s'" % tensor.name)
    return None if region is None else (region.string_param, offset, size)


def check_parameters(request):
    """server src/grpc/infer_handler.cc SetInferenceRequestMetadata."""
    for key, p in request.parameters.items():
        kind = p.WhichOneof("parameter_choice")
        if key == "sequence_id":
            if kind not in ("int64_param", "string_param"):
                raise TritonError(INVALID, "invalid value type for 'sequence_id' parameter, expected int64_param or string_param.")
        elif key in ("sequence_start", "sequence_end"):
            if kind != "bool_param":
                raise TritonError(INVALID, "invalid value type for '%s' parameter, expected bool_param." % key)
        elif key == "priority":
            if kind == "int64_param":
                if p.int64_param < 0:
                    raise TritonError(INVALID, "invalid value for 'priority', expected value >= 0.")
            elif kind != "uint64_param":
                raise TritonError(INVALID, "invalid value type for 'priority' parameter, expected int64_param or uint64_param.")
        elif key == "timeout":
            if kind != "int64_param":
                raise TritonError(INVALID, "invalid value type for 'timeout' parameter, expected int64_param.")
        elif key.startswith("triton_"):
            if key not in RESERVED_TRITON_PARAMS:
                raise TritonError(INVALID, "parameter keys starting with 'triton_' are reserved for Triton usage. Only the "
                                           "following keys starting with 'triton_' are allowed: " + " ".join(RESERVED_TRITON_PARAMS))
            if kind != "bool_param":   # SetStateParameterFromTritonParameter
                raise TritonError(INVALID, "invalid value type for '%s' parameter, expected bool_param." % key)
        elif kind not in ("int64_param", "bool_param", "string_param", "double_param"):
            raise TritonError(INVALID, "invalid value type for '%s' parameter, expected int64_param, bool_param, or string_param." % key)


def typed_contents(tensor, model_name):
    """server InferGRPCToInput, explicit-contents branch, with InferGRPCToInputHelper."""
    c = tensor.contents
    dtype = wire_name(tensor.datatype)
    elem = BYTE_SIZE.get(dtype, 0)
    data, byte_size = b"", 0

    def check(tensor_type):
        if byte_size != 0:
            raise TritonError(INVALID, "unexpected explicit tensor data for input tensor '%s' for model '%s', binary data was "
                                       "already supplied." % (tensor.name, model_name))
        if tensor_type != dtype:
            raise TritonError(INVALID, "unexpected explicit tensor data for input tensor '%s' for model '%s' of type '%s', "
                                       "expected datatype '%s'" % (tensor.name, model_name, tensor_type, dtype))

    def narrow(values, signed):
        out = b""
        for v in values:
            out += int(v).to_bytes(8, "little", signed=signed)[:elem]
        return out

    if len(c.bool_contents):
        check("BOOL")
        data = b"".join((b"\x01" if v else b"\x00") + b"\x00" * (elem - 1) for v in c.bool_contents)
        byte_size = len(data)
    if len(c.int_contents):
        check(dtype if dtype in ("INT8", "INT16") else "INT32")
        data = narrow(c.int_contents, True)
        byte_size = len(data)
    if len(c.int64_contents):
        check("INT64")
        data = narrow(c.int64_contents, True)
        byte_size = len(data)
    if len(c.uint_contents):
        check(dtype if dtype in ("UINT8", "UINT16") else "UINT32")
        data = narrow(c.uint_contents, False)
        byte_size = len(data)
    if len(c.uint64_contents):
        check("UINT64")
        data = narrow(c.uint64_contents, False)
        byte_size = len(data)
    if len(c.fp32_contents):
        check("FP32")
        data = struct.pack("<%df" % len(c.fp32_contents), *c.fp32_contents)
        byte_size = len(data)
    if len(c.fp64_contents):
        check("FP64")
        data = struct.pack("<%dd" % len(c.fp64_contents), *c.fp64_contents)
        byte_size = len(data)
    if len(c.bytes_contents):
        check("BYTES")
        data = b"".join(struct.pack("<I", len(e)) + e for e in c.bytes_contents)
    return data


def validate_bytes(prefix, name, model_name, count, data):
    """core InferenceRequest::ValidateBytesInputs over one buffer (an empty buffer is no buffer)."""
    pos, checked = 0, 0
    while pos < len(data):
        if len(data) - pos < 4:
            raise TritonError(INVALID, prefix + "incomplete string length indicator for inference input '%s' for model '%s', "
                                                "expecting 4 bytes but only %d bytes available. Please make sure the string "
                                                "length indicator is in one buffer." % (name, model_name, len(data) - pos))
        length = struct.unpack_from("<I", data, pos)[0]
        pos += 4
        checked += 1
        if checked > count:
            raise TritonError(INVALID, prefix + "unexpected number of string elements %d for inference input '%s' for model "
                                                "'%s', expecting %d" % (checked, name, model_name, count))
        pos = min(len(data), pos + length)
    if checked != count:
        raise TritonError(INVALID, prefix + "expected %d string elements for inference input '%s' for model '%s', got %d"
                          % (count, name, model_name, checked))


IMPLICIT_BATCH_NOTE = ("NOTE: Setting a non-zero max_batch_size in the model config requires a batch dimension to be "
                       "prepended to each input shape. If you want to specify the full shape including the batch dim in "
                       "your input dims config, try setting max_batch_size to zero. See the model configuration docs for "
                       "more info on max_batch_size.")


class Service(rpc.GRPCInferenceServiceServicer):
    def __init__(self, repository):
        self.repo = repository
        self.shm = SharedMemory()
        self.lock = threading.Lock()

    # -------------------------------------------------------------- plumbing
    def answer(self, context, fn, empty):
        try:
            with self.lock:
                return fn()
        except TritonError as e:
            context.abort(e.code, e.message)

    # -------------------------------------------------------------- health / metadata
    def ServerLive(self, request, context):
        return pb.ServerLiveResponse(live=True)

    def ServerReady(self, request, context):
        return pb.ServerReadyResponse(ready=True)

    def ModelReady(self, request, context):
        # server OnExecuteModelReady -> TRITONSERVER_ServerModelIsReady -> GetModel first
        def run():
            self.repo.lookup(request.name, parse_version(request.version))
            return pb.ModelReadyResponse(ready=True)
        return self.answer(context, run, pb.ModelReadyResponse)

    def ServerMetadata(self, request, context):
        return pb.ServerMetadataResponse(name="triton", version="reference", extensions=EXTENSIONS)

    def ModelMetadata(self, request, context):
        def run():
            model = self.repo.lookup(request.name, parse_version(request.version))
            cfg = model.config
            batch = [-1] if cfg.max_batch_size > 0 else []
            r = pb.ModelMetadataResponse(name=model.name, versions=[model.version], platform="onnxruntime_onnx")
            for i in cfg.input:
                r.inputs.add(name=i.name, datatype=CONFIG_TO_WIRE[i.data_type], shape=batch + list(i.dims))
            for o in cfg.output:
                r.outputs.add(name=o.name, datatype=CONFIG_TO_WIRE[o.data_type], shape=batch + list(o.dims))
            return r
        return self.answer(context, run, pb.ModelMetadataResponse)

    def ModelConfig(self, request, context):
        def run():
            model = self.repo.lookup(request.name, parse_version(request.version))
            return pb.ModelConfigResponse(config=normalized(model.config))
        return self.answer(context, run, pb.ModelConfigResponse)

    def ModelStatistics(self, request, context):
        # core TRITONSERVER_ServerModelStatistics
        def run():
            wanted = parse_version(request.version)
            names = sorted(self.repo.models) if request.name == "" else [request.name]
            if request.name and request.name not in self.repo.models:
                raise TritonError(INVALID, "requested model '%s' is not available" % request.name)
            if request.name and wanted != -1 and str(wanted) != "1":
                raise TritonError(INVALID, "requested model version is not available for model '%s'" % request.name)
            r = pb.ModelStatisticsResponse()
            for n in names:
                s = self.repo.stats[n]
                m = r.model_stats.add(name=n, version="1", inference_count=s["inference_count"], execution_count=s["execution_count"])
                m.inference_stats.success.count = s["success"]
                m.inference_stats.fail.count = s["fail"]
            return r
        return self.answer(context, run, pb.ModelStatisticsResponse)

    # -------------------------------------------------------------- inference
    def check(self, request):
        """server ModelInferHandler::Execute order, then core InferenceRequest::Normalize."""
        version = parse_version(request.model_version)
        model = self.repo.lookup(request.model_name, version)
        cfg = model.config
        name = request.model_name
        prefix = "[request id: %s] " % (request.id or "<id_unknown>")
        check_parameters(request)
        seen = set()
        for t in request.inputs:   # core AddOriginalInput
            if t.name in seen:
                raise TritonError(INVALID, prefix + "input '%s' already exists in request" % t.name)
            seen.add(t.name)
        outs = set()
        for o in request.outputs:  # core AddOriginalRequestedOutput
            if o.name in outs:
                raise TritonError(INVALID, prefix + "output '%s' already exists in request" % o.name)
            outs.add(o.name)
        data, raw = [], 0
        for t in request.inputs:   # server InferGRPCToInput
            shm = shm_params(t)
            if shm is not None:
                if t.HasField("contents"):
                    raise TritonError(INVALID, "unexpected 'content' provided when using shared memory for input tensor '%s' "
                                               "for model '%s'" % (t.name, name))
                data.append(SharedMemory.read(self.shm.info(*shm)))
            elif t.HasField("contents") and len(request.raw_input_contents):
                raise TritonError(INVALID, "contents field must not be specified when using raw_input_contents for '%s' for "
                                           "model '%s'" % (t.name, name))
            elif t.HasField("contents"):
                data.append(typed_contents(t, name))
            elif len(request.raw_input_contents) > raw:
                data.append(request.raw_input_contents[raw])
                raw += 1
            else:
                raise TritonError(INVALID, "unable to find data for input tensor '%s' for model '%s' in request." % (t.name, name))
        out_shm, out_cls = {}, {}
        for o in request.outputs:  # server InferAllocatorPayload
            shm = shm_params(o)
            has_cls = "classification" in o.parameters
            if has_cls:            # server grpc_utils.cc ParseClassificationParams
                p = o.parameters["classification"]
                if p.WhichOneof("parameter_choice") != "int64_param":
                    raise TritonError(INVALID, "invalid value type for 'classification' parameter, expected int64_param")
                if p.int64_param <= 0:
                    raise TritonError(INVALID, "invalid value for 'classification' parameter, expected >= 0")
            if shm is not None and has_cls:
                raise TritonError(INVALID, "output can't set both 'shared_memory_region' and 'classification'")
            if shm is not None:
                out_shm[o.name] = self.shm.info(*shm)
            elif has_cls:
                out_cls[o.name] = o.parameters["classification"].int64_param
        # core InferenceRequest::Normalize
        declared = {i.name: i for i in cfg.input}
        output_names = [o.name for o in cfg.output]
        for o in sorted(outs):
            if o not in output_names:
                raise TritonError(INVALID, "unexpected inference output '%s' for model '%s'" % (o, name))
        required = [i for i in cfg.input if not i.optional]
        if len(request.inputs) > len(cfg.input) or len(request.inputs) < len(required):   # ValidateRequestInputs
            missing = [i.name for i in required if i.name not in seen]
            got = "[" + ",".join("'%s'" % t.name for t in request.inputs) + "]"
            miss = "[" + ",".join("'%s'" % m for m in missing) + "]" if missing else "]"
            if len(cfg.input) == len(required):
                raise TritonError(INVALID, prefix + "expected %d inputs but got %d inputs for model '%s'. Got input(s) %s, but "
                                                    "missing required input(s) %s. Please provide all required input(s)."
                                  % (len(cfg.input), len(request.inputs), name, got, miss))
            raise TritonError(INVALID, prefix + "expected number of inputs between %d and %d but got %d inputs for model '%s'. "
                                                "Got input(s) %s, but missing required input(s) %s. Please provide all "
                                                "required input(s)." % (len(required), len(cfg.input), len(request.inputs), name, got, miss))
        batch = 0
        for t in request.inputs:
            if t.name not in declared:   # core Model::GetInput
                raise TritonError(INVALID, "unexpected inference input '%s' for model '%s'" % (t.name, name))
            if cfg.max_batch_size == 0:
                continue
            if len(t.shape) == 0:
                raise TritonError(INVALID, prefix + "input '%s' has no shape but model requires batch dimension for '%s'" % (t.name, name))
            if batch == 0:
                batch = t.shape[0]
            elif t.shape[0] != batch:
                raise TritonError(INVALID, prefix + "input '%s' batch size does not match other inputs for '%s'" % (t.name, name))
        if batch > cfg.max_batch_size:
            raise TritonError(INVALID, prefix + "inference request batch-size must be <= %d for '%s'" % (cfg.max_batch_size, name))
        tensors = []
        for t, raw_data in zip(request.inputs, data):
            i = declared[t.name]
            dtype = wire_name(t.datatype)
            if dtype != CONFIG_TO_WIRE[i.data_type]:
                raise TritonError(INVALID, prefix + "inference input '%s' data-type is '%s', but model '%s' expects '%s'"
                                  % (t.name, dtype, name, CONFIG_TO_WIRE[i.data_type]))
            skip = 1 if cfg.max_batch_size > 0 else 0
            dims = list(i.dims)
            given = list(t.shape)
            match = len(given) - skip == len(dims)
            if match:
                for k, d in enumerate(dims):
                    if given[k + skip] == -1:
                        raise TritonError(INVALID, prefix + "All input dimensions should be specified for input '%s' for model "
                                                            "'%s', got %s" % (t.name, name, dims_string(given)))
                    if d != -1 and d != given[k + skip]:
                        match = False
                        break
            if not match:
                full = ([-1] if cfg.max_batch_size > 0 else []) + dims
                note = IMPLICIT_BATCH_NOTE if cfg.max_batch_size > 0 else ""
                raise TritonError(INVALID, prefix + "unexpected shape for input '%s' for model '%s'. Expected %s, got %s. %s"
                                  % (t.name, name, dims_string(full), dims_string(given), note))
            count = int(np.prod(given)) if given else 1
            if dtype == "BYTES":
                validate_bytes(prefix, t.name, name, count, raw_data)
            elif len(raw_data) != count * BYTE_SIZE[dtype]:
                raise TritonError(INVALID, prefix + "input byte size mismatch for input '%s' for model '%s'. Expected %d, got %d"
                                  % (t.name, name, count * BYTE_SIZE[dtype], len(raw_data)))
            tensors.append((t.name, dtype, given, raw_data))
        return model, tensors, [o.name for o in request.outputs], out_shm, out_cls

    def execute(self, request):
        model, tensors, requested, out_shm, out_cls = self.check(request)
        cfg = model.config
        values = {n: (d, s, raw) for n, d, s, raw in tensors}
        results = compute(model.name, values)
        names = requested if requested else [o.name for o in cfg.output]
        stats = self.repo.stats[model.name]
        stats["inference_count"] += values[tensors[0][0]][1][0] if cfg.max_batch_size > 0 and tensors else 1
        stats["execution_count"] += 1
        stats["success"] += 1
        r = pb.ModelInferResponse(model_name=model.name, model_version=model.version, id=request.id)
        for n in names:
            dtype, shape, raw = results[n]
            out = r.outputs.add(name=n, datatype=dtype, shape=shape)
            if n in out_shm:
                where = out_shm[n]
                if len(raw) > where[2]:
                    raise TritonError(INTERNAL, "shared memory size specified with the request for output '%s' (%d bytes) should "
                                                "be at least %d bytes to hold the results" % (n, where[2], len(raw)))
                SharedMemory.write(where, raw)
                r.raw_output_contents.append(b"")
            elif n in out_cls:
                labels = labels_of(self.repo.root, cfg, n)
                raw, out_shape = classify(dtype, shape, raw, out_cls[n], labels, cfg.max_batch_size > 0)
                out.datatype = "BYTES"
                del out.shape[:]
                out.shape.extend(out_shape)
                r.raw_output_contents.append(raw)
            else:
                r.raw_output_contents.append(raw)
        return r

    def ModelInfer(self, request, context):
        return self.answer(context, lambda: self.execute(request), pb.ModelInferResponse)

    def ModelStreamInfer(self, request_iterator, context):
        # server stream_infer_handler.cc: errors before the request runs carry only the id; every
        # response of a request that ran carries triton_final_response. With the header
        # triton_grpc_error: true (infer_handler.h ExtractStateFromHeaders) an error of a request
        # that ran ends the stream with its status (StreamInferResponseComplete, WriteGRPCErrorResponse).
        grpc_errors = dict(context.invocation_metadata()).get("triton_grpc_error") == "true"
        for request in request_iterator:
            try:
                with self.lock:
                    self.check(request)
            except TritonError as e:
                yield pb.ModelStreamInferResponse(error_message=e.message, infer_response=pb.ModelInferResponse(id=request.id))
                continue
            try:
                with self.lock:
                    response = self.execute(request)
            except TritonError as e:
                if grpc_errors:
                    context.abort(e.code, e.message)
                failed = pb.ModelInferResponse(id=request.id, model_name=request.model_name, model_version=request.model_version)
                failed.parameters["triton_final_response"].bool_param = True
                yield pb.ModelStreamInferResponse(error_message=e.message, infer_response=failed)
                continue
            response.parameters["triton_final_response"].bool_param = True
            yield pb.ModelStreamInferResponse(infer_response=response)

    # -------------------------------------------------------------- repository
    def RepositoryIndex(self, request, context):
        def run():
            if request.repository_name:
                raise TritonError(UNSUPPORTED, "'repository_name' specification is not supported")
            r = pb.RepositoryIndexResponse()
            for n in sorted(set(self.repo.names()) | set(self.repo.states)):
                state = self.repo.states.get(n)
                if state is None:
                    if not request.ready:
                        r.models.add(name=n)
                elif not request.ready or state[1] == "READY":
                    r.models.add(name=n, version=state[0], state=state[1], reason=state[2])
            return r
        return self.answer(context, run, pb.RepositoryIndexResponse)

    def RepositoryModelLoad(self, request, context):
        def run():
            if request.repository_name:
                raise TritonError(UNSUPPORTED, "'repository_name' specification is not supported")
            override = None
            for key, p in request.parameters.items():
                kind = p.WhichOneof("parameter_choice")
                if key == "config":
                    if kind != "string_param":
                        raise TritonError(INVALID, "invalid value type for load parameter '%s', expected string_param." % key)
                    override = json_format.Parse(p.string_param, mc.ModelConfig())
                elif key.startswith("file:"):
                    if kind != "bytes_param":
                        raise TritonError(INVALID, "invalid value type for load parameter '%s', expected bytes_param." % key)
                    raise TritonError(UNSUPPORTED, "file-override")
                else:
                    raise TritonError(INVALID, "unrecognized load parameter '%s'." % key)
            name = request.model_name
            if name.strip() == "":   # core ValidateModelName
                raise TritonError(INVALID, "Model name cannot be empty. Please enter a valid name to deploy.")
            if name.strip() == ".." or "/" in name:
                raise TritonError(INVALID, "invalid model name '%s', model name must not contain path traversal characters" % name)
            self.repo.load(name, override)
            return pb.RepositoryModelLoadResponse()
        return self.answer(context, run, pb.RepositoryModelLoadResponse)

    def RepositoryModelUnload(self, request, context):
        def run():
            if request.repository_name:
                raise TritonError(UNSUPPORTED, "'repository_name' specification is not supported")
            for key, p in request.parameters.items():
                if key == "unload_dependents" and p.WhichOneof("parameter_choice") != "bool_param":
                    raise TritonError(INVALID, "invalid value type for 'unload_dependents' parameter, expected bool_param.")
            self.repo.unload(request.model_name)
            return pb.RepositoryModelUnloadResponse()
        return self.answer(context, run, pb.RepositoryModelUnloadResponse)

    # -------------------------------------------------------------- shared memory
    def SystemSharedMemoryStatus(self, request, context):
        def run():
            r = pb.SystemSharedMemoryStatusResponse()
            for n, (key, offset, size, _) in self.shm.status(request.name):
                r.regions[n].name = n
                r.regions[n].key = key
                r.regions[n].offset = offset
                r.regions[n].byte_size = size
            return r
        return self.answer(context, run, pb.SystemSharedMemoryStatusResponse)

    def SystemSharedMemoryRegister(self, request, context):
        def run():
            self.shm.register(request.name, request.key, request.offset, request.byte_size)
            return pb.SystemSharedMemoryRegisterResponse()
        return self.answer(context, run, pb.SystemSharedMemoryRegisterResponse)

    def SystemSharedMemoryUnregister(self, request, context):
        def run():
            self.shm.unregister(request.name)
            return pb.SystemSharedMemoryUnregisterResponse()
        return self.answer(context, run, pb.SystemSharedMemoryUnregisterResponse)

    def CudaSharedMemoryStatus(self, request, context):
        def run():
            if request.name:
                if request.name in self.shm.regions:
                    raise TritonError(NOT_FOUND, "The region named '%s' is registered as system shared memory, not CUDA shared memory" % request.name)
                raise TritonError(NOT_FOUND, "Unable to find cuda shared memory region: '%s'" % request.name)
            return pb.CudaSharedMemoryStatusResponse()
        return self.answer(context, run, pb.CudaSharedMemoryStatusResponse)

    def CudaSharedMemoryRegister(self, request, context):
        def run():   # server OnExecuteCudaSharedMemoryRegister without TRITON_ENABLE_GPU
            raise TritonError(INVALID, "failed to register CUDA shared memory region: '%s', GPUs not supported" % request.name)
        return self.answer(context, run, pb.CudaSharedMemoryRegisterResponse)

    def CudaSharedMemoryUnregister(self, request, context):
        return pb.CudaSharedMemoryUnregisterResponse()


def normalized(config):
    """core model_config_utils.cc NormalizeModelConfig, NormalizeInstanceGroup, SetDefaultInstanceCount,
    AutoCompleteBackendFields, for an ONNX model on a server without GPUs."""
    c = mc.ModelConfig()
    c.CopyFrom(config)
    if not c.backend:
        c.backend = "onnxruntime"
    if not c.platform and c.backend == "onnxruntime":
        c.platform = "onnxruntime_onnx"
    if not c.default_model_filename:
        c.default_model_filename = "model.onnx"
    if not c.HasField("version_policy"):
        c.version_policy.latest.num_versions = 1
    if c.HasField("dynamic_batching") and not c.dynamic_batching.preferred_batch_size and c.max_batch_size > 0:
        c.dynamic_batching.preferred_batch_size.append(c.max_batch_size)
    if not c.HasField("ensemble_scheduling"):
        if not c.optimization.HasField("input_pinned_memory"):
            c.optimization.input_pinned_memory.enable = True
        if not c.optimization.HasField("output_pinned_memory"):
            c.optimization.output_pinned_memory.enable = True
        if not c.instance_group:
            c.instance_group.add(name=c.name)
        for idx, g in enumerate(c.instance_group):
            if not g.name:
                g.name = "%s_%d" % (c.name, idx)
            if g.kind == mc.ModelInstanceGroup.KIND_AUTO:
                g.kind = mc.ModelInstanceGroup.KIND_CPU
            if g.count < 1:
                g.count = 2 if g.kind == mc.ModelInstanceGroup.KIND_CPU and c.backend == "onnxruntime" else 1
    return c


def compute(model, values):
    """What each model of make_models.py computes."""
    if model in ("simple", "lazy"):
        (_, s0, a), (_, s1, b) = values["INPUT0"], values["INPUT1"]
        x = np.frombuffer(a, dtype="<i4")
        y = np.frombuffer(b, dtype="<i4")
        with np.errstate(over="ignore"):
            return {"OUTPUT0": ("INT32", s0, (x + y).astype("<i4").tobytes()),
                    "OUTPUT1": ("INT32", s0, (x - y).astype("<i4").tobytes())}
    if model.startswith("identity_"):
        return {"OUTPUT0": values["INPUT0"]}
    if model == "nobatch":
        return {"OUT": values["IN"]}
    if model == "optional_in":
        if "A" not in values:
            # Triton's core only counts inputs, so this reaches the backend, whose words are its own.
            raise TritonError(INTERNAL, "backend-specific: input 'A' missing")
        return {"OUT": values["A"]}
    if model == "scores":
        return {"P": values["X"]}
    raise TritonError(INTERNAL, "no reference computation for model '%s'" % model)


def labels_of(root, config, output):
    for o in config.output:
        if o.name == output and o.label_filename:
            with open(os.path.join(root, config.name, o.label_filename)) as f:
                return f.read().split("\n")
    return []


def classify(dtype, shape, raw, k, labels, batching):
    """server src/classification.cc TopkClassifications / AddClassResults and infer_handler.h placement."""
    if dtype not in NUMPY or dtype in ("BOOL", "FP16"):
        raise TritonError(INVALID, "class result not available for output due to unsupported type '%s'" % dtype)
    values = np.frombuffer(raw, dtype=np.dtype(NUMPY[dtype]).newbyteorder("<"))
    batch = shape[0] if batching and shape else 0
    per = int(np.prod(shape[1:] if batch else shape)) if shape else 1
    out = b""
    for item in range(max(1, batch)):
        chunk = values[item * per:(item + 1) * per]
        order = sorted(range(per), key=lambda i: -float(chunk[i]))
        for i in order[:min(k, per)]:
            v = chunk[i]
            text = ("%f" % v) if dtype in ("FP32", "FP64") else str(int(v))
            text += ":%d" % i
            if labels and i < len(labels):
                text += ":" + labels[i]
            b = text.encode()
            out += struct.pack("<I", len(b)) + b
    return out, ([batch] if batch else []) + [min(k, per)]


def main():
    repo = Repository(sys.argv[2], sys.argv[4].split(","))
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4),
                         options=[("grpc.max_receive_message_length", 2 ** 31 - 1), ("grpc.max_send_message_length", 2 ** 31 - 1)])
    rpc.add_GRPCInferenceServiceServicer_to_server(Service(repo), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    with open(sys.argv[3] + ".tmp", "w") as f:
        f.write(str(port))
    os.replace(sys.argv[3] + ".tmp", sys.argv[3])
    server.wait_for_termination()


if __name__ == "__main__":
    main()
