"""Export, engine-build and tiny-model tooling for the radio4j Triton model repository.

Modules that need torch import it themselves, so the config and command tooling runs on a
machine without torch (a CI runner, the Triton container's host).
"""
