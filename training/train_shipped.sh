#!/usr/bin/env bash
# Retrain the shipped model in model/ from the committed labeled/ data, plus ../shared/corpora when present,
# then measure the same configuration: leave-one-source-out over the written pages' sources into
# model/cross_validation.txt, and real pages with their outlets held out (with and without the written pages
# in training) into model/real_pages.txt and model/real_pages_without_written.txt: the figures the README and
# model/MODEL_CARD.md quote (about 45 minutes on 2 cores). The card is rewritten from them last.
set -euo pipefail
# One OpenMP thread for the gradient boosting: with two, a busy machine makes it many times slower.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
cd "$(dirname "$0")/.."
corpora=../shared/corpora
if [ -d "$corpora" ]; then
  python -m taosha train labeled --corpora "$corpora" -o model
  python -m taosha evaluate --cv-by-source labeled --corpora "$corpora" --workers 2 --record model \
    > model/cross_validation.txt
  python -m taosha evaluate --cv-real labeled --corpora "$corpora" --workers 2 --record model > model/real_pages.txt
  python -m taosha evaluate --cv-real labeled/real labeled/overlays --corpora "$corpora" --workers 2 \
    > model/real_pages_without_written.txt
else
  python -m taosha train labeled -o model
  python -m taosha evaluate --cv-by-source labeled --workers 2 --record model > model/cross_validation.txt
  rm -f model/real_pages.txt model/real_pages_without_written.txt  # measured only beside ../shared/corpora
fi
python training/model_card.py model
