#!/usr/bin/env bash
# Retrain the shipped model in model/ from the committed labeled/ data, plus ../shared/corpora when present.
set -euo pipefail
cd "$(dirname "$0")/.."
corpora=../shared/corpora
if [ -d "$corpora" ]; then
  python -m taosha train labeled --corpora "$corpora" -o model
else
  python -m taosha train labeled -o model
fi
