#!/usr/bin/env bash
# Regenerates samples/ (one month of 示例市) from the template writer.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
swift build --product weigai-samples >/dev/null
"$(swift build --show-bin-path)/weigai-samples" samples
